"""Axis steps, bounds and ticks: one implementation for the line and the bar charts."""

from __future__ import annotations

import pytest

from woonmonitor.charts.scale import (
    axis_bounds,
    nice_step,
    step_decimals,
    ticks,
    year_ticks,
)


@pytest.mark.parametrize(
    ("span", "step"), [(10, 2), (100, 20), (510, 200), (0.3, 0.1), (4, 1), (12, 2.5), (0, 1)]
)
def test_nice_step(span, step):
    assert nice_step(span) == pytest.approx(step)


@pytest.mark.parametrize(
    ("span", "step"),
    [(10, 2), (100, 20), (120, 50), (12, 5), (0.3, 1), (4, 1), (0, 1), (1264, 500)],
)
def test_whole_steps_are_whole_and_skip_two_and_a_half(span, step):
    assert nice_step(span, whole=True) == step
    assert isinstance(nice_step(span, whole=True), int)


def test_axis_starts_at_zero_unless_the_data_are_far_from_it():
    assert axis_bounds([10, 40, 55]) == (0, 60, 20)
    low, high, step = axis_bounds([11224, 11734])
    assert low > 0 and low <= 11224 and high >= 11734 and step == 200
    assert axis_bounds([-5, -2])[1] == 0
    assert axis_bounds([2.5, 2.5])[0] <= 2.5 <= axis_bounds([2.5, 2.5])[1]


def test_axis_of_whole_counts():
    assert axis_bounds([0, 30, 1234], whole=True) == (0, 1500, 500)
    assert axis_bounds([0, 0], whole=True) == (0, 1, 1)  # nothing but zeros: one step
    assert axis_bounds([0, -2, 200], whole=True) == (-50, 200, 50)


def test_ticks_run_from_the_first_to_the_high_end():
    assert list(ticks(0, 60, 20)) == [0, 20, 40, 60]
    assert [round(t, 1) for t in ticks(0.0, 0.3, 0.1)] == [0.0, 0.1, 0.2, 0.3]  # rounding errors
    assert list(ticks(-50, 200, 50)) == [-50, 0, 50, 100, 150, 200]


def test_step_decimals_and_year_ticks():
    assert (step_decimals(100), step_decimals(0.5), step_decimals(0.25), step_decimals(2.5)) == (
        0,
        1,
        2,
        1,
    )
    assert year_ticks(2012, 2020) == list(range(2012, 2021))
    assert year_ticks(2000, 2030) == [2000, 2005, 2010, 2015, 2020, 2025, 2030]
