"""Every row of a real area file is accepted, rejected or skipped with a reason (issue 10, point 8).

Each import runs on a file of WOONMONITOR_DATA_DIR, limited to some gemeenten; the run's counts
must add up (gelezen = geaccepteerd + afgewezen + overgeslagen) and name why rows were skipped.
"""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from woonmonitor.areas.importing import OUTSIDE_GEMEENTEN
from woonmonitor.areas.management.commands.load_boundaries import NOT_CHOSEN
from woonmonitor.areas.management.commands.load_kwb import NATIONAL_ROW
from woonmonitor.imports.models import ImportRun

pytestmark = pytest.mark.django_db

DATA = Path(settings.WOONMONITOR_DATA_DIR)
TMAP = DATA / "tmap-kwb2022-wijk"
KOPPEL = DATA / "provincies-gemeenten-simplified" / "KoppelCodes.csv"
KWB_2024 = DATA / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"


def load(*args, **options) -> tuple[ImportRun, str]:
    out = StringIO()
    call_command(*[str(a) for a in args], stdout=out, **options)
    return ImportRun.objects.order_by("-pk").first(), out.getvalue()


def reasons(run: ImportRun) -> dict[str, int]:
    return {group["reason"]: group["count"] for group in run.skip_reasons()}


def test_kwb_tmap_with_gemeenten_skips_the_rest_and_adds_up():
    with TMAP.joinpath("kwb2022_gm_wk_attributes_nl.csv").open(encoding="utf-8") as handle:
        lines = sum(1 for _ in csv.DictReader(handle))
    run, output = load(
        "load_kwb", TMAP / "kwb2022_gm_wk_attributes_nl.csv", vintage=2022, gemeenten="GM1681"
    )
    assert run.rows_read == lines
    assert run.adds_up and run.rows_accepted > 10 and run.rows_rejected == 0
    assert reasons(run) == {OUTSIDE_GEMEENTEN: lines - run.rows_accepted}
    assert f"telt op: {lines} gelezen = {run.rows_accepted} geaccepteerd + 0 afgewezen" in output
    assert run.data_source.key == "cbs-kwb-tmap" and run.data_source.table_id == "85318NED"


def test_kwb_2024_national_rows_are_skipped_with_their_reason():
    records = json.loads(KWB_2024.read_text(encoding="utf-8"))
    national = [code for code in records if code.startswith(("NL", "PV"))]
    run, _ = load("load_kwb", KWB_2024, vintage=2024, gemeenten="GM1681,GM0106")
    assert run.rows_read == len(records)
    assert run.adds_up
    assert reasons(run).get(NATIONAL_ROW, 0) == len(national)
    assert run.data_source.key == "cbs-kwb" and run.source.startswith("CBS, Kerncijfers")


def test_boundaries_only_and_outside_are_two_reasons():
    run, _ = load(
        "load_boundaries",
        TMAP / "NLD_prov_2022_rd.geojson",
        vintage=2022,
        level="provincie",
        only="PV22,PV23",
    )
    features = json.loads((TMAP / "NLD_prov_2022_rd.geojson").read_text())["features"]
    assert (run.rows_read, run.rows_accepted) == (len(features), 2)
    assert run.adds_up and reasons(run) == {NOT_CHOSEN: len(features) - 2}
    wijken = TMAP / "wijk_2022_drenthe_hardenberg_wgs84.geojson"
    run, _ = load("load_boundaries", wijken, vintage=2022, level="wijk", gemeenten="GM1681")
    assert run.adds_up and run.rows_read == len(json.loads(wijken.read_text())["features"])
    assert set(reasons(run)) == {OUTSIDE_GEMEENTEN}


def test_municipality_provinces_and_regions_add_up():
    with KOPPEL.open(encoding="utf-8-sig") as handle:
        lines = sum(1 for row in csv.reader(handle, delimiter=";") if row) - 1
    run, _ = load("load_municipality_provinces", KOPPEL, vintage=2024, gemeenten="GM1681")
    assert run.adds_up and run.rows_accepted == 1
    assert run.rows_read == lines and run.rows_skipped == lines - 1
    run, _ = load("load_regions")
    assert run.adds_up and run.rows_read == run.rows_accepted > 0
    assert run.data_source.key == "woonmonitor-regio-indeling"


def test_source_can_still_be_overridden():
    run, _ = load("load_regions", source="Eigen regio-indeling")
    assert run.source == "Eigen regio-indeling"
    assert run.data_source.key == "woonmonitor-regio-indeling"
