"""Every row of a real monitor file is accepted, rejected or skipped with a reason (issue 10,
point 8): the readers' counts add up with and without ``--gemeenten``, and so do the runs."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from woonmonitor.areas.loaders.codes import OUTSIDE_MUNICIPALITIES
from woonmonitor.areas.names import NameIndex
from woonmonitor.imports.models import ImportRun
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.kwb import read_kwb_file
from woonmonitor.monitor.importers.kwb2019 import read_kwb2019_file
from woonmonitor.monitor.importers.prognosis import (
    read_prognosis_file,
    resolve_prognosis,
)
from woonmonitor.monitor.importers.stock import EMPTY_ROW, read_stock_file
from woonmonitor.monitor.importers.tmap import read_tmap_file

DATA = Path(settings.WOONMONITOR_DATA_DIR)
TMAP = DATA / "tmap-kwb2022-wijk" / "kwb2022_gm_wk_attributes_nl.csv"
KWB2019 = DATA / "kwb-2019-gemeente" / "kwb-2019.csv"
KWB2024 = DATA / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"
STOCK = DATA / "ftm-woningvoorraad-plancapaciteit" / "cbs_woningvoorraad_gemeenten_2012-2020.csv"
PROGNOSIS = DATA / "ftm-woningvoorraad-plancapaciteit" / "plancapaciteit_databewijst.xlsx"
SOME = {"GM1681", "GM0106"}
VARIABLES = {"AantalInwoners": "inwoners", "Woningvoorraad": "woningvoorraad"}


def assert_adds_up(parsed: Parsed) -> None:
    judged = parsed.rows_accepted + len(parsed.rejected) + parsed.skipped_rows
    assert parsed.rows_read == judged
    assert len(parsed.skipped) == parsed.skipped_rows  # every skipped row has its reason


@pytest.mark.parametrize(
    "read",
    [
        lambda gm: read_tmap_file(TMAP, municipalities=gm),
        lambda gm: read_kwb2019_file(KWB2019, municipalities=gm),
        lambda gm: read_stock_file(STOCK, municipalities=gm),
        lambda gm: read_kwb_file(KWB2024, variables=VARIABLES, period=2024, municipalities=gm)[1],
    ],
    ids=["tmap-2022", "kwb-2019", "stock-81955NED", "kwb-2024"],
)
def test_readers_account_for_every_row(read):
    everything = read(set())
    assert_adds_up(everything)
    some = read(SOME)
    assert_adds_up(some)
    assert some.rows_read == everything.rows_read
    outside = [row for row, reason in some.skipped if reason == OUTSIDE_MUNICIPALITIES]
    assert len(outside) >= everything.rows_accepted - some.rows_accepted > 0


def test_stock_names_its_empty_rows():
    parsed = read_stock_file(STOCK)
    assert parsed.skipped and {reason for _, reason in parsed.skipped} == {EMPTY_ROW}


def test_prognosis_names_the_names_it_cannot_place():
    rows = read_prognosis_file(PROGNOSIS)
    index = NameIndex([(2019, "GM1681", "Borger-Odoorn"), (2019, "GM0106", "Assen")], target=2018)
    parsed = resolve_prognosis(rows, index, municipalities={"GM1681"})
    assert_adds_up(parsed)
    assert parsed.rows_read == len(rows)
    reasons = {reason for _, reason in parsed.skipped}
    assert OUTSIDE_MUNICIPALITIES in reasons
    assert any(reason.startswith("gemeentenaam 'Aa en Hunze'") for reason in reasons)


@pytest.mark.django_db
def test_runs_of_the_value_commands_add_up_and_cite_their_source():
    out = StringIO()
    call_command("load_indicators", stdout=out)
    call_command("import_stock_changes", str(STOCK), gemeenten="GM1681", stdout=out)
    stock = ImportRun.objects.get(command="import_stock_changes")
    assert stock.adds_up and stock.rows_skipped > 0 and stock.rows_accepted > 0
    assert {group["reason"] for group in stock.skip_reasons()} == {OUTSIDE_MUNICIPALITIES}
    assert stock.data_source.key == "cbs-woningvoorraad-mutaties"
    assert stock.data_source.table_id == "81955NED"
    call_command("import_kwb_values", str(KWB2019), vintage=2019, gemeenten="GM1681", stdout=out)
    kwb = ImportRun.objects.get(command="import_kwb_values")
    assert kwb.adds_up and kwb.rows_accepted == 1
    assert (kwb.data_source.key, kwb.data_source.table_id) == ("cbs-kwb-hernoemd", "84583NED")
    assert "telt op:" in out.getvalue() and "telt niet op" not in out.getvalue()


@pytest.mark.django_db
def test_area_groups_are_a_recorded_run_with_their_source():
    call_command("load_area_groups", stdout=StringIO())
    run = ImportRun.objects.get(command="load_area_groups")
    assert run.adds_up and run.rows_read == run.rows_accepted > 0
    assert run.data_source.key == "woonmonitor-gebiedsgroepen"
