"""The permission matrix of the housing-with-care pages and the woonzorg profile: public open
data (the monitor's figures, the tasks and placements per municipality, the ratio sets), so
every cast member gets the same page, and nobody gets a form to write with."""

from __future__ import annotations

import pytest
from conftest import CAST

from . import test_care

drenthe_care = test_care.drenthe_care  # the shared fixture

PUBLIC = (200, 200, 200, 200, 200, 200)
# page -> the status each cast member gets, in CAST order:
# municipality_editor, association_editor, tenants_member, province_reader, outsider, anonymous
MATRIX = {
    "/aandachtsgroepen/wonen-zorg/": PUBLIC,
    "/aandachtsgroepen/wonen-zorg/?regio=zuidoost-drenthe": PUBLIC,
    "/aandachtsgroepen/wonen-zorg/tabel.csv?regio=zuidoost-drenthe": PUBLIC,
    "/aandachtsgroepen/wonen-zorg/tabel.xlsx": PUBLIC,
    "/aandachtsgroepen/woonzorgprofiel/GM1681/": PUBLIC,
    "/aandachtsgroepen/woonzorgprofiel/GM1681/?formaat=csv": PUBLIC,
    "/aandachtsgroepen/woonzorgprofiel/regio/zuidoost-drenthe/": PUBLIC,
    "/aandachtsgroepen/woonzorgprofiel/GM9999/": (404,) * 6,
    "/aandachtsgroepen/woonzorgprofiel/regio/nergens/": (404,) * 6,
}
CASES = [
    pytest.param(url, name, statuses[index], id=f"{name}-{url}")
    for url, statuses in MATRIX.items()
    for index, name in enumerate(CAST)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "name", "expected"), CASES)
def test_permission_matrix(client_for, drenthe_care, url, name, expected):
    assert client_for(name).get(url).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/aandachtsgroepen/wonen-zorg/", "/aandachtsgroepen/woonzorgprofiel/GM1681/"]
)
@pytest.mark.parametrize("name", CAST)
def test_pages_only_read(client_for, drenthe_care, url, name):
    client = client_for(name)
    assert client.post(url).status_code == 405
    assert 'method="post"' not in client.get(url).content.decode().split('id="main"')[1]
