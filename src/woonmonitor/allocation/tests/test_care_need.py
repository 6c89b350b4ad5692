"""The pure need calculation for housing with care: golden cases and the regional split."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from woonmonitor.allocation import care_need

GOLDEN = Path(__file__).parent / "golden"
STEPS = json.loads((GOLDEN / "care_steps.json").read_text("utf-8"))
DRENTHE = json.loads((GOLDEN / "care_drenthe_example.json").read_text("utf-8"))


def _dec(value):
    return None if value is None else Decimal(value)


def _ratios(spec: dict) -> list[care_need.RatioParam]:
    return [care_need.RatioParam(key, Decimal(value), "bron") for key, value in spec.items()]


@pytest.mark.parametrize("case", STEPS["cases"], ids=lambda case: case["id"])
def test_need_golden_steps(case):
    growth = care_need.GrowthParam(2025, 2030, _dec(case["factor"]), "bron groei")
    people = care_need.OlderPeople(
        code="GM0001",
        name="Test",
        base=_dec(case["base"]),
        prognosis=_dec(case["prognosis"]),
        supply=case["supply"],
    )
    need = care_need.need_for(people, _ratios(case["ratios"]), growth)
    assert need.horizon.method == case["method"]
    assert need.horizon.value == _dec(case["horizon"])
    assert need.total == case["total"]
    for line in need.types:
        expected = case["types"][line.home_type]
        assert line.gross == _dec(expected["gross"]), line.home_type
        assert line.net == _dec(expected["net"]), line.home_type
        assert line.homes == expected["homes"], line.home_type
        assert line.surplus == expected["surplus"], line.home_type


def test_drenthe_example_golden():
    """The example ratio set on the real 80+ of the twelve Drenthe municipalities (2025)."""
    growth = care_need.GrowthParam(
        DRENTHE["growth"]["base_year"],
        DRENTHE["growth"]["horizon_year"],
        Decimal(DRENTHE["growth"]["factor"]),
    )
    ratios = _ratios(DRENTHE["ratios"])
    people = [
        care_need.OlderPeople(row["code"], row["name"], Decimal(row["base"]))
        for row in DRENTHE["municipalities"]
    ]
    needs = care_need.need_for_all(people, ratios, growth)
    for need, expected in zip(needs, DRENTHE["municipalities"], strict=True):
        assert need.horizon.value == Decimal(expected["horizon"]), need.name
        assert need.horizon.method == expected["method"]
        for line in need.types:
            want = expected["types"][line.home_type]
            assert (line.gross, line.homes) == (Decimal(want["gross"]), want["homes"]), need.name
        assert need.total == expected["total"], need.name
    assert care_need.totals(needs) == DRENTHE["totals"]
    split = care_need.split_target(DRENTHE["target"], needs)
    assert split.total == DRENTHE["target"]
    assert {row.code: row.share for row in split.rows} == {
        row["code"]: row["share"] for row in DRENTHE["municipalities"]
    }


def _weighted_needs(weights: dict[str, int]) -> list[care_need.MunicipalityNeed]:
    """A need whose total is exactly ``weight`` (one home type, a prognosis of weight x 10 at
    100 per 1,000)."""
    ratios = [care_need.RatioParam("nultreden", Decimal(100))]
    growth = care_need.GrowthParam(2025, 2030, None)
    return [
        care_need.need_for(
            care_need.OlderPeople(code, code, None, prognosis=Decimal(weight * 10)),
            ratios,
            growth,
        )
        for code, weight in weights.items()
    ]


@pytest.mark.parametrize("case", STEPS["splits"], ids=lambda case: case["id"])
def test_split_golden(case):
    needs = _weighted_needs(case["weights"])
    assert [need.total for need in needs] == list(case["weights"].values())
    split = care_need.split_target(case["target"], needs)
    assert {row.code: row.share for row in split.rows} == case["shares"]
    assert split.total == case["target"]
    assert list(split.paradox) == case["paradox"]
    for row in split.rows:
        assert row.share == row.floor + (1 if row.extra else 0)


def test_split_leaves_out_unknown_need_and_handles_no_need():
    needs = _weighted_needs({"A": 30, "B": 10})
    unknown = care_need.need_for(
        care_need.OlderPeople("C", "C", None),
        [care_need.RatioParam("nultreden", Decimal(100))],
        care_need.GrowthParam(2025, 2030, Decimal("1.1")),
    )
    split = care_need.split_target(10, [*needs, unknown])
    assert {row.code: row.share for row in split.rows} == {"A": 8, "B": 2}
    assert split.left_out == ("C",)
    empty = care_need.split_target(10, [unknown])
    assert empty.rows == () and empty.total == 0


def test_home_types_in_fixed_order_and_labels_kept():
    ratios = [
        care_need.RatioParam("zorggeschikt", Decimal(1), label="zorggeschikte woning"),
        care_need.RatioParam("nultreden", Decimal(1), label="nultredenwoning"),
    ]
    need = care_need.need_for(
        care_need.OlderPeople("X", "X", Decimal(1000)),
        ratios,
        care_need.GrowthParam(2025, 2030, Decimal(1)),
    )
    assert [line.home_type for line in need.types] == ["nultreden", "zorggeschikt"]
    assert need.types[0].label == "nultredenwoning"
