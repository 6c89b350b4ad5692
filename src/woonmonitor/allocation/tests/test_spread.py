"""Spread within a municipality (``allocation.spread``): golden files, disclosure, the index."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from woonmonitor.allocation import spread

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("name", ["spread_concentrated", "spread_too_few"])
def test_golden(name):
    data = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    given = data["input"]
    result = spread.spread([spread.Wijk(**w) for w in given["wijken"]], given["placements"])
    assert result.as_dict() == data["expected"]


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, None), (1, None), (7, None), (8, 10), (12, 10), (13, 15), (20, 20), (22, 20), (23, 25)],
)
def test_protect_hides_0_to_7_and_rounds_to_five(count, shown):
    assert spread.protect(count) == shown


def test_the_rule_repeats_the_monitors_cbs_values():
    """The values of ``monitor/disclosure.py`` (CBS): read, not imported (architecture)."""
    from woonmonitor.monitor import disclosure

    assert spread.ROUNDING_MULTIPLE == disclosure.ROUNDING_MULTIPLE
    assert spread.MINIMUM == 8  # "de waarden 0 tot en met 7 weergegeven als geheim"


@pytest.mark.parametrize(
    ("code", "wijk"),
    [
        ("WK168100", "WK168100"),
        ("BU16810001", "WK168100"),
        ("bu16810001", "WK168100"),
        ("GM1681", ""),
        ("", ""),
        ("WK1681", ""),
    ],
)
def test_wijk_code(code, wijk):
    assert spread.wijk_code(code) == wijk


def test_index_is_zero_when_spread_like_the_stock_and_one_when_all_where_there_is_none():
    assert spread.dissimilarity([10, 30], [100, 300]) == Decimal("0.00")
    assert spread.dissimilarity([40, 0], [0, 300]) == Decimal("1.00")
    assert spread.dissimilarity([0, 0], [1, 1]) is None


def test_a_concentration_is_flagged_at_twice_the_share_of_the_stock():
    wijken = [spread.Wijk("WK000101", "A", 100), spread.Wijk("WK000102", "B", 900)]
    result = spread.spread(wijken, {"WK000101": 20, "WK000102": 20})
    first = result.rows[0]
    assert (first.placed_share, first.stock_share, first.ratio) == (
        Decimal("50.0"),
        Decimal("10.0"),
        Decimal("5.0"),
    )
    assert [row.code for row in result.concentrated] == ["WK000101"]
    assert result.index == Decimal("0.40")


def test_no_index_with_stock_for_fewer_than_two_wijken():
    result = spread.spread([spread.Wijk("WK000101", "A", 100)], {"WK000101": 10})
    assert result.index is None
    assert "minder dan twee wijken" in result.index_note
