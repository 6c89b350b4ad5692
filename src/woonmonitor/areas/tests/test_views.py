"""The area pages, their downloads, and how they say where a boundary comes from."""

from __future__ import annotations

import pytest
from tests.factories import AreaFactory, BoundaryFactory, KeyFigureFactory, RegionMemberFactory

from woonmonitor.areas.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def borger_odoorn():
    province = AreaFactory(code="PV22", name="Drenthe", level=Level.PROVINCE, vintage=2024)
    gemeente = AreaFactory(code="GM1681", name="Borger-Odoorn", parent=province, vintage=2024)
    KeyFigureFactory(area=gemeente, key="inhabitants", value=26014)
    wijken = [
        AreaFactory(
            code=f"WK1681{n:02d}", name=f"Wijk {n:02d}", level=Level.DISTRICT, parent=gemeente
        )
        for n in range(3)
    ]
    old = AreaFactory(code="WK168100", name="Wijk 00", level=Level.DISTRICT, vintage=2022)
    BoundaryFactory(area=old, source="CBS wijkgrenzen 2022")
    BoundaryFactory(area=gemeente, source="CBS gemeentegrenzen")
    return gemeente, wijken


def test_home_lists_the_municipalities_of_the_latest_vintage(client, borger_odoorn):
    AreaFactory(code="GM1681", name="Borger-Odoorn oud", vintage=2022)
    response = client.get("/")
    assert response.status_code == 200
    assert [row["area"].code for row in response.context["rows"]] == ["GM1681"]
    assert "26.014" in response.content.decode()


def test_area_page_shows_children_figures_and_borrowed_boundary(client, borger_odoorn):
    response = client.get("/gebieden/GM1681/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wijk 00" in html and "Wijk 02" in html
    assert response.context["map"]["borrowed"] == {2022: ["WK168100"]}
    assert "uit de indeling 2022" in html
    assert "Borger-Odoorn" in response.context["map"]["svg"].shapes[0].name


def test_area_page_for_an_other_vintage_and_unknown_codes(client, borger_odoorn):
    assert client.get("/gebieden/WK168100/?jaar=2022").context["area"].vintage == 2022
    assert client.get("/gebieden/WK168100/").context["area"].vintage == 2024
    assert client.get("/gebieden/GM9999/").status_code == 404
    assert client.get("/gebieden/GM1681/?jaar=1990").status_code == 404
    assert client.get("/gebieden/GM1681/?jaar=abc").status_code == 404


def test_children_download_as_csv_with_source_and_date(client, borger_odoorn):
    gemeente, wijken = borger_odoorn
    KeyFigureFactory(area=wijken[0], key="inhabitants", value=1215)
    response = client.get("/gebieden/GM1681/?formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code;naam;niveau;jaargang;inwoners")
    assert lines[1].startswith("WK168100;Wijk 00;wijk;2024;1215")
    assert "2024-01-01;CBS Kerncijfers" in lines[1]


def test_region_page_sums_only_complete_figures(client, borger_odoorn):
    member = RegionMemberFactory(
        region__slug="boce", region__name="BOCE", municipality_code="GM1681"
    )
    RegionMemberFactory(region=member.region, municipality_code="GM0114")
    response = client.get("/regios/boce/")
    assert response.status_code == 200
    assert response.context["missing_codes"] == ["GM0114"]
    assert response.context["complete"] is False
    assert client.get("/regios/bestaat-niet/").status_code == 404


def test_area_page_query_count_does_not_grow_with_children(
    client, borger_odoorn, django_assert_max_num_queries
):
    gemeente, _ = borger_odoorn
    for n in range(3, 40):
        AreaFactory(code=f"WK1681{n:02d}", level=Level.DISTRICT, parent=gemeente)
    with django_assert_max_num_queries(12):
        assert client.get("/gebieden/GM1681/").status_code == 200


def test_sources_page_lists_the_latest_run_per_source(client, db):
    from tests.factories import ImportRunFactory

    ImportRunFactory(source="CBS KWB 2024", vintage=2024)
    response = client.get("/bronnen/")
    assert "CBS KWB 2024" in response.content.decode()


def test_home_on_an_empty_database_is_a_page_not_an_error(client, db):
    """Right after `migrate` on a new installation nothing is loaded yet."""
    assert client.get("/").status_code == 200
