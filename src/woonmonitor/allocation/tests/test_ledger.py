"""The statushouders ledger: carry-over, corrected task, pace, op schema, four in a row. Pure."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from woonmonitor.allocation import ledger
from woonmonitor.allocation.ledger import Entry, HalfYear

GOLDEN = json.loads(
    (Path(__file__).parent / "golden" / "statushouders_het_hogeland.json").read_text("utf-8")
)


def test_het_hogeland_golden():
    case = GOLDEN["ledger"]
    rows = ledger.build(
        [HalfYear(h["year"], h["half"], h["task"], tuple(h["housed"])) for h in case["half_years"]],
        opening_balance=case["opening_balance"],
    )
    assert len(rows) == len(case["expected"])
    for row, expected in zip(rows, case["expected"], strict=True):
        for name, value in expected.items():
            assert getattr(row, name) == value, name


def test_pace_and_schedule_are_exact():
    rows = ledger.build([HalfYear(2023, 1, 10, (1, 2, 2, 0, 0, 0))])
    row = rows[0]
    assert row.pace == Fraction(10, 6)
    # after 1 month 10/6 = 1.67 expected: 1 housed is behind; after 2: 3.33 vs 3 behind;
    # after 3: 5 vs 5 on schedule (exactly k/6 counts); after 4: 6.67 vs 5 behind
    assert row.schedule == (False, False, True, False, False, False)
    assert row.expected_after(3) == 5
    assert row.balance == -5 and row.missed is True


def test_running_half_year_uses_the_months_that_ended():
    rows = ledger.build([HalfYear(2023, 2, 12, (2, 2, 0, 0, 0, 0))], today=(2023, 9))
    row = rows[0]
    assert row.months_elapsed == 2  # July and August ended
    assert row.on_schedule is True
    assert row.missed is None and not row.finished
    rows = ledger.build([HalfYear(2023, 2, 12, (2, 2, 0, 0, 0, 0))], today=(2023, 7))
    assert rows[0].on_schedule is None


def test_months_elapsed_bounds():
    assert ledger.months_elapsed(2023, 1, today_year=2022, today_month=12) == 0
    assert ledger.months_elapsed(2023, 1, today_year=2023, today_month=4) == 3
    assert ledger.months_elapsed(2023, 1, today_year=2024, today_month=1) == 6


def test_without_an_opening_balance_nothing_is_carried_and_it_says_so():
    rows = ledger.build([HalfYear(2023, 1, 10, (10, 0, 0, 0, 0, 0))])
    assert rows[0].carried_over == 0 and not rows[0].carried_known
    assert rows[0].notes == ("no-opening",) and rows[0].balance == 0


def test_lead_larger_than_task_gives_a_negative_corrected_task():
    rows = ledger.build([HalfYear(2023, 1, 3, (0,) * 6)], opening_balance=5)
    assert rows[0].corrected == -2 and rows[0].balance == 2 and rows[0].on_schedule is True


def four(task: int, housed: int) -> list[HalfYear]:
    periods = [(2021, 1), (2021, 2), (2022, 1), (2022, 2), (2023, 1)]
    return [HalfYear(y, h, task, (housed, 0, 0, 0, 0, 0)) for y, h in periods]


def test_four_missed_half_years_in_a_row_are_flagged():
    rows = ledger.build(four(10, 9))
    assert [r.missed_streak for r in rows] == [1, 2, 3, 4, 5]
    assert [r.escalate for r in rows] == [False, False, False, True, True]


def test_a_caught_up_half_year_breaks_the_streak():
    entries = four(10, 9)
    entries[2] = HalfYear(2022, 1, 10, (12, 0, 0, 0, 0, 0))  # catches up the backlog of 2
    rows = ledger.build(entries)
    assert [r.missed_streak for r in rows] == [1, 2, 0, 1, 2]
    assert not any(r.escalate for r in rows)


def test_unknown_task_carries_nothing_and_says_so():
    rows = ledger.build(
        [
            HalfYear(2023, 1, 10, (0,) * 6),
            HalfYear(2023, 2, None, (3, 0, 0, 0, 0, 0)),
            HalfYear(2024, 1, 10, (0,) * 6),
        ]
    )
    assert rows[1].balance is None and rows[1].corrected is None
    assert rows[1].carried_over == -10 and rows[1].carried_known
    assert rows[2].carried_over == 0 and not rows[2].carried_known
    assert rows[2].notes == ("previous-unknown",)
    assert rows[2].missed_streak == 1


def test_half_years_that_do_not_follow_each_other_carry_nothing():
    rows = ledger.build([HalfYear(2019, 1, 10, (0,) * 6), HalfYear(2022, 1, 10, (0,) * 6)])
    assert rows[1].carried_over == 0 and rows[1].notes == ("not-consecutive",)


def test_half_year_needs_six_months():
    with pytest.raises(ValueError):
        HalfYear(2023, 1, 10, (1, 2))


def test_the_municipalitys_own_figure_counts_before_the_associations():
    months = ledger.housed_per_month(
        [
            Entry(2023, 1, 3, by_municipality=False),
            Entry(2023, 1, 2, by_municipality=False, is_demo=True),
            Entry(2023, 2, 4, by_municipality=True),
            Entry(2023, 2, 9, by_municipality=False),
        ]
    )
    assert months[(2023, 1)].count == 5 and months[(2023, 1)].counted_from == "associations"
    assert months[(2023, 1)].is_demo
    assert months[(2023, 2)].count == 4 and months[(2023, 2)].counted_from == "municipality"
    assert ledger.half_year_housed(months, 2023, 1) == (5, 4, 0, 0, 0, 0)
    assert ledger.half_years_with_figures([(2022, 2)], months) == [(2022, 2), (2023, 1)]


def test_a_half_year_without_any_figure_has_no_balance():
    rows = ledger.build(
        [
            HalfYear(2022, 2, 37, (0,) * 6, reported=False),
            HalfYear(2023, 1, 58, (5, 0, 0, 0, 0, 0)),
        ]
    )
    assert rows[0].corrected == 37 and rows[0].balance is None and rows[0].on_schedule is None
    assert rows[0].notes == ("no-opening", "not-reported") and rows[0].missed is None
    assert not rows[0].carried_known
    assert rows[1].carried_over == 0 and not rows[1].carried_known
    assert rows[1].notes == ("previous-unknown",)
    months = ledger.housed_per_month([Entry(2023, 2, 0, by_municipality=True)])
    assert ledger.half_year_reported(months, 2023, 1)
    assert not ledger.half_year_reported(months, 2023, 2)
