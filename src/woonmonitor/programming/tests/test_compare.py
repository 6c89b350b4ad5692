"""Comparing two peilmomenten (``programming.compare``): a golden file with the reasoning, and
the rules one by one. Pure: no database."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from woonmonitor.programming import compare
from woonmonitor.programming.compare import DeliveryMove

GOLDEN = Path(__file__).resolve().parent / "golden" / "compare_peilmomenten.json"
ORDER = [
    "initiatief",
    "haalbaarheid",
    "principebesluit",
    "ontwerpplan",
    "vastgesteld",
    "onherroepelijk",
    "in-aanbouw",
    "opgeleverd",
    "vervallen",
]
RANKS = {("2021", key): number for number, key in enumerate(ORDER, start=1)}
DROPPED = {("2021", "vervallen")}
A_DAY, B_DAY = datetime.date(2026, 6, 30), datetime.date(2026, 9, 30)


def run(a: dict, b: dict) -> compare.Comparison:
    return compare.compare(a, b, date_a=A_DAY, date_b=B_DAY, ranks=RANKS, dropped_rungs=DROPPED)


def as_data(result: compare.Comparison) -> dict[str, Any]:
    def moves(items) -> list:
        return [[m.units, m.from_year, m.to_year] for m in items]

    return {
        "phase_moves": [
            {
                "project": m.project.id,
                "from": m.old_phase,
                "to": m.new_phase,
                "direction": m.direction,
                "crossing": m.crossing,
                "units": m.units,
            }
            for m in result.phase_moves
        ],
        "unit_changes": [
            {
                "project": c.project.id,
                "old_net": c.old_net,
                "new_net": c.new_net,
                "delta": c.delta,
                "segments": [
                    {
                        "segment": s.segment,
                        "old": s.old,
                        "new": s.new,
                        "kind": s.kind,
                        "delta": s.delta,
                    }
                    for s in c.segments
                ],
            }
            for c in result.unit_changes
        ],
        "dropped": [
            {"project": d.project.id, "units": d.units, "reason": d.reason} for d in result.dropped
        ],
        "new": [
            {"project": n.project.id, "units": n.units, "reason": n.reason} for n in result.new
        ],
        "slips": [
            {
                "project": s.project.id,
                "later": moves(s.later),
                "earlier": moves(s.earlier),
                "unscheduled": [list(item) for item in s.unscheduled],
                "scheduled": [list(item) for item in s.scheduled],
            }
            for s in result.slips
        ],
        "totals": [
            {
                "municipality_code": t.municipality_code,
                "is_demo": t.is_demo,
                "units_a": t.units_a,
                "new": t.new,
                "dropped": t.dropped,
                "changed": t.changed,
                "units_b": t.units_b,
                "certainty_a": t.certainty_a,
                "certainty_b": t.certainty_b,
            }
            for t in result.totals
        ],
        "slipped_per_year": [
            [start, end, units]
            for (start, end), units in compare.slipped_per_year(result.slips).items()
        ],
    }


def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_golden_comparison():
    case = golden()
    a = {int(key): value for key, value in case["a"].items()}
    b = {int(key): value for key, value in case["b"].items()}
    result = run(a, b)
    assert result.date_a.isoformat() == case["date_a"]
    assert as_data(result) == case["expected"]


def test_totals_add_up_per_municipality():
    """Units in A + new - dropped + changes = units in B, for every row and in total."""
    case = golden()
    result = run(
        {int(k): v for k, v in case["a"].items()}, {int(k): v for k, v in case["b"].items()}
    )
    for row in result.totals:
        assert row.units_a + row.new - row.dropped + row.changed == row.units_b, row
        assert row.adds_up
    real = result.grand_total(demo=False)
    assert (real.units_a, real.new, real.dropped, real.changed, real.units_b) == (
        180,
        40,
        112,
        -4,
        104,
    )
    assert real.units_a + real.new - real.dropped + real.changed == real.units_b
    demo = result.grand_total(demo=True)
    assert (demo.units_a, demo.units_b) == (30, 30)
    assert result.has_demo


def project(units=40, phase="vastgesteld", certainty="hard", code="GM1681", **extra) -> dict:
    return {
        "name": extra.pop("name", "Plan"),
        "municipality_code": code,
        "ladder": "2021",
        "phase": phase,
        "phase_name": phase,
        "certainty": certainty,
        "units_net": units,
        "segments": extra.pop("segments", {}),
        "deliveries": extra.pop("deliveries", {}),
        "is_demo": extra.pop("is_demo", False),
    }


def test_unknown_to_known_is_not_a_change_of_number():
    result = run(
        {1: project(segments={"sociale_huur": None, "dure_koop": 10})},
        {1: project(segments={"sociale_huur": 12, "dure_koop": None})},
    )
    (change,) = result.unit_changes
    assert change.delta == 0
    kinds = {s.segment: (s.kind, s.delta) for s in change.segments}
    assert kinds == {"sociale_huur": ("bekend", None), "dure_koop": ("onbekend", None)}
    # a missing key is unknown as well: no change
    assert run({1: project(segments={})}, {1: project(segments={"huur_onbekend": None})}).empty
    # zero is a number: unknown -> 0 becomes known, 0 -> 5 is a number change
    (zero,) = run({1: project()}, {1: project(segments={"middenhuur": 0})}).unit_changes
    assert zero.segments[0].kind == "bekend"
    (five,) = run(
        {1: project(segments={"middenhuur": 0})}, {1: project(segments={"middenhuur": 5})}
    ).unit_changes
    assert (five.segments[0].kind, five.segments[0].delta) == ("aantal", 5)


@pytest.mark.parametrize(
    ("old", "new", "moves", "unscheduled", "scheduled"),
    [
        ({"2027": 40}, {"2028": 40}, [(40, 2027, 2028)], [], []),
        ({"2027": 40, "2028": 20}, {"2028": 60}, [(40, 2027, 2028)], [], []),
        (
            {"2027": 30, "2028": 30},
            {"2028": 10, "2029": 50},
            [(30, 2027, 2029), (20, 2028, 2029)],
            [],
            [],
        ),
        ({"2027": 40}, {}, [], [(2027, 40)], []),
        ({}, {"2030": 5}, [], [], [(2030, 5)]),
        ({"2028": 10}, {"2027": 10}, [(10, 2028, 2027)], [], []),
        ({"2027": 10}, {"2027": 10}, [], [], []),
    ],
)
def test_delivery_moves(old, new, moves, unscheduled, scheduled):
    found, rest_out, rest_in = compare.delivery_moves(old, new)
    assert found == [DeliveryMove(units=u, from_year=f, to_year=t) for u, f, t in moves]
    assert (rest_out, rest_in) == (unscheduled, scheduled)


def test_dropped_and_new_by_municipality_and_demo():
    """Another municipality is a drop there and new here; demo never joins a real row."""
    result = run(
        {1: project(units=10, code="GM1681"), 2: project(units=7, is_demo=True)},
        {1: project(units=10, code="GM0114"), 2: project(units=9, is_demo=True)},
    )
    assert [(d.project.id, d.reason) for d in result.dropped] == [(1, "andere-gemeente")]
    assert [(n.project.id, n.reason) for n in result.new] == [(1, "andere-gemeente")]
    rows = {(t.municipality_code, t.is_demo): t for t in result.totals}
    assert rows[("GM1681", False)].units_b == 0 and rows[("GM1681", False)].dropped == 10
    assert rows[("GM0114", False)].new == 10
    assert rows[("GM1681", True)].changed == 2
    assert all(row.adds_up for row in result.totals)
    assert result.grand_total(demo=False).units_b == 10


def test_moves_without_rank_or_across_ladders_have_no_direction():
    a = {1: project(phase="initiatief", certainty="zacht")}
    b = {1: {**project(phase="nieuw", certainty="zacht"), "ladder": "2027"}}
    (move,) = run(a, b).phase_moves
    assert (move.direction, move.crossing) == ("other", "")
    (to_delivered,) = run(
        {1: project(phase="in-aanbouw")}, {1: project(phase="opgeleverd", certainty="")}
    ).phase_moves
    assert (to_delivered.direction, to_delivered.crossing) == ("up", "")


def test_nothing_changed_is_empty_and_adds_up():
    same = {1: project(deliveries={"2027": 40}, segments={"sociale_huur": 40})}
    result = run(same, same)
    assert result.empty
    (row,) = result.totals
    assert (row.units_a, row.units_b, row.projects_a, row.projects_b) == (40, 40, 1, 1)
