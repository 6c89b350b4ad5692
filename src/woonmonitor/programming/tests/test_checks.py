"""The checks of woningbouwprogrammering (``programming.checks``): golden files and the rules.

Each golden file holds the input, the hand-checked reasoning (``about``) and the expected output.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from woonmonitor.programming import checks, signals
from woonmonitor.programming.checks import PlanNeed, Segments, Status
from woonmonitor.programming.parameters import parameters_on

GOLDEN = Path(__file__).resolve().parent / "golden"

BEFORE = datetime.date(2026, 6, 30)
AFTER = datetime.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _on(value: str):
    return parameters_on(datetime.date.fromisoformat(value))


def compute(name: str, data: dict[str, Any]) -> Any:
    """The output for golden file ``checks_<name>.json`` (also used to write a new file)."""
    if name == "plan_capacity":
        params = _on(data["date"])
        out = []
        for case in data["cases"]:
            common = {"area": case["area"], "name": case["name"], "params": params}
            common["explanation"] = case.get("explanation", "")
            if case["kind"] == "region":
                members = [PlanNeed(**m) for m in case["members"]]
                result = checks.check_region_plan_capacity(
                    **common, members=members, need=case["need"]
                )
            else:
                result = checks.check_plan_capacity(
                    **common, capacity=case["capacity"], need=case["need"]
                )
            out.append(result.as_dict())
        return out
    if name in ("regional_mix", "municipal_mix"):
        check = checks.check_regional_mix if name == "regional_mix" else checks.check_municipal_mix
        return [
            check(
                area=case["area"],
                name=case["name"],
                segments=Segments(**case["segments"]),
                params=_on(case["date"]),
                explanation=case.get("explanation", ""),
            ).as_dict()
            for case in data["cases"]
        ]
    if name == "production_signals":
        plans = [PlanNeed(**p) for p in data["plans"]]
        return signals.production_signals(plans, data["neighbours"], _on(data["date"])).as_dict()
    if name == "realisation":
        rows = signals.realisation_by_year(
            area=data["area"],
            name=data["name"],
            planned={int(k): v for k, v in data["planned"].items()},
            realised={int(k): v for k, v in data["realised"].items()},
            explanations={int(k): v for k, v in data["explanations"].items()},
            source=data["source"],
        )
        return [row.as_dict() for row in rows]
    raise KeyError(name)


NAMES = ["plan_capacity", "regional_mix", "municipal_mix", "production_signals", "realisation"]


@pytest.mark.parametrize("name", NAMES)
def test_golden(name):
    data = json.loads((GOLDEN / f"checks_{name}.json").read_text(encoding="utf-8"))
    assert compute(name, data) == data["expected"]


def test_woondeal_targets_against_130_percent():
    params = _on("2025-01-01")
    required = {
        need: checks.check_plan_capacity(
            area="x", name="x", capacity=0, need=need, params=params
        ).required
        for need in (3790, 4177, 5033, 13000, 13631)
    }
    assert required == {3790: 4927, 4177: 5431, 5033: 6543, 13000: 16900, 13631: 17721}


def test_a_shown_percentage_never_decides():
    params = _on("2025-01-01")
    short = checks.check_plan_capacity(area="x", name="x", capacity=5430, need=4177, params=params)
    assert short.percent_of_need == Decimal("130.0")
    assert short.status == Status.NOT_MET
    mix = checks.check_regional_mix(
        area="x",
        name="x",
        segments=Segments(social_rent=2996, middle_rent=4000, expensive_purchase=3004),
        params=_on("2026-07-01"),
    )
    assert mix.social_rent_share == Decimal("30.0")
    assert mix.status == Status.NOT_MET


def test_percent_rounds_half_up_exactly():
    assert checks.percent(Fraction(1, 3)) == Decimal("33.3")
    assert checks.percent(Fraction(2, 3)) == Decimal("66.7")
    assert checks.percent(Fraction(1, 2000)) == Decimal("0.1")
    assert checks.percent(Fraction(1, 2001)) == Decimal("0.0")


def test_unknown_is_never_counted_as_social_or_expensive():
    known = Segments(social_rent=280, middle_rent=400, expensive_purchase=220)
    params = _on("2026-07-01")

    def status(unknown_as: str) -> str:
        extra = {unknown_as: 100} if unknown_as != "expensive_purchase" else {}
        segments = Segments(
            social_rent=known.social_rent + extra.get("social_rent", 0),
            middle_rent=known.middle_rent,
            expensive_purchase=known.expensive_purchase + (100 if not extra else 0),
            unknown=extra.get("unknown", 0),
        )
        return checks.check_regional_mix(
            area="x", name="x", segments=segments, params=params
        ).status

    assert status("social_rent") == Status.MET
    assert status("expensive_purchase") == Status.NOT_MET
    undecided = checks.check_regional_mix(
        area="x", name="x", segments=known + Segments(unknown=100), params=params
    )
    assert undecided.status == Status.UNDECIDED
    assert "onbekend: 100 woningen zonder segment" in undecided.sentence


def test_unknown_units_that_cannot_change_the_outcome_leave_a_verdict():
    params = _on("2026-07-01")
    met = checks.check_regional_mix(
        area="x",
        name="x",
        segments=Segments(social_rent=400, middle_rent=300, unknown=50, expensive_rent=250),
        params=params,
    )
    short = checks.check_regional_mix(
        area="x",
        name="x",
        segments=Segments(social_rent=100, middle_rent=300, unknown=50, expensive_rent=550),
        params=params,
    )
    assert met.status == Status.MET
    assert short.status == Status.NOT_MET
    assert "onbekend: 50 woningen zonder segment" in short.sentence


def test_municipal_rule_only_from_the_date_it_applies():
    segments = Segments(social_rent=100, expensive_purchase=900)
    before = checks.check_municipal_mix(
        area="x", name="x", segments=segments, params=parameters_on(BEFORE)
    )
    after = checks.check_municipal_mix(
        area="x", name="x", segments=segments, params=parameters_on(AFTER)
    )
    assert before.status == Status.NOT_IN_FORCE
    assert before.status_label == "regel nog niet van kracht"
    assert before.sentence.startswith("Regel nog niet van kracht: geldt vanaf 1 juli 2026")
    assert after.status == Status.NOT_MET


def test_an_explanation_only_marks_a_check_that_is_not_met():
    params = _on("2025-01-01")
    met = checks.check_plan_capacity(
        area="x", name="x", capacity=200, need=100, params=params, explanation="zomaar"
    )
    short = checks.check_plan_capacity(
        area="x", name="x", capacity=100, need=100, params=params, explanation="uitval verwacht"
    )
    assert met.status == Status.MET
    assert short.status == Status.EXPLAINED
    assert short.sentence.endswith("Afwijking toegelicht: uitval verwacht")


def test_no_factor_before_the_first_record_means_no_data():
    result = checks.check_plan_capacity(
        area="x", name="x", capacity=10, need=5, params=_on("2019-01-01")
    )
    assert result.status == Status.NO_DATA


def test_segments_cannot_be_negative_and_add_up():
    with pytest.raises(ValueError):
        Segments(social_rent=-1)
    both = Segments(social_rent=1, unknown=2) + Segments(affordable_purchase=3, unknown=1)
    assert (both.total, both.unknown, both.middle, both.affordable) == (7, 3, 3, 4)
    assert checks.sum_segments([both, both]).total == 14


def test_neighbour_map_is_read_both_ways():
    plans = [PlanNeed("A", "A", 200, 100), PlanNeed("B", "B", 10, 100)]
    one_way = signals.production_signals(plans, {"B": ["A"]}, _on("2025-01-01"))
    assert [(s.over, s.under, s.over_surplus, s.under_shortfall) for s in one_way.signals] == [
        ("A", "B", 70, 120)
    ]


def test_a_shrinking_municipality_has_no_need_and_meets_the_norm():
    params = parameters_on(datetime.date(2026, 12, 1))
    with translation.override("nl"):
        result = checks.check_plan_capacity(
            area="GM1681", name="Borger-Odoorn", capacity=350, need=0, params=params
        )
    assert result.status == Status.MET
    assert result.required == 0
    assert "geen uitbreidingsbehoefte" in result.sentence
    assert "350" in result.sentence


def test_the_hard_part_is_shown_and_does_not_decide():
    params = parameters_on(datetime.date(2026, 12, 1))
    with translation.override("nl"):
        result = checks.check_plan_capacity(
            area="GM1681", name="Borger-Odoorn", capacity=700, need=538, params=params, hard=120
        )
    # 130% of 538 = 699.4, so 700 homes are enough whatever their phase
    assert result.status == Status.MET
    assert result.hard == 120
    assert "Daarvan hard: 120 woningen (17,1% van de plancapaciteit)" in result.sentence
