"""Disclosure control of plan aggregates (``programming.disclosure``): every test tries to
recover a single plan marked "alleen in totalen" from what a public visitor is shown."""

from __future__ import annotations

import itertools

import pytest

from woonmonitor.programming.disclosure import (
    Part,
    Relation,
    check_relations,
    disclose,
    full,
    recoverable,
)


def _row(cells: dict, total: str) -> Relation:
    return Relation(total, tuple(k for k in cells if k != total))


def _attack(cells, relations, result) -> dict:
    """What an attacker learns: for each relation with a shown total, the sum of the sensitive
    parts of the hidden members (known = the plans shown one by one, subtracted)."""
    learned = {}
    for rel in relations:
        if result.is_hidden(rel.total):
            continue
        hidden = [m for m in rel.members if result.is_hidden(m)]
        projects = {p.project for m in hidden for p in cells.get(m, ()) if p.sensitive}
        learned[rel.total] = projects
    return learned


def test_a_cell_with_one_or_two_totals_plans_is_hidden_and_three_is_shown():
    cells = {
        "one": [Part("p1", 10, True)],
        "two": [Part("p2", 5, True), Part("p3", 7, True)],
        "three": [Part("p4", 1, True), Part("p5", 2, True), Part("p6", 3, True)],
        "public": [Part("q1", 40, False)],
    }
    result = disclose(cells, [])
    assert result.shown("one") is None
    assert result.shown("two") is None
    assert result.shown("three") == 6
    assert result.shown("public") == 40
    assert result.primary == {"one", "two"}


def test_a_public_plan_next_to_one_totals_plan_does_not_protect_it():
    # 40 from a plan shown one by one + 10 from one totals plan: 50 - 40 gives the plan away
    cells = {"cell": [Part("public", 40, False), Part("secret", 10, True)]}
    assert disclose(cells, []).shown("cell") is None


def test_subtracting_the_shown_cells_from_the_total_recovers_nothing():
    # segment row of one municipality: social holds one totals plan, the rest three or more
    cells = {
        "social": [Part("s", 12, True)],
        "middle": [Part("a", 5, True), Part("b", 6, True), Part("c", 7, True)],
        "expensive": [Part("d", 1, True), Part("e", 2, True), Part("f", 3, True)],
        "unknown": [Part("pub", 9, False)],
    }
    cells["total"] = [p for k in list(cells) for p in cells[k]]
    relations = [_row(cells, "total")]
    result = disclose(cells, relations)
    assert result.is_hidden("social")
    assert result.secondary  # a second cell is hidden with it
    assert result.shown("unknown") == 9  # hiding a public-only cell would not help
    for projects in _attack(cells, relations, result).values():
        assert not projects or len(projects) >= 3
    assert recoverable(cells, relations, set(result.hidden)) == []


def test_when_only_public_cells_are_left_the_total_is_hidden():
    cells = {
        "social": [Part("s", 12, True)],
        "middle": [Part("pub1", 5, False)],
        "expensive": [Part("pub2", 8, False)],
    }
    cells["total"] = [p for k in ("social", "middle", "expensive") for p in cells[k]]
    result = disclose(cells, [_row(cells, "total")])
    assert result.is_hidden("social")
    assert result.is_hidden("total")
    assert result.shown("middle") == 5


def test_a_two_way_table_cannot_be_solved_for_any_hidden_cell():
    """Rows are municipalities, columns segments, with row, column and grand totals: the
    attacker solves the whole linear system, and no hidden cell comes out."""
    rows, cols = ["A", "B", "C"], ["soc", "mid", "exp"]
    plans = {
        ("A", "soc"): [Part("x1", 20, True)],
        ("A", "mid"): [Part(f"a{i}", 3, True) for i in range(3)],
        ("A", "exp"): [Part("pa", 11, False)],
        ("B", "soc"): [Part(f"b{i}", 4, True) for i in range(4)],
        ("B", "mid"): [Part("x2", 8, True), Part("pb", 2, False)],
        ("B", "exp"): [Part(f"c{i}", 2, True) for i in range(3)],
        ("C", "soc"): [Part("pc", 6, False)],
        ("C", "mid"): [Part(f"d{i}", 1, True) for i in range(5)],
        ("C", "exp"): [Part("x3", 30, True), Part("x4", 1, True)],
    }
    cells = dict(plans)
    for r in rows:
        cells[(r, "tot")] = [p for c in cols for p in plans[(r, c)]]
    for c in cols:
        cells[("tot", c)] = [p for r in rows for p in plans[(r, c)]]
    cells[("tot", "tot")] = [p for parts in plans.values() for p in parts]
    relations = [Relation((r, "tot"), tuple((r, c) for c in cols)) for r in rows]
    relations += [Relation(("tot", c), tuple((r, c) for r in rows)) for c in cols]
    relations.append(Relation(("tot", "tot"), tuple((r, "tot") for r in rows)))
    relations.append(Relation(("tot", "tot"), tuple(("tot", c) for c in cols)))
    check_relations(cells, relations)
    result = disclose(cells, relations)
    assert {("A", "soc"), ("B", "mid"), ("C", "exp")} <= result.hidden
    assert recoverable(cells, relations, set(result.hidden)) == []
    for projects in _attack(cells, relations, result).values():
        assert not projects or len(projects) >= 3
    # brute force: every shown total minus every subset of shown members never isolates x1..x4
    shown = {k: result.shown(k) for k in cells if not result.is_hidden(k)}
    for rel in relations:
        if rel.total not in shown:
            continue
        visible = [m for m in rel.members if m in shown]
        for size in range(len(visible) + 1):
            for subset in itertools.combinations(visible, size):
                rest = [m for m in rel.members if m not in subset]
                secret = {p.project for m in rest for p in cells[m] if p.sensitive}
                if all(m in shown for m in rest):
                    continue  # nothing hidden left: the sum is a shown figure
                assert len(secret) >= 3 or not secret


def test_the_audit_finds_a_cell_that_a_chain_of_relations_gives_away():
    # hidden a, b, c with a + b = t1 (shown) and b = t2 (one-member relation): a follows
    cells = {
        "a": [Part("p", 5, True)],
        "b": [Part("q", 1, True), Part("r", 1, True), Part("s", 1, True)],
        "t1": [Part("p", 5, True), Part("q", 1, True), Part("r", 1, True), Part("s", 1, True)],
        "t2": [Part("q", 1, True), Part("r", 1, True), Part("s", 1, True)],
    }
    relations = [Relation("t1", ("a", "b")), Relation("t2", ("b",))]
    assert recoverable(cells, relations, {"a", "b"}) == ["a", "b"]
    result = disclose(cells, relations)
    assert recoverable(cells, relations, set(result.hidden)) == []
    assert result.is_hidden("a")


def test_relations_must_add_up():
    with pytest.raises(ValueError):
        check_relations({"t": [Part("p", 3, False)], "m": []}, [Relation("t", ("m",))])


def test_full_shows_everything():
    assert full({"c": [Part("p", 3, True)]}).shown("c") == 3
