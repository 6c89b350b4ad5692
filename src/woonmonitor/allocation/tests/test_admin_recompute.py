"""The admin computes the statutory tasks at once when a platform administrator records a new
national half-year number, a population decision (art. 30) or an exchange (art. 29 lid 2)."""

from __future__ import annotations

import pytest
from tests.factories import GroupFactory, UserFactory

from woonmonitor.allocation.models import Task, Unit

from .test_statushouders import load_populations

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="beheer", is_staff=True, is_superuser=True))
    GroupFactory(key="statushouders", name="Statushouders", unit=Unit.PERSONS, statutory=True)
    load_populations()
    return client


def current(code: str) -> Task:
    return Task.objects.current().get(municipality_code=code, year=2023, half=1)


def test_a_new_half_year_number_computes_the_tasks(admin_client):
    response = admin_client.post(
        "/beheer/allocation/nationalnumber/add/",
        {"year": 2023, "half": 1, "number": 21200, "source": "Circulaire 2023-I"},
        follow=True,
    )
    assert response.status_code == 200
    assert current("GM1966").amount == 58  # Het Hogeland: ceil(57.88)
    assert "Taakstelling statushouders 2023-I" in response.content.decode()


def test_an_exchange_and_a_population_decision_change_the_tasks_and_keep_history(admin_client):
    admin_client.post(
        "/beheer/allocation/nationalnumber/add/",
        {"year": 2023, "half": 1, "number": 21200, "source": "Circulaire 2023-I"},
    )
    borger, emmen = current("GM1681").amount, current("GM0114").amount
    group = Task.objects.first().group
    admin_client.post(
        "/beheer/allocation/taskexchange/add/",
        {
            "group": group.pk,
            "year": 2023,
            "half": 1,
            "giver_code": "GM1681",
            "receiver_code": "GM0114",
            "amount": 5,
            "decision": "Afspraak BOCE",
        },
    )
    assert (current("GM1681").amount, current("GM0114").amount) == (borger - 5, emmen + 5)
    assert Task.objects.filter(municipality_code="GM1681", year=2023).count() == 2  # history
    admin_client.post(
        "/beheer/allocation/populationoverride/add/",
        {
            "municipality_code": "GM1966",
            "reference_date": "2022-01-01",
            "population": 60000,
            "decision": "Besluit GS",
        },
    )
    assert current("GM1966").amount == 73  # ceil(21200 x 60000 / 17590672) = ceil(72.31)
    assert current("GM1966").basis  # the decision is in the basis of the task


def test_a_half_year_without_populations_says_so(admin_client):
    response = admin_client.post(
        "/beheer/allocation/nationalnumber/add/",
        {"year": 2019, "half": 1, "number": 8000, "source": "Circulaire 2019-I"},
        follow=True,
    )
    assert "Taakstelling niet berekend" in response.content.decode()
    assert not Task.objects.filter(year=2019).exists()
