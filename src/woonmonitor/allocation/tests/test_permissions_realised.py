"""The permission matrix of the pages "realised against fair share" and "spread within a
municipality": every cast member against every page. Both are public (placements per
municipality are published figures; the spread only through disclosure control); a draft
scenario can be chosen only by who may see it, anyone else gets 404."""

from __future__ import annotations

import pytest
from conftest import CAST
from tests.factories import ScenarioFactory

from woonmonitor.allocation.models import Scenario

from .realised_data import build

REALISED = "/aandachtsgroepen/realisatie/?regio=zuidoost-test&groep=statushouders&periode=2023-1"
SPREAD = "/aandachtsgroepen/spreiding/GM1681/?groep=statushouders&periode=2023-1"
PUBLIC = (200, 200, 200, 200, 200, 200)
# in CAST order: municipality_editor, association_editor, tenants_member, province_reader,
# outsider, anonymous
MATRIX = {
    REALISED: PUBLIC,
    REALISED + "&format=csv": PUBLIC,
    REALISED + "&scenario={published}": PUBLIC,
    REALISED + "&scenario={draft}": (200, 200, 404, 200, 404, 404),
    REALISED + "&scenario={draft}&format=csv": (200, 200, 404, 200, 404, 404),
    REALISED + "&scenario=abc": (404,) * 6,
    "/aandachtsgroepen/realisatie/?regio=nergens": (404,) * 6,
    "/aandachtsgroepen/realisatie/?groep=bestaat-niet&regio=zuidoost-test": (404,) * 6,
    "/aandachtsgroepen/realisatie/?regio=zuidoost-test&periode=2023-7": (404,) * 6,
    SPREAD: PUBLIC,
    SPREAD + "&format=csv": PUBLIC,
    "/aandachtsgroepen/spreiding/GM9999/?groep=statushouders&periode=2023": (404,) * 6,
    "/aandachtsgroepen/spreiding/GM1681/?groep=statushouders&periode=twintig": (404,) * 6,
}
CASES = [
    pytest.param(url, name, statuses[index], id=f"{name}-{url}")
    for url, statuses in MATRIX.items()
    for index, name in enumerate(CAST)
]


@pytest.fixture
def ids(db, cast):
    made = build()
    result = {"municipalities": [{"code": "GM1681", "share": 4, "associations": []}]}
    made_ids = {}
    for status in (Scenario.Status.DRAFT, Scenario.Status.PUBLISHED):
        made_ids[str(status)] = ScenarioFactory(
            region=made.region, group=made.group, year=2023, half=1, status=status, result=result
        ).pk
    return made_ids


@pytest.mark.parametrize(("url", "name", "expected"), CASES)
def test_permission_matrix(client_for, ids, url, name, expected):
    assert client_for(name).get(url.format(**ids)).status_code == expected


@pytest.mark.parametrize("url", [REALISED, SPREAD])
@pytest.mark.parametrize("name", CAST)
def test_pages_only_read(client_for, ids, url, name):
    assert client_for(name).post(url).status_code == 405


@pytest.mark.django_db
def test_the_pages_show_sources_and_demo_marks(client, ids):
    page = client.get(REALISED).content.decode()
    assert "Verdeelscenario" in page  # the published scenario gives the shares
    assert "Vrijgekomen sociale huurwoningen 2023: Testbron" in page
    assert "demonstratiecijfer" not in page
    csv = client.get(REALISED + "&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "gemeentecode;gemeente;corporatie;aandeel" in csv.content.decode("utf-8-sig")
    spread = client.get(SPREAD).content.decode()
    assert "Valthe" in spread and "geheim" in spread
