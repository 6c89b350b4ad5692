"""The fixed-shape real files: tmap KWB 2022, KWB 2019 (renamed), CBS 81955NED, prognosis."""

import csv
from pathlib import Path

import pytest
from django.conf import settings

from woonmonitor.areas.names import NameIndex, bare_name, normalise_name
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.monitor.importers.kwb2019 import read_kwb2019, read_kwb2019_file
from woonmonitor.monitor.importers.prognosis import (
    PrognosisRow,
    read_prognosis_file,
    read_prognosis_rows,
    resolve_prognosis,
)
from woonmonitor.monitor.importers.stock import parse_period, read_stock, read_stock_file
from woonmonitor.monitor.importers.tmap import read_tmap, read_tmap_file, urbanity_value
from woonmonitor.monitor.models import ValueStatus

DATA = Path(settings.WOONMONITOR_DATA_DIR)
TMAP = DATA / "tmap-kwb2022-wijk" / "kwb2022_gm_wk_attributes_nl.csv"
KWB2019 = DATA / "kwb-2019-gemeente" / "kwb-2019.csv"
STOCK = DATA / "ftm-woningvoorraad-plancapaciteit" / "cbs_woningvoorraad_gemeenten_2012-2020.csv"
PROGNOSIS = DATA / "ftm-woningvoorraad-plancapaciteit" / "plancapaciteit_databewijst.xlsx"


def by_code_key(parsed):
    return {(v.code, v.period, v.key): v for v in parsed.values}


# --- tmap KWB 2022 -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tmap():
    return read_tmap_file(TMAP)


def test_tmap_reads_every_area_and_variable(tmap):
    assert tmap.rows_read == tmap.rows_accepted == 345 + 3340
    assert not tmap.rejected
    assert len(tmap.values) == (345 + 3340) * 15
    assert tmap.names["WK168100"] == "Valthe"
    assert tmap.provinces["GM1681"] == "Drenthe" and "WK168100" not in tmap.provinces


def test_tmap_values_of_borger_odoorn_match_the_file(tmap):
    got = by_code_key(tmap)
    assert got[("GM1681", 2022, "inwoners")].value == 25681
    assert got[("GM1681", 2022, "woningvoorraad")].value == 11276
    assert got[("GM1681", 2022, "oppervlakte-totaal")].value == 27786  # 277.86 km2 in ha
    assert got[("GM1681", 2022, "stedelijkheid")].value == 5  # not urbanised
    with TMAP.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["code"].startswith("WK1681")]
    assert len(rows) == 25
    for row in rows:
        for column, key in (
            ("dwelling_value", "woz-gemiddeld"),
            ("dwelling_ownership", "koopwoningen"),
        ):
            value = got[(row["code"], 2022, key)]
            if row[column]:
                assert value.value == float(row[column])
            else:
                assert value.value is None and value.status == ValueStatus.MISSING


def test_tmap_empty_cells_are_missing_not_zero(tmap):
    missing = [v for v in tmap.values if v.key == "nettoarbeidsparticipatie" and v.value is None]
    assert len(missing) == 268  # the empty employment_rate cells of the file
    assert all(v.status == ValueStatus.MISSING and "CBS" in v.note for v in missing)


def test_urbanity_classes():
    assert urbanity_value("extremely urbanised")[0] == 1
    assert urbanity_value("Not urbanised ")[0] == 5
    assert urbanity_value("")[:2] == (None, ValueStatus.MISSING)
    assert "onbekende" in urbanity_value("rural")


def test_tmap_rejects_bad_rows_and_refuses_wrong_files():
    header = TMAP.read_text(encoding="utf-8").splitlines()[0]
    good = TMAP.read_text(encoding="utf-8").splitlines()[1]
    lines = [
        header,
        good,
        "XX99," + good.split(",", 1)[1],
        good.replace("extremely urbanised", "very urbanised"),
    ]
    parsed = read_tmap(lines)
    assert parsed.rows_read == 3
    assert [reason for _, reason in parsed.rejected] == ["ongeldige code 'XX99'"]
    # an unreadable cell of a good row: the row is accepted, the value named in a warning
    assert parsed.rows_accepted == 2
    assert any("stedelijkheid" in message for _, message in parsed.warnings)
    with pytest.raises(MalformedFile, match="population"):
        read_tmap(["code,name,province,area", "GM1681,x,y,1"])
    with pytest.raises(MalformedFile):
        read_tmap([])


def test_tmap_selection():
    parsed = read_tmap_file(TMAP, municipalities={"GM1681"})
    assert parsed.rows_accepted == 26
    assert parsed.rows_read == 3685 == parsed.rows_accepted + parsed.skipped_rows
    assert {v.code[2:6] for v in parsed.values} == {"1681"}


# --- KWB 2019 --------------------------------------------------------------------------------


def test_kwb2019_real_file():
    parsed = read_kwb2019_file(KWB2019)
    assert parsed.rows_read == parsed.rows_accepted == 355
    assert len(parsed.values) == 355 * 12
    got = by_code_key(parsed)
    assert got[("GM1681", 2019, "inwoners")].value == 25372
    assert parsed.names["GM1681"] == "Borger-Odoorn"
    parts = sum(
        got[("GM1681", 2019, f"inwoners-{band}")].value
        for band in ("0-14", "15-24", "25-44", "45-64", "65-plus")
    )
    assert parts == 25372


def test_kwb2019_errors():
    header = KWB2019.read_text(encoding="utf-8").splitlines()[0]
    parsed = read_kwb2019([header, "X,WK168100" + ",1" * 12, "Y,GM0003,abc" + ",1" * 11])
    assert parsed.rejected == [("regel 2 (WK168100)", "code WK168100 is geen gemeente")]
    assert parsed.warnings[0][0] == "regel 3 (GM0003) kolom population"
    assert parsed.rows_accepted == 1
    with pytest.raises(MalformedFile, match="unique_id"):
        read_kwb2019(["region,population", "x,1"])


# --- CBS 81955NED ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stock():
    return read_stock_file(STOCK)


def test_stock_real_file(stock):
    assert stock.rows_read == 3933 == 9 * 437
    assert stock.skipped_rows == 445  # gemeenten that did not exist that year
    assert stock.rows_accepted == 3933 - 445
    assert not stock.rejected
    got = by_code_key(stock)
    assert got[("GM1681", 2020, "voorraad-eind")].value == 11224
    assert got[("GM1681", 2020, "saldo-voorraad")].value == -150
    assert got[("GM1681", 2012, "voorraad-begin")].value == 11644
    assert ("GM0738", 2019, "voorraad-eind") not in got  # Aalburg no longer existed
    assert {v.period for v in stock.values} == set(range(2012, 2021))


def test_stock_periods_and_bad_rows():
    assert parse_period("2012JJ00") == 2012
    header = STOCK.read_text(encoding="utf-8").splitlines()[0]
    lines = [
        header,
        "1;A045364;GM1681;2012KW01;1;1;1;1;1;1;1;1",
        "2;A045365;GM1681;2012JJ00;1;1;1;1;1;1;1;1",
        "3;A045364;GM1681;2013JJ00;1;;;1;1;1;1;1",
    ]
    parsed = read_stock(lines)
    reasons = [reason for _, reason in parsed.rejected]
    assert "geen jaar" in reasons[0] and "niet woningen" in reasons[1]
    partial = {v.key: v for v in parsed.values}
    assert partial["nieuwbouw"].status == ValueStatus.MISSING  # one empty cell: missing
    with pytest.raises(MalformedFile, match="Perioden"):
        read_stock(["RegioS;Nieuwbouw_2", "GM1681;1"])


# --- PBL/CBS prognosis ---------------------------------------------------------------------


def test_names_compare_without_case_apostrophes_or_gemeente_suffix():
    assert normalise_name("s-Gravenhage (gemeente)") == normalise_name("'s-Gravenhage")
    assert normalise_name("Groningen (gemeente)") == "groningen"
    assert bare_name("Beek (L.)") == "beek"
    assert bare_name("Bergen (NH.)") == "bergen"


def test_name_index_searches_the_nearest_vintage_first_and_never_guesses():
    index = NameIndex(
        [
            (2019, "GM0014", "Groningen"),
            (2019, "GM0888", "Beek"),
            (2019, "GM0373", "Bergen (NH.)"),
            (2019, "GM0893", "Bergen (L.)"),
            (2022, "GM9999", "Groningen"),
            (2024, "GM1681", "Borger-Odoorn"),
        ],
        target=2018,
    )
    assert index.resolve("Groningen (gemeente)") == ("GM0014", "")  # 2019 before 2022
    assert index.resolve("Borger-Odoorn") == ("GM1681", "")
    assert index.resolve("Bergen (L.)") == ("GM0893", "")
    code, remark = index.resolve("Beek (L.)")
    assert code == "GM0888" and "zonder toevoeging" in remark
    code, remark = index.resolve("Bergen")
    assert code is None and "meer dan één gemeente" in remark
    code, remark = index.resolve("Aalburg")
    assert code is None and "'Aalburg' niet gevonden" in remark


def test_prognosis_rows_of_the_real_sheet():
    rows = read_prognosis_file(PROGNOSIS)
    assert len(rows) == 3800
    borger = [row for row in rows if row.name == "Borger-Odoorn"]
    assert [row.period for row in borger] == list(range(2021, 2031))
    assert borger[0].raw == 25.2


def test_prognosis_resolution_in_persons_with_unresolved_names_reported():
    rows = [
        PrognosisRow("regel 2 (Borger-Odoorn)", "Borger-Odoorn", 2021, 25.2),
        PrognosisRow("regel 3 (Borger-Odoorn)", "Borger-Odoorn", 2022, 25.1),
        PrognosisRow("regel 4 (Aalburg)", "Aalburg", 2021, 13.4),
        PrognosisRow("regel 5 (Aalburg)", "Aalburg", 2022, 13.5),
        PrognosisRow("regel 6 (Assen)", "Assen", "geen jaar", 1),
    ]
    index = NameIndex([(2019, "GM1681", "Borger-Odoorn"), (2019, "GM0106", "Assen")])
    parsed = resolve_prognosis(rows, index)
    assert [(v.code, v.period, v.value) for v in parsed.values] == [
        ("GM1681", 2021, 25200.0),
        ("GM1681", 2022, 25100.0),
    ]
    assert len(parsed.warnings) == 1 and "Aalburg" in parsed.warnings[0][1]
    assert parsed.skipped_rows == 2
    assert parsed.rejected == [("regel 6 (Assen)", "periode 'geen jaar' is geen jaar")]


def test_prognosis_sheet_must_have_the_expected_header():
    with pytest.raises(MalformedFile):
        read_prognosis_rows([("Gemeente", "Jaar", "Aantal")])
    with pytest.raises(MalformedFile, match="x 1 000"):
        read_prognosis_rows([("Regio-indeling 2018", "Perioden", "Totale bevolking")])


def test_a_workbook_without_the_sheet_or_not_a_workbook_is_refused(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(MalformedFile, match="Bevolkingsprognose CBS"):
        read_prognosis_file(path)
    broken = tmp_path / "broken.xlsx"
    broken.write_text("geen excel", encoding="utf-8")
    with pytest.raises(MalformedFile):
        read_prognosis_file(broken)
