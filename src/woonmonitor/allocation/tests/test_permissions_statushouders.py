"""The permission matrix of the statushouders pages: every cast member against every page."""

from __future__ import annotations

import pytest
from conftest import CAST
from tests.factories import GroupFactory, NationalNumberFactory

from woonmonitor.allocation import statushouders
from woonmonitor.allocation.models import Placement

from .test_statushouders import load_populations

# page -> the status each cast member gets, in CAST order:
# municipality_editor, association_editor, tenants_member, province_reader, outsider, anonymous
MATRIX = {
    "/aandachtsgroepen/statushouders/": (200,) * 6,
    "/aandachtsgroepen/statushouders/?regio=drenthe&periode=2023-1": (200,) * 6,
    "/aandachtsgroepen/statushouders/?periode=2019-1": (200,) * 6,
    "/aandachtsgroepen/statushouders/tabel.csv?periode=2023-1": (200,) * 6,
    "/aandachtsgroepen/statushouders/tabel.xlsx?periode=2023-1": (200,) * 6,
    "/aandachtsgroepen/statushouders/GM1681/": (200,) * 6,
    "/aandachtsgroepen/statushouders/GM1681/grootboek.csv": (200,) * 6,
    "/aandachtsgroepen/statushouders/GM9999/": (404,) * 6,
    "/aandachtsgroepen/statushouders/?regio=bestaat-niet": (404,) * 6,
    "/aandachtsgroepen/statushouders/?periode=2031-1": (404,) * 6,
    "/aandachtsgroepen/plaatsingen/nieuw/": (200, 200, 403, 403, 403, 302),
}
CASES = [
    pytest.param(url, name, statuses[index], id=f"{name}-{url}")
    for url, statuses in MATRIX.items()
    for index, name in enumerate(CAST)
]


@pytest.fixture
def data(db):
    GroupFactory(key="statushouders", name="Statushouders", statutory=True)
    load_populations()
    NationalNumberFactory(year=2023, half=1, number=21_200)
    NationalNumberFactory(year=2019, half=1, number=8_000)
    statushouders.compute_tasks(year=2023, half=1)


@pytest.mark.parametrize(("url", "name", "expected"), CASES)
def test_permission_matrix(client_for, data, url, name, expected):
    response = client_for(name).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/inloggen/?next=")
    if expected == 403:
        assert "Plaatsingen geven alleen bewerkers" in response.content.decode()


POST = {
    "group": None,
    "municipality_code": "GM1681",
    "year": "2023",
    "month": "3",
    "count": "4",
    "area_code": "",
    "note": "",
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("municipality_editor", 302),
        ("association_editor", 302),
        ("tenants_member", 403),
        ("province_reader", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_posting_a_placement(client_for, data, name, expected):
    from woonmonitor.allocation.models import Group

    post = {**POST, "group": Group.objects.get(key="statushouders").pk}
    response = client_for(name).post("/aandachtsgroepen/plaatsingen/nieuw/", post)
    assert response.status_code == expected
    saved = name in ("municipality_editor", "association_editor")
    assert Placement.objects.exists() is saved
    if name == "anonymous":
        assert response["Location"].startswith("/inloggen/")
    elif saved:
        assert response["Location"].startswith("/aandachtsgroepen/statushouders/GM1681/")
