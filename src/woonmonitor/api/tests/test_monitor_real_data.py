"""Golden test: the real KWB 2024 file of Borger-Odoorn, through the importer, out of the API.

The expected numbers are read from the source file itself
(``shared/data/kwb-2024-gm-wk/stripped_filtered_data_2024.json``, CBS 85984NED).
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from . import test_monitor_api as base

pytestmark = pytest.mark.django_db

KWB_2024 = settings.WOONMONITOR_DATA_DIR / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"
QUERY = {"level": "wijk", "parent": "GM1681", "period": 2024}


@pytest.fixture
def source() -> dict[str, dict]:
    """The file's rows of Borger-Odoorn and its wijken."""
    rows = json.loads(KWB_2024.read_text(encoding="utf-8"))
    return {code: row for code, row in rows.items() if code[2:6] == "1681"}


@pytest.fixture
def borger_odoorn_2024(db):
    call_command("load_indicators", verbosity=0)
    call_command("import_kwb_values", str(KWB_2024), "--vintage", "2024", "--gemeenten", "GM1681")


def test_the_25_wijken_of_borger_odoorn_as_cbs_published_them(
    api_client, borger_odoorn_2024, source
):
    wijken = {code: row for code, row in source.items() if code.startswith("WK")}
    assert len(wijken) == 25

    homes = base.results(api_client.get(base.values_url("woningvoorraad"), QUERY))
    assert {row["area"]: row["value"] for row in homes} == {
        code: row["Woningvoorraad_35"] for code, row in wijken.items()
    }
    assert {row["status"] for row in homes} == {"definitief"}
    assert {row["source"] for row in homes} == {
        "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    }
    assert {(row["reference_date"], row["published_on"]) for row in homes} == {
        ("2024-01-01", "2025-03-27")
    }

    # CBS rounded the wijk counts of persons to fives already: rounding again changes nothing.
    inhabitants = base.results(api_client.get(base.values_url("inwoners"), QUERY))
    assert {row["area"]: row["value"] for row in inhabitants} == {
        code: row["AantalInwoners_5"] for code, row in wijken.items()
    }
    assert sum(row["value"] for row in inhabitants) == 26015
    (municipality,) = base.results(
        api_client.get(base.values_url("inwoners"), {"area": "GM1681", "period": 2024})
    )
    assert municipality["value"] == source["GM1681"]["AantalInwoners_5"] == 26014


def test_csv_and_profile_of_the_real_data(api_client, borger_odoorn_2024, source):
    rows = base.results(api_client.get(base.values_url("woningvoorraad"), QUERY))
    download = api_client.get(base.values_url("woningvoorraad"), {**QUERY, "format": "csv"})
    assert base.read_csv(download) == base.as_csv_cells(rows)

    profile = base.rows_by_key(api_client.get("/api/v1/areas/WK168100/profile/"))
    homes = profile["woningvoorraad"]
    assert (homes["period"], homes["vintage"]) == (2024, 2024)
    assert homes["value"] == source["WK168100"]["Woningvoorraad_35"]
    assert homes["municipality_value"] == source["GM1681"]["Woningvoorraad_35"]
    assert profile["oppervlakte-land"]["value"] == source["WK168100"]["OppervlakteLand_123"]
