"""Every CSV download of Aandachtsgroepen neutralises text a spreadsheet would run as a formula
(the rule of tests/test_csv_injection.py): a task's source typed by a party, a national number's
source, a municipality's name."""

from __future__ import annotations

import pytest

from tests.factories import AreaFactory, GroupFactory, NationalNumberFactory, TaskFactory
from tests.test_csv_injection import HOSTILE, assert_neutralised
from woonmonitor.allocation import statushouders
from woonmonitor.allocation.models import Task, Unit
from woonmonitor.allocation.tests.test_statushouders import load_populations
from woonmonitor.areas.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_task(db):
    group = GroupFactory(key="uitstroom-bw-mo", name="Uitstroom BW/MO", unit=Unit.HOUSEHOLDS)
    AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2024)
    return TaskFactory(group=group, municipality_code="GM1681", year=2024, half=0, source=HOSTILE)


@pytest.fixture
def hostile_statushouders(db):
    GroupFactory(key="statushouders", name="Statushouders", unit=Unit.PERSONS, statutory=True)
    load_populations()
    NationalNumberFactory(year=2023, half=1, number=21200, source=HOSTILE)
    statushouders.compute_tasks(year=2023, half=1)
    Area.objects.filter(code="GM1681").update(name=HOSTILE)
    assert Task.objects.filter(year=2023, half=1).exists()


def test_task_list_csv(client, hostile_task):
    assert_neutralised(client.get("/aandachtsgroepen/taken/?formaat=csv"))


def test_api_tasks_csv(client, hostile_task):
    response = client.get("/api/v1/allocation/tasks/?group=uitstroom-bw-mo&period=2024&format=csv")
    assert_neutralised(response)


def test_woonzorg_profile_csv(client, hostile_task):
    assert_neutralised(client.get("/aandachtsgroepen/woonzorgprofiel/GM1681/?formaat=csv"))


def test_statushouders_region_csv(client, hostile_statushouders):
    assert_neutralised(client.get("/aandachtsgroepen/statushouders/tabel.csv?periode=2023-1"))


def test_ledger_csv(client, hostile_statushouders):
    assert_neutralised(client.get("/aandachtsgroepen/statushouders/GM1681/grootboek.csv"))
