"""The CBS disclosure rules, branch by branch (pure: no database)."""

from __future__ import annotations

import pytest

from woonmonitor.areas.models import Level
from woonmonitor.monitor.disclosure import (
    BASE_LABELS,
    EXEMPT_LEVELS,
    KINDS,
    UNROUNDED_LEVELS,
    Rule,
    Shown,
    describe,
    disclose,
    round_count,
    rule_for,
)
from woonmonitor.monitor.models import DisclosureKind, ValueOrigin, ValueStatus

SHARE_INHABITANTS = Rule("aandeel", 10, "inwoners")
AVERAGE_HOMES = Rule("gemiddelde", 20, "woningvoorraad")
COUNT_PERSONS = Rule("aantal-personen")
CARE_COUNT = Rule("aantal-personen", 8)
COUNT_HOMES = Rule("aantal")
NO_RULE = Rule("geen")


def show(rule, value, *, status="definitief", note="", base=None, level="wijk", origin="import"):
    return disclose(
        rule, value=value, status=status, note=note, base=base, level=level, origin=origin
    )


def test_constants_match_the_model_choices():
    assert set(KINDS) == set(DisclosureKind.values)
    assert set(UNROUNDED_LEVELS) <= set(Level.values)
    assert set(EXEMPT_LEVELS) <= set(UNROUNDED_LEVELS)
    assert "wijk" not in UNROUNDED_LEVELS and "buurt" not in UNROUNDED_LEVELS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (1, 0),
        (2, 0),
        (2.5, 5),
        (3, 5),
        (7, 5),
        (7.5, 10),
        (8, 10),
        (12, 10),
        (25, 25),
        (26014, 26015),
        (-3, -5),
        (-2, 0),
        (None, None),
    ],
)
def test_round_count_goes_to_the_nearest_multiple_of_five(value, expected):
    assert round_count(value) == expected


def test_share_below_the_minimum_is_suppressed_with_the_reason():
    shown = show(SHARE_INHABITANTS, 12.5, base=9)
    assert shown == Shown(None, "geheim", "minder dan 10 inwoners")
    assert describe(shown) == "geheim: minder dan 10 inwoners"


def test_share_at_the_minimum_is_shown_unchanged():
    assert show(SHARE_INHABITANTS, 12.5, base=10) == Shown(12.5, "definitief", "")


def test_average_about_homes_uses_homes_as_the_base():
    assert show(AVERAGE_HOMES, 251, base=19).note == "minder dan 20 woningen"
    assert show(AVERAGE_HOMES, 251, base=20).value == 251


def test_unknown_base_suppresses_a_rule_that_needs_one():
    shown = show(SHARE_INHABITANTS, 40.0, base=None)
    assert shown == Shown(None, "geheim", "aantal inwoners onbekend")
    assert show(AVERAGE_HOMES, 251, base=None).note == "aantal woningen onbekend"


def test_minimum_is_checked_for_gemeenten_too():
    assert show(SHARE_INHABITANTS, 40.0, base=9, level="gemeente").value is None
    assert show(SHARE_INHABITANTS, 40.0, base=None, level="gemeente").note == (
        "aantal inwoners onbekend"
    )


@pytest.mark.parametrize("level", ["provincie", "land"])
def test_provinces_and_the_country_are_exempt_from_minimums(level):
    assert show(SHARE_INHABITANTS, 40.0, base=None, level=level).value == 40.0
    assert show(CARE_COUNT, 3, level=level).value == 3


def test_large_minimums_read_the_dutch_way():
    rule = Rule("gemiddelde", 2500, "inwoners")
    assert show(rule, 31.2, base=2499).note == "minder dan 2.500 inwoners"
    assert show(rule, 31.2, base=2500).value == 31.2


@pytest.mark.parametrize(("level", "expected"), [("wijk", 1235), ("buurt", 1235), (None, 1235)])
def test_person_counts_in_small_areas_are_rounded(level, expected):
    assert show(COUNT_PERSONS, 1234, level=level).value == expected


@pytest.mark.parametrize("level", ["gemeente", "provincie", "land"])
def test_person_counts_of_gemeenten_and_up_are_not_rounded(level):
    assert show(COUNT_PERSONS, 26014, level=level).value == 26014


def test_counts_of_homes_are_never_rounded():
    assert show(COUNT_HOMES, 11276, level="wijk").value == 11276
    assert show(COUNT_HOMES, 3, level="buurt").value == 3


def test_care_counts_zero_to_seven_are_secret():
    assert show(CARE_COUNT, 7) == Shown(None, "geheim", "minder dan 8 personen")
    assert show(CARE_COUNT, 0).value is None
    assert show(CARE_COUNT, 8).value == 10  # shown, then rounded like every wijk count
    assert show(CARE_COUNT, 7, level="gemeente").value is None
    assert show(CARE_COUNT, 9, level="gemeente").value == 9


def test_a_figure_without_rule_is_shown_as_stored():
    assert show(NO_RULE, 2.0, level="buurt") == Shown(2.0, "definitief", "")


def test_value_already_secret_stays_secret_with_its_note():
    shown = show(COUNT_PERSONS, None, status="geheim", note="CBS: geheim (-99997)")
    assert shown == Shown(None, "geheim", "CBS: geheim (-99997)")
    # Even a stored number is not shown once the source marked it secret.
    assert show(NO_RULE, 12.0, status="geheim").value is None
    assert show(NO_RULE, None, status="geheim").note == "geheim volgens de bron"


def test_missing_value_stays_missing():
    assert show(SHARE_INHABITANTS, None, status="ontbreekt", note="CBS: (.)", base=500) == Shown(
        None, "ontbreekt", "CBS: (.)"
    )
    assert show(NO_RULE, None, status="definitief").status == "ontbreekt"
    assert show(NO_RULE, float("nan")).status == "ontbreekt"


def test_provisional_status_and_note_are_kept():
    shown = show(SHARE_INHABITANTS, 41.0, status="voorlopig", note="nader voorlopig", base=300)
    assert shown == Shown(41.0, "voorlopig", "nader voorlopig")


@pytest.mark.parametrize("origin", ValueOrigin.values)
def test_every_origin_follows_the_same_rules(origin):
    assert show(SHARE_INHABITANTS, 50.0, base=9, origin=origin).value is None
    assert show(COUNT_PERSONS, 13, origin=origin).value == 15


def test_an_incomplete_or_unknown_rule_fails_safe():
    assert show(Rule("aandeel"), 50.0, base=1000).value is None
    assert show(Rule("aandeel", 10), 50.0, base=1000).value is None
    assert show(Rule("verzonnen"), 50.0).note == "onbekende geheimhoudingsregel"


def test_rule_for_reads_an_indicator():
    class FakeIndicator:
        disclosure = "aandeel"
        disclosure_minimum = 20
        disclosure_base = "woningvoorraad"

    assert rule_for(FakeIndicator) == Rule("aandeel", 20, "woningvoorraad")
    FakeIndicator.disclosure_minimum = None
    FakeIndicator.disclosure_base = ""
    assert rule_for(FakeIndicator) == Rule("aandeel", None, "")


def test_statuses_are_the_model_statuses():
    assert {"geheim", "ontbreekt"} <= set(ValueStatus.values)
    assert set(BASE_LABELS) == {"inwoners", "woningvoorraad", "huishoudens"}
