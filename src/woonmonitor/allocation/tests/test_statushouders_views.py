"""What the statushouders pages show: figures with sources, reasons, demo marks, downloads and
the placement form."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from tests.factories import GroupFactory, NationalNumberFactory, PlacementFactory

from woonmonitor.allocation import statushouders
from woonmonitor.allocation.models import Group, Placement, PopulationOverride

from .test_statushouders import load_populations

REGION = "/aandachtsgroepen/statushouders/"
LEDGER = "/aandachtsgroepen/statushouders/GM1681/"
NEW = "/aandachtsgroepen/plaatsingen/nieuw/"


@pytest.fixture
def data(db, organisations):
    group = GroupFactory(key="statushouders", name="Statushouders", statutory=True)
    load_populations()
    NationalNumberFactory(year=2023, half=1, number=21_200, source="Circulaire 2023-I (test)")
    NationalNumberFactory(year=2019, half=1, number=8_000)
    PopulationOverride.objects.create(
        municipality_code="GM0114",
        reference_date=datetime.date(2022, 1, 1),
        population=110_000,
        decision="Besluit GS (test)",
    )
    statushouders.compute_tasks(year=2023, half=1)
    PlacementFactory(
        group=group,
        organisation=organisations["municipality"],
        year=2023,
        month=2,
        count=7,
        is_demo=True,
    )
    return group


def text(response) -> str:
    return response.content.decode()


def test_region_table_shows_the_computation_and_sources(client, data):
    page = text(client.get(REGION + "?periode=2023-1"))
    assert "30,95" in page and "25.681" in page and "17.590.672" in page
    assert "Circulaire 2023-I (test)" in page
    assert "Inwoners:" in page
    assert "demonstratiecijfer" in page
    assert "110.000" in page and "Besluit GS (test)" in page  # art. 30 said in words
    assert "2019-I" in page and "01-01-2018" in page


def test_a_half_year_without_populations_computes_nothing(client, data):
    page = text(client.get(REGION + "?periode=2019-1"))
    assert "Voor dit halfjaar is geen taakstelling te berekenen." in page
    assert "De inwonertallen van de gemeenten op 01-01-2018 zijn niet geladen." in page
    assert "<tbody" not in page
    assert client.get(REGION + "tabel.csv?periode=2019-1").status_code == 404


def test_region_csv_and_excel(client, data):
    response = client.get(REGION + "tabel.csv?periode=2023-1")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    borger = dict(zip(header, next(r for r in rows if r[0] == "GM1681"), strict=True))
    assert borger["taakstelling"] == "31" and borger["vg_x_iG_gedeeld_door_iN"] == "30,95"
    assert borger["gehuisvest"] == "7" and borger["demonstratiecijfer"] == "ja"
    emmen = dict(zip(header, next(r for r in rows if r[0] == "GM0114"), strict=True))
    assert emmen["inwoners_vastgesteld_art30"] == "ja" and emmen["inwoners_gemeente_iG"] == "110000"
    response = client.get(REGION + "tabel.xlsx?periode=2023-1")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Taakstelling", "Bronnen"]
    assert workbook["Taakstelling"]["A1"].value == "gemeentecode"


def test_ledger_page_and_csv(client, data):
    page = text(client.get(LEDGER))
    assert "Naar boven afgerond (art. 28): 31." in page
    assert "demonstratiecijfer" in page and "Februari" in page
    assert "niets meegenomen" in page  # no opening balance recorded
    response = client.get(LEDGER + "grootboek.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    february = next(r for r in rows if r[3] == "2023-02")
    assert february[8] == "7" and february[-1] == "ja" and february[-2] == "gemeente"


def test_four_missed_half_years_are_flagged_on_the_page(client, data):
    from tests.factories import TaskFactory

    for year, half in ((2021, 1), (2021, 2), (2022, 1), (2022, 2)):
        TaskFactory(group=data, municipality_code="GM1681", year=year, half=half, amount=10)
        PlacementFactory(
            group=data,
            organisation=Placement.objects.first().organisation,
            year=year,
            month=1 if half == 1 else 7,
            count=1,
        )
    page = text(client.get(LEDGER))
    assert "Vier halfjaren op rij achter." in page


def test_the_form_offers_only_the_own_municipality(client_for, data):
    page = text(client_for("municipality_editor").get(NEW))
    assert 'value="GM1681"' in page and 'value="GM0114"' not in page


def test_form_errors_keep_the_input(client_for, data):
    post = {
        "group": data.pk,
        "municipality_code": "GM1681",
        "year": "2999",
        "month": "3",
        "count": "12",
        "note": "mijn toelichting",
    }
    response = client_for("municipality_editor").post(NEW, post)
    page = text(response)
    assert response.status_code == 200 and "Het formulier is niet verstuurd." in page
    assert "mijn toelichting" in page and 'value="12"' in page
    assert not Placement.objects.filter(count=12).exists()


def test_saving_shows_the_new_balance(client_for, data):
    client = client_for("municipality_editor")
    post = {
        "group": data.pk,
        "municipality_code": "GM1681",
        "year": "2023",
        "month": "3",
        "count": "5",
        "note": "",
    }
    response = client.post(NEW, post, follow=True)
    page = text(response)
    assert "Opgeslagen: 5 in maart 2023 in GM1681" in page
    assert "Saldo 2023-I nu: achterstand 19" in page  # 31 - (7 + 5)
    post["count"] = "6"
    page = text(client.post(NEW, post, follow=True))
    assert "corrigeert het eerder opgegeven aantal 5" in page
    assert Group.objects.get(key="statushouders").placements.count() == 3
