"""KWB in the shapes CBS publishes: OData TypedDataSet, stripped JSON, StatLine CSV.

The OData answers are built from the real metadata and figures (``cbs_fake.typed_rows``: the
real 85984NED DataProperties keys, codes padded as CBS sends them, the real 2024 figures).
"""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.monitor.catalogue import read_catalogue
from woonmonitor.monitor.importers.kwb import (
    column_plan,
    read_cbs_csv,
    read_kwb_file,
    read_odata_rows,
    read_stripped,
    variable_map,
)
from woonmonitor.monitor.models import ValueStatus
from woonmonitor.monitor.tests.cbs_fake import envelope, typed_rows

DATA = Path(settings.WOONMONITOR_DATA_DIR)
STRIPPED = DATA / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"


@pytest.fixture(scope="module")
def variables():
    """The real catalogue's map, restricted like ``loading.kwb_variables`` to KWB indicators."""
    specs = [
        spec
        for spec in read_catalogue().indicators
        if not spec.source_table
        or spec.source_table.startswith(("8", "9"))
        and spec.source_table != "81955NED"
    ]
    return variable_map(specs)


@pytest.fixture(scope="module")
def real_rows():
    return typed_rows()


def values_of(parsed, code):
    return {value.key: value for value in parsed.values if value.code == code}


def test_variable_map_follows_the_catalogue(variables):
    assert variables["AantalInwoners"] == "inwoners"
    assert variables["Woningvoorraad"] == "woningvoorraad"
    assert variables["GemiddeldeWOZWaardeVanWoningen"] == "woz-gemiddeld"
    assert "BeginstandVoorraad" not in variables  # 81955NED, not a KWB variable
    assert all(not key.startswith("aandeel-") for key in variables.values())  # ratios


def test_variable_map_prefers_the_kwb_indicator_and_skips_ratios():
    specs = [
        SimpleNamespace(
            key="a", source_variable="X", source_table="81955NED", computation="direct"
        ),
        SimpleNamespace(
            key="b", source_variable="X", source_table="85984NED", computation="direct"
        ),
        SimpleNamespace(key="c", source_variable="Y", source_table="", computation="verhouding"),
    ]
    assert variable_map(specs) == {"X": "b"}


def test_column_plan_matches_without_suffix_and_refuses_ambiguous_bases():
    properties = json.loads((DATA / "kwb-2024-gm-wk" / "DataProperties.json").read_text())
    columns = [p["Key"] for p in properties if p["Type"] == "Topic"]
    plan, warnings = column_plan(
        columns,
        {"AantalInwoners": "inwoners", "Appartement": "x", "Appartement_62": "gas-appartement"},
    )
    assert ("AantalInwoners_5", "inwoners") in plan
    # Appartement_54 (electricity) and Appartement_62 (gas) share a base name: only the exact
    # name is used, the bare base is refused with a warning.
    assert ("Appartement_62", "gas-appartement") in plan
    assert not any(column == "Appartement_54" for column, _ in plan)
    assert any("Appartement komt 2 keer voor" in warning for warning in warnings)


def test_odata_rows_give_real_values_with_trimmed_codes(variables, real_rows):
    parsed = read_odata_rows(envelope("TypedDataSet", real_rows), variables=variables, period=2024)
    gm = values_of(parsed, "GM1681")
    assert gm["inwoners"].value == 26014
    assert gm["inwoners"].status == ValueStatus.DEFINITIVE and gm["inwoners"].period == 2024
    assert parsed.names["GM1681"] == "Borger-Odoorn"
    wijken = [v.value for v in parsed.values if v.code.startswith("WK1681") and v.key == "inwoners"]
    assert len(wijken) == 25 and sum(wijken) == 26015
    # Columns the real file leaves empty are CBS "." in OData: missing, never zero.
    assert gm["koopwoningen"].value is None
    assert gm["koopwoningen"].status == ValueStatus.MISSING
    # The KWB country row NL00 is the platform's country NL01.
    assert values_of(parsed, "NL01")["inwoners"].status == ValueStatus.MISSING
    assert parsed.rows_read == parsed.rows_accepted == len(real_rows)
    assert not parsed.rejected


def test_odata_special_codes_are_secret(variables):
    rows = typed_rows({("WK168100", "AantalInwoners_5"): -99997, ("GM1681", "Koopwoningen_47"): 74})
    parsed = read_odata_rows({"value": rows}, variables=variables, period=2024)
    secret = values_of(parsed, "WK168100")["inwoners"]
    assert (secret.value, secret.status) == (None, ValueStatus.SUPPRESSED)
    assert secret.note.startswith("CBS: geheim")
    assert values_of(parsed, "GM1681")["koopwoningen"].value == 74


def test_odata_selection_of_municipalities_leaves_out_the_rest_and_the_country(
    variables, real_rows
):
    parsed = read_odata_rows(real_rows, variables=variables, period=2024, municipalities={"GM1681"})
    assert {code[:2] for code in parsed.codes} == {"GM", "WK", "BU"}
    assert all(code[2:6] == "1681" for code in parsed.codes)
    assert parsed.rows_accepted == 1 + 25 + 58
    # the other rows are read and skipped with the reason
    assert parsed.rows_read == len(real_rows) == parsed.rows_accepted + parsed.skipped_rows


def test_odata_bad_rows_are_rejected_and_bad_payloads_refused(variables):
    rows = [
        {"WijkenEnBuurten": "GM1681    ", "AantalInwoners_5": 26014},
        {"WijkenEnBuurten": "XX12      ", "AantalInwoners_5": 1},
        {"WijkenEnBuurten": "PV22      ", "AantalInwoners_5": 1},
        {"WijkenEnBuurten": "GM0106    ", "AantalInwoners_5": "veel"},
    ]
    parsed = read_odata_rows({"value": rows}, variables=variables, period=2024)
    assert [v.code for v in parsed.values] == ["GM1681"]
    reasons = dict(parsed.rejected)
    assert "ongeldige code" in reasons["rij 2 (XX12)"]
    assert "geen gemeente" in reasons["rij 3 (PV22)"]
    assert "rij 4 (GM0106)" not in reasons  # the row is good, one cell is not
    assert "geen getal" in dict(parsed.warnings)["rij 4 (GM0106) kolom AantalInwoners_5"]
    with pytest.raises(MalformedFile):
        read_odata_rows({"odata.metadata": "x"}, variables=variables, period=2024)
    with pytest.raises(MalformedFile):
        read_odata_rows({"value": [{"Foo": 1}]}, variables=variables, period=2024)
    with pytest.raises(MalformedFile, match="Geen enkele kolom"):
        read_odata_rows(
            {"value": [{"Codering_3": "GM1681", "Foo_9": 1}]}, variables=variables, period=2024
        )


def test_the_real_stripped_file(variables):
    shape, parsed = read_kwb_file(STRIPPED, variables=variables, period=2024)
    assert shape == "stripped"
    assert parsed.rows_read == 342 + 3393 and not parsed.rejected
    gm = values_of(parsed, "GM1681")
    assert gm["inwoners"].value == 26014
    assert gm["oppervlakte-totaal"].value == 27789
    assert set(gm) == {
        "inwoners",
        "mannen",
        "vrouwen",
        "woningvoorraad",
        "bevolkingsdichtheid",
        "oppervlakte-totaal",
        "oppervlakte-land",
        "oppervlakte-water",
    }
    raw = json.loads(STRIPPED.read_text())
    nulls = sum(1 for figures in raw.values() for v in figures.values() if v is None)
    missing = [v for v in parsed.values if v.status == ValueStatus.MISSING]
    assert len(missing) == nulls == 40


def test_stripped_selection_and_bad_entries(variables):
    data = {"GM1681": {"AantalInwoners_5": 1}, "GM0106": {"AantalInwoners_5": 2}, "WK000": {}}
    parsed = read_stripped(data, variables=variables, period=2024, municipalities={"GM1681"})
    assert [(v.code, v.value) for v in parsed.values] == [("GM1681", 1.0)]
    assert parsed.rejected == [("rij 3 (WK000)", "ongeldige code 'WK000'")]


def test_statline_csv_with_symbols(variables, tmp_path):
    text = (
        "ID;WijkenEnBuurten;Gemeentenaam_1;AantalInwoners_5;Koopwoningen_47\n"
        '0;"GM1681    ";"Borger-Odoorn                           ";26014;74\n'
        '1;"WK168100  ";"Borger-Odoorn";1230;.\n'
        '2;"WK168101  ";"Borger-Odoorn";x;-99997\n'
        "3;WK168102;Borger-Odoorn;12\n"
    )
    path = tmp_path / "kwb.csv"
    path.write_text(text, encoding="utf-8")
    shape, parsed = read_kwb_file(path, variables=variables, period=2024)
    assert shape == "cbs-csv"
    assert parsed.names == {"GM1681": "Borger-Odoorn"}
    got = {(v.code, v.key): (v.value, v.status) for v in parsed.values}
    assert got[("GM1681", "inwoners")] == (26014.0, ValueStatus.DEFINITIVE)
    assert got[("WK168100", "koopwoningen")] == (None, ValueStatus.MISSING)
    assert got[("WK168101", "inwoners")] == (None, ValueStatus.SUPPRESSED)
    assert got[("WK168101", "koopwoningen")] == (None, ValueStatus.SUPPRESSED)
    assert parsed.rejected == [("regel 5 (WK168102)", "4 kolommen, verwacht 5")]


def test_files_that_are_not_kwb_are_refused(variables, tmp_path):
    cases = {
        "empty.csv": "",
        "broken.json": '{"GM1681": {"AantalInwoners_5": 1',
        "list.json": "[1, 2, 3]",
        "nocode.csv": "a;b\n1;2\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(MalformedFile):
            read_kwb_file(path, variables=variables, period=2024)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Codering_3;AantalInwoners_5\nGM1681;\xe9\n".encode("latin-1"))
    with pytest.raises(MalformedFile, match="UTF-8"):
        read_kwb_file(latin, variables=variables, period=2024)
    with pytest.raises(MalformedFile, match="Geen enkele kolom"):
        read_cbs_csv(["Codering_3;Foo_1", "GM1681;1"], variables=variables, period=2024)
