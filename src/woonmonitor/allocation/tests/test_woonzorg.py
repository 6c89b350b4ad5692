"""The woonzorg profile (``allocation.woonzorg``) and the housing-with-care pages."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from tests.factories import GroupDefinitionFactory, GroupFactory, PlacementFactory, TaskFactory

from woonmonitor.allocation import care, woonzorg

from . import test_care

drenthe_care = test_care.drenthe_care  # the shared fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(drenthe_care):
    statushouders = GroupFactory(
        key="statushouders", name="Statushouders", half_yearly=True, order=1
    )
    GroupDefinitionFactory(group=statushouders, source="Huisvestingswet 2014, art. 28")
    spoed = GroupFactory(key="spoedzoekers", name="Spoedzoekers", order=4)
    elderly = GroupFactory(key="ouderen-met-zorgvraag", name="Ouderen met een zorgvraag", order=6)
    TaskFactory(
        group=statushouders,
        municipality_code="GM1681",
        year=2024,
        half=1,
        amount=23,
        source="Circulaire taakstelling 2024-I (test)",
    )
    PlacementFactory(
        group=statushouders, municipality_code="GM1681", year=2024, month=3, count=9, is_demo=True
    )
    TaskFactory(
        group=elderly,
        municipality_code="GM1681",
        year=2025,
        half=0,
        amount=40,
        source="Woonzorgvisie Borger-Odoorn (test)",
    )
    return {"statushouders": statushouders, "spoed": spoed, "elderly": elderly}


def test_build_profile_of_a_municipality(groups):
    profile = woonzorg.build_profile(care.municipality_scope("GM1681"))
    blocks = {block.group.key: block for block in profile.groups}
    assert [(line.label, line.task, line.realised) for line in blocks["statushouders"].lines] == [
        ("2024-I", 23, 9)
    ]
    assert blocks["spoedzoekers"].lines == [] and not blocks["spoedzoekers"].has_task
    assert profile.has_demo
    assert profile.elderly.lines[0].task == 40
    assert profile.single.total == 501
    assert any("Huisvestingswet" in source for source in profile.sources)
    assert any("70072NED" in source or "Programma" in source for source in profile.sources)
    assert profile.care_need.ratio_set.growth_source in profile.sources


def test_profile_page_shows_tasks_need_demo_and_sources(client, groups):
    response = client.get("/aandachtsgroepen/woonzorgprofiel/GM1681/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Woonzorgprofiel Borger-Odoorn" in text
    assert "geen taak vastgelegd" in text  # spoedzoekers
    assert "demonstratiecijfer" in text
    assert "1.883,0" in text and "156,20" in text and "1,1674" in text
    assert "501 woningen" in text
    assert "voorbeeld" in text
    assert "/aandachtsgroepen/woonzorgprofiel/GM1681.pdf" in text


def test_profile_csv(client, groups):
    response = client.get("/aandachtsgroepen/woonzorgprofiel/GM1681/?formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "taak;Borger-Odoorn;Statushouders;2024-I;23;" in text
    assert "gerealiseerd (demonstratiecijfer);Borger-Odoorn;Statushouders;2024-I;9" in text
    assert "behoefte ouderen;Borger-Odoorn;nultredenwoning;2030;294;woningen" in text


def test_region_profile_sums_municipalities(client, groups, drenthe_care):
    TaskFactory(
        group=groups["statushouders"], municipality_code="GM0114", year=2024, half=1, amount=50
    )
    response = client.get("/aandachtsgroepen/woonzorgprofiel/regio/zuidoost-drenthe/")
    assert response.status_code == 200
    text = response.content.decode()
    assert ">73<" in text  # 23 + 50
    assert "2 gemeenten" in text
    assert "Coevorden" in text and "Emmen" in text


def test_need_page_region_and_province(client, drenthe_care):
    response = client.get("/aandachtsgroepen/wonen-zorg/?regio=zuidoost-drenthe")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Woningen voor ouderen: Zuidoost-Drenthe (BOCE)" in text
    assert "Regionaal doel verdeeld" in text and "9.978" in text
    assert "Er bestaat geen landelijke norm" in text
    province = client.get("/aandachtsgroepen/wonen-zorg/").content.decode()
    assert "Woningen voor ouderen: Drenthe" in province
    assert client.get("/aandachtsgroepen/wonen-zorg/?regio=bestaat-niet").status_code == 404
    assert client.get("/aandachtsgroepen/wonen-zorg/?verhoudingen=999").status_code == 404


def test_need_downloads(client, drenthe_care):
    csv = client.get("/aandachtsgroepen/wonen-zorg/tabel.csv?regio=zuidoost-drenthe")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("gemeentecode;gemeente;woningtype")
    assert "GM1681;Borger-Odoorn;nultredenwoning;inwoners-80-plus;2025;1613;" in text
    assert ";1883,0;" in text and ";156,20;" in text and ";294;" in text
    xlsx = client.get("/aandachtsgroepen/wonen-zorg/tabel.xlsx?regio=zuidoost-drenthe")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "VOORBEELD" in " ".join(str(v) for v in values)
    assert 294 in values
    assert client.get("/aandachtsgroepen/wonen-zorg/tabel.json").status_code == 404


def test_no_ratio_set_says_so(client, db):
    from woonmonitor.allocation.models import RatioSet

    RatioSet.objects.all().delete()
    response = client.get("/aandachtsgroepen/wonen-zorg/")
    assert "nog geen verhoudingen wonen-zorg vastgelegd" in response.content.decode()


def test_unknown_municipality_404(client, drenthe_care):
    assert client.get("/aandachtsgroepen/woonzorgprofiel/GM9999/").status_code == 404
    assert client.get("/aandachtsgroepen/woonzorgprofiel/regio/nergens/").status_code == 404


def test_fingerprint_changes_with_data(groups):
    before = woonzorg.fingerprint()
    TaskFactory(group=groups["spoed"], municipality_code="GM1681", year=2025, half=0, amount=3)
    assert woonzorg.fingerprint() != before
