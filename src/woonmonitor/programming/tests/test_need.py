"""The need per municipality and woondeal region (``programming.need``): golden files with
worked numbers, and the rules (never negative, parts add up, exact arithmetic)."""

from __future__ import annotations

import datetime
import json
from fractions import Fraction
from pathlib import Path

import pytest

from woonmonitor.programming import need
from woonmonitor.programming.parameters import parameters_on

GOLDEN = Path(__file__).resolve().parent / "golden"


def _golden(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


def _mix(data: dict):
    return parameters_on(datetime.date.fromisoformat(data["mix_date"])).woondeal_mix


def test_demographic_need_golden():
    data = _golden("need_demographic")
    mix = _mix(data)
    for case, expected in zip(data["cases"], data["expected"], strict=True):
        size = case.pop("household_size")
        result = need.demographic_need(
            **case, household_size=None if size is None else Fraction(size), mix=mix
        )
        got = result.as_dict()
        assert got["code"] == expected["code"]
        for key in ("status", "households", "shrink", "segments"):
            assert got[key] == expected[key], (case["code"], key)


def test_woondeal_split_golden():
    data = _golden("need_woondeal_split")
    mix = _mix(data)
    for case, expected in zip(data["cases"], data["expected"], strict=True):
        members = [need.MemberStock(**m) for m in case["members"]]
        result = need.woondeal_split(
            region=case["region"], target=case["target"], members=members, mix=mix
        )
        got = result.as_dict()
        assert got["missing"] == expected["missing"]
        assert got["segments"] == expected["target_segments"]
        homes = {m["code"]: m["homes"] for m in got["members"]}
        assert homes == expected["homes"]
        for code, quota in expected["quota"].items():
            assert next(m["quota"] for m in got["members"] if m["code"] == code) == quota
        for code, segments in expected["segments"].items():
            assert next(m["segments"] for m in got["members"] if m["code"] == code) == segments
        if not expected["missing"]:
            assert sum(homes.values()) == case["target"]


def test_unconfirmed_members_are_kept_as_unconfirmed():
    members = [need.MemberStock("GM1", "A", True, 10), need.MemberStock("GM2", "B", False, 30)]
    split = need.woondeal_split(region="r", target=8, members=members)
    assert [(m.code, m.confirmed, m.homes) for m in split.members] == [
        ("GM1", True, 2),
        ("GM2", False, 6),
    ]


@pytest.mark.parametrize("total", [0, 1, 2, 7, 13, 999, 4177])
def test_segment_split_always_adds_up(total):
    mix = parameters_on(datetime.date(2025, 1, 1)).woondeal_mix
    parts = need.segment_split(total, mix)
    assert parts.social_rent + parts.middle + parts.expensive == total


def test_shrink_is_never_a_negative_need():
    result = need.demographic_need(
        code="GM1",
        name="A",
        start_year=2021,
        horizon_year=2030,
        population_start=1000.0,
        population_horizon=999.0,
        household_size=2.2,
        household_year=2025,
    )
    assert result.households == 0
    assert result.status == need.SHRINK
    assert result.shrink == 0  # 1 / 2,2 = 0,45 rounds to 0 households
    assert result.exact_households == Fraction(-1, 1) / Fraction("2.2")


def test_floats_are_read_through_their_decimal_text():
    assert need.exact(2.07) == Fraction(207, 100)
    assert need.round_half_up(Fraction(1, 2)) == 1
    assert need.round_half_up(Fraction(-1, 2)) == 0


def test_largest_remainder_ties_go_to_the_larger_weight_then_the_first():
    assert need.largest_remainder({"a": 1, "b": 1}, 1) == {"a": 1, "b": 0}
    assert need.largest_remainder({"a": 1, "b": 3}, 2) == {"a": 0, "b": 2}
    assert need.largest_remainder({"a": 0, "b": 0}, 0) == {"a": 0, "b": 0}
    with pytest.raises(ValueError):
        need.largest_remainder({"a": 0}, 1)
