"""Golden tests of the fair-share calculation (``fairshare``, pure): the files in
``golden/fairshare_*.json`` hold the input and the expected outcome side by side."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from woonmonitor.allocation.fairshare import (
    AssociationInput,
    FairShareError,
    MunicipalityInput,
    Plan,
    fair_share,
    key_weights,
)

GOLDEN = Path(__file__).parent / "golden"
FILES = sorted(GOLDEN.glob("fairshare_*.json"))


def municipalities(data: dict) -> list[MunicipalityInput]:
    return [
        MunicipalityInput(
            code=m["code"],
            name=m["name"],
            inhabitants=m.get("inhabitants"),
            social_stock=m.get("social_stock"),
            vacated=m.get("vacated"),
            presence=m.get("presence"),
            associations=tuple(
                AssociationInput(a["slug"], a["name"], a.get("stock"), a.get("vacated"))
                for a in m.get("associations", [])
            ),
        )
        for m in data["municipalities"]
    ]


def plan(data: dict) -> Plan:
    return Plan(
        total=data["total"],
        weights=data["weights"],
        municipality_cap=data.get("municipality_cap"),
        association_cap=data.get("association_cap"),
        split=data.get("split", "stock"),
        fixed_splits=data.get("fixed_splits", {}),
    )


CASES = [
    pytest.param(path, index, id=f"{path.stem}-{index}")
    for path in FILES
    for index in range(len(json.loads(path.read_text())["cases"]))
]


def test_golden_files_exist():
    assert len(FILES) >= 4


@pytest.mark.parametrize(("path", "index"), CASES)
def test_golden(path, index):
    data = json.loads(path.read_text())
    case = data["cases"][index]
    result = fair_share(municipalities(data), plan(case["plan"]))
    shares = {row["name"]: row["share"] for row in result["municipalities"]}
    assert shares == case["shares"]
    assert result["placed"] + result["unplaced"] == case["plan"]["total"]
    assert sum(shares.values()) == result["placed"]
    assert result["unplaced"] == case.get("unplaced", 0)
    if "capped" in case:
        assert [r["name"] for r in result["municipalities"] if r["capped"]] == case["capped"]
    for name, expected in case.get("associations", {}).items():
        row = next(r for r in result["municipalities"] if r["name"] == name)
        assert {a["slug"]: a["share"] for a in row["associations"]} == expected
    for name, amount in case.get("association_unplaced", {}).items():
        row = next(r for r in result["municipalities"] if r["name"] == name)
        assert row["unsplit"] == amount
    if "warnings" in case:
        alabama = [
            [w["kind"], w["name"], w["low"], w["before"], w["after"]]
            for w in result["warnings"]
            if w["kind"] == "alabama"
        ]
        assert alabama == case["warnings"]
    if "key_shares" in case:
        step = result["steps"][0]
        assert {r["name"]: r["share"] for r in step["rows"]} == case["key_shares"]
    json.dumps(result)  # JSON-ready


def test_steps_in_order_of_the_screen():
    data = json.loads((GOLDEN / "fairshare_caps.json").read_text())
    result = fair_share(municipalities(data), plan(data["cases"][0]["plan"]))
    assert [step["step"] for step in result["steps"]] == [
        "key",
        "combine",
        "caps",
        "rounding",
        "split",
    ]
    caps = result["steps"][2]
    assert caps["rounds"] == [[{"code": "GM1681", "name": "Borger-Odoorn"}]]


def test_concentration_formula_is_exact():
    data = json.loads((GOLDEN / "fairshare_concentration.json").read_text())
    weights = key_weights(municipalities(data), "concentratie")
    assert weights == {"GM0001": Fraction(1000, 3), "GM0002": Fraction(1000)}


def test_concentration_without_presence_equals_inhabitants():
    towns = [
        MunicipalityInput("GM0001", "X", 100, presence=0),
        MunicipalityInput("GM0002", "Y", 300, presence=0),
    ]
    result = fair_share(towns, Plan(total=4, weights={"concentratie": 1}))
    assert [r["share"] for r in result["municipalities"]] == [1, 3]
    assert {"kind": "concentration_fallback"} in result["warnings"]


def test_missing_figure_is_named():
    towns = [MunicipalityInput("GM0001", "X", 100), MunicipalityInput("GM0002", "Y", None)]
    with pytest.raises(FairShareError) as error:
        fair_share(towns, Plan(total=4, weights={"inwoners": 1}))
    assert "Y" in error.value.messages[0]


def test_no_key_switched_on():
    with pytest.raises(FairShareError):
        fair_share([MunicipalityInput("GM0001", "X", 1)], Plan(total=1, weights={"inwoners": 0}))


def test_unknown_key():
    with pytest.raises(FairShareError):
        fair_share([MunicipalityInput("GM0001", "X", 1)], Plan(total=1, weights={"fout": 1}))


def test_missing_vacated_means_no_cap_and_a_warning():
    towns = [
        MunicipalityInput("GM0001", "X", 100, vacated=10),
        MunicipalityInput("GM0002", "Y", 100),
    ]
    result = fair_share(towns, Plan(total=10, weights={"inwoners": 1}, municipality_cap=10))
    assert [r["share"] for r in result["municipalities"]] == [1, 9]
    assert {"kind": "no_cap", "code": "GM0002", "name": "Y"} in result["warnings"]
