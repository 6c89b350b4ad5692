"""Realised against fair share and cap (``allocation.realised``): golden files and the rules."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from woonmonitor.allocation import realised
from woonmonitor.allocation.realised import Count, PartyInput, Status

GOLDEN = Path(__file__).resolve().parent / "golden"


def _municipalities(items: list[dict]) -> list[realised.MunicipalityInput]:
    out = []
    for item in items:
        associations = tuple(PartyInput(**a) for a in item.get("associations", []))
        fields = {key: value for key, value in item.items() if key != "associations"}
        out.append(realised.MunicipalityInput(**fields, associations=associations))
    return out


@pytest.mark.parametrize(
    "name", ["realised_region_year", "realised_half_year_running", "realised_region_complete"]
)
def test_golden(name):
    data = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    given = data["input"]
    table = realised.realised_table(
        _municipalities(given["municipalities"]),
        cap_percent=Decimal(given["cap_percent"]),
        months=given["months"],
        elapsed=given["elapsed"],
    )
    assert table.as_dict() == data["expected"]


def test_cap_is_ten_percent_rounded_down_and_one_more_is_above_it():
    at_cap = realised.evaluate_party(PartyInput("x", "X", share=5, placed=5, vacated=57))
    above = realised.evaluate_party(PartyInput("x", "X", share=5, placed=6, vacated=57))
    assert at_cap.cap == 5
    assert at_cap.status == Status.REACHED
    assert above.status == Status.ABOVE_CAP
    assert above.vacated_percent == Decimal("10.5")


def test_without_vacated_homes_there_is_no_cap():
    row = realised.evaluate_party(PartyInput("x", "X", share=5, placed=50))
    assert row.cap is None
    assert row.status == Status.REACHED


def test_nothing_reported_is_not_zero():
    nothing = realised.evaluate_party(PartyInput("x", "X", share=5, placed=None))
    zero = realised.evaluate_party(PartyInput("x", "X", share=5, placed=0))
    assert nothing.status == Status.NO_REPORT
    assert zero.status == Status.BEHIND
    assert zero.balance == -5


def test_pace_before_the_period_ends():
    early = realised.evaluate_party(PartyInput("x", "X", share=12, placed=4), months=12, elapsed=4)
    late = realised.evaluate_party(PartyInput("x", "X", share=12, placed=4), months=12)
    assert early.expected == Decimal("4.0")
    assert early.status == Status.ON_SCHEDULE
    assert late.status == Status.BEHIND


def test_association_cap_may_differ():
    table = realised.realised_table(
        [
            realised.MunicipalityInput(
                "GM1",
                "A",
                share=10,
                placed=10,
                vacated=200,
                associations=(PartyInput("a", "A", share=5, placed=5, vacated=100),),
            )
        ],
        cap_percent=Decimal(10),
        association_cap_percent=Decimal(4),
    )
    assert table.rows[0].cap == 20
    assert table.rows[0].associations[0].cap == 4
    assert table.rows[0].associations[0].status == Status.ABOVE_CAP


def test_months_must_fit_a_year():
    with pytest.raises(ValueError):
        realised.evaluate_party(PartyInput("x", "X"), months=13)


def test_combine_counts_takes_the_municipality_figure_of_a_month_else_the_associations():
    counts = [
        Count(1, 5, own=True),
        Count(1, 3, own=False),  # the same people as the municipality's 5
        Count(2, 2, own=False),
        Count(2, 1, own=False),
    ]
    assert realised.combine_counts(counts) == 5 + 3
    assert realised.combine_counts([]) is None
    assert realised.combine_counts([Count(3, 0, own=True)]) == 0


def test_months_of():
    assert realised.months_of(1) == (1, 2, 3, 4, 5, 6)
    assert realised.months_of(2)[0] == 7
    assert len(realised.months_of(0)) == 12
