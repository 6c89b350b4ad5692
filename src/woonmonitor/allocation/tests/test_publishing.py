"""The statushouders figures as monitor indicators (``allocation.publishing``)."""

from __future__ import annotations

import datetime

import pytest
from tests.factories import IndicatorFactory, PlacementFactory, TaskFactory

from woonmonitor.allocation import publishing
from woonmonitor.allocation.ledger import Entry
from woonmonitor.monitor.catalogue import read_catalogue
from woonmonitor.monitor.models import IndicatorValue, SourceKind, Theme

from .realised_data import build

TODAY = datetime.date(2024, 3, 15)


def test_year_task_is_the_sum_of_both_halves_or_the_whole_year():
    tasks = [
        ("GM1", 2022, 1, 10, "circulaire 2022-I"),
        ("GM1", 2022, 2, 14, "circulaire 2022-II"),
        ("GM1", 2023, 1, 20, "circulaire 2023-I"),  # the second half is unknown
        ("GM2", 2024, 0, 7, "ingevoerd"),
    ]
    found = publishing.year_tasks(tasks)
    assert found[("GM1", 2022)][0] == 24
    assert "2022-I (10) en 2022-II (14)" in found[("GM1", 2022)][1]
    assert ("GM1", 2023) not in found
    assert found[("GM2", 2024)][0] == 7


def test_year_housed_follows_the_ledger_rule():
    entries = {
        "GM1": [
            Entry(2023, 1, 5, by_municipality=True),
            Entry(2023, 1, 4, by_municipality=False),  # the same people
            Entry(2023, 2, 2, by_municipality=False),
            Entry(2024, 1, 1, by_municipality=False, is_demo=True),
        ]
    }
    assert publishing.year_housed(entries) == {("GM1", 2023): (7, False), ("GM1", 2024): (1, True)}


def test_the_catalogue_has_the_indicators_and_says_where_they_come_from():
    specs = read_catalogue().by_key()
    for key in publishing.KEYS:
        spec = specs[key]
        assert spec.theme == Theme.SOCIAL
        assert spec.source_kind == SourceKind.PARTY
        assert "Aandachtsgroepen" in spec.description


@pytest.mark.django_db
def test_publish_writes_computed_values_and_never_demo_figures():
    made = build()
    for key in publishing.KEYS:
        IndicatorFactory(key=key)
    TaskFactory(group=made.group, municipality_code="GM1681", year=2023, half=2, amount=12)
    PlacementFactory(
        group=made.group,
        organisation=made.borger,
        municipality_code="GM1681",
        year=2022,
        month=5,
        count=2,
        is_demo=True,
    )
    result = publishing.publish_indicators(today=TODAY)
    assert "1 gemeente-jaren met demonstratiecijfers niet gepubliceerd" in result
    values = {
        (v.indicator.key, v.area.code, v.period): v
        for v in IndicatorValue.objects.current().select_related("indicator", "area")
    }
    task = values[("statushouders-taakstelling", "GM1681", 2023)]
    assert (task.value, task.origin, task.status) == (22.0, "import", "definitief")
    # the value cites its run's source (the sources table), not "berekend uit andere indicatoren"
    assert task.import_run.data_source.key == "woonmonitor-aandachtsgroepen"
    assert values[("statushouders-gehuisvest", "GM1681", 2023)].value == 7.0
    assert values[("statushouders-saldo", "GM1681", 2023)].value == 7.0 - 22.0
    assert ("statushouders-gehuisvest", "GM1681", 2022) not in values  # demo
    assert ("statushouders-taakstelling", "GM0109", 2023) not in values  # one half only
    again = publishing.publish_indicators(today=TODAY)
    assert again.startswith("0 nieuw, 0 vervangen")


@pytest.mark.django_db
def test_publish_without_the_catalogue_says_so():
    build()
    assert "niet in de catalogus" in publishing.publish_indicators(today=TODAY)


@pytest.mark.django_db
def test_current_year_is_provisional():
    build()
    for key in publishing.KEYS:
        IndicatorFactory(key=key)
    publishing.publish_indicators(today=datetime.date(2023, 8, 1))
    housed = IndicatorValue.objects.current().get(indicator__key="statushouders-gehuisvest")
    assert housed.status == "voorlopig"
