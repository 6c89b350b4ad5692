"""Pure tests of the KWB readers and CBS special values (no database)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from woonmonitor.areas.loaders.kwb import base_key, detect_format, parse_figure, read_kwb
from woonmonitor.imports.errors import InvalidRow, MalformedFile

DATA = Path(settings.WOONMONITOR_DATA_DIR)
ODATA = Path(__file__).parent / "data" / "kwb_odata_85984NED_GM1681.json"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (26014, Decimal("26014.00")),
        ("11276", Decimal("11276.00")),
        (12.345, Decimal("12.35")),
        (" 7 ", Decimal("7.00")),
        (0, Decimal("0.00")),
    ],
)
def test_figures_are_parsed(raw, expected):
    assert parse_figure(raw) == (expected, "")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (-99997, "CBS-speciale waarde"),
        (-99995, "CBS-speciale waarde"),
        ("-99999", "speciale"),
        (None, "null"),
        (".", "geen waarde"),
        ("", "geen waarde"),
        ("x", "geen waarde"),
        (-3, "negatieve"),
        (True, "geen getal"),
        ("abc", "geen getal"),
        ([1], "geen getal"),
    ],
)
def test_special_values_are_never_numbers(raw, reason):
    value, why = parse_figure(raw)
    assert value is None
    assert reason in why


def test_km2_to_hectares():
    assert parse_figure(83.46000000000001, Decimal(100))[0] == Decimal("8346.00")


def test_base_key_strips_the_cbs_position_suffix():
    assert base_key("Woningvoorraad_35") == "Woningvoorraad"
    assert base_key("AantalInwoners_5") == "AantalInwoners"


def test_odata_typed_dataset():
    fmt, records = read_kwb(ODATA)
    assert fmt == "odata"
    by_code = {r.code: r for r in records}
    assert set(by_code) == {"NL01", "GM1681", "WK168100", "WK168101", "BU16810001"}
    gm = by_code["GM1681"]
    assert gm.name == "Borger-Odoorn"  # padding removed
    assert gm.figures == {
        "inhabitants": Decimal("26014.00"),
        "homes": Decimal("11537.00"),
        "surface_ha": Decimal("27789.00"),
    }
    assert by_code["WK168100"].name == ""  # Gemeentenaam_1 is not the wijk's name
    assert "homes" in by_code["WK168101"].skipped
    assert set(by_code["BU16810001"].skipped) == {"inhabitants", "homes", "surface_ha"}


def test_stripped_2024_real_file():
    fmt, records = read_kwb(DATA / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json")
    assert fmt == "stripped"
    codes = [r.code for r in records if not isinstance(r, InvalidRow)]
    assert len(codes) == 342 + 3393
    gm = next(r for r in records if r.code == "GM1681")
    assert gm.figures["inhabitants"] == Decimal("26014.00")
    wijken = [r for r in records if r.code.startswith("WK1681")]
    assert len(wijken) == 25
    assert sum(r.figures["inhabitants"] for r in wijken) == 26015


def test_tmap_csv_real_file():
    fmt, records = read_kwb(DATA / "tmap-kwb2022-wijk" / "kwb2022_gm_wk_attributes_nl.csv")
    assert fmt == "tmap"
    gm = next(r for r in records if r.code == "GM1681")
    assert gm.figures["inhabitants"] == 25681
    assert gm.figures["homes"] == 11276
    assert gm.province_name == "Drenthe"
    assert gm.name == "Borger-Odoorn"


def test_cbs_csv_export(tmp_path):
    path = tmp_path / "kwb.csv"
    path.write_text(
        "ID;WijkenEnBuurten;Gemeentenaam_1;Codering_3;AantalInwoners_5;Woningvoorraad_34\n"
        "1;GM1681    ;Borger-Odoorn   ;GM1681    ;25681;       .\n"
    )
    fmt, records = read_kwb(path)
    assert fmt == "cbs-csv"
    assert records[0].figures == {"inhabitants": Decimal("25681.00")}
    assert "homes" in records[0].skipped


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", "{oops", "Geen geldige JSON"),
        ("list.json", "[1, 2]", "onbekende JSON-vorm"),
        ("empty.csv", "", "leeg"),
        ("nocode.csv", "naam,inwoners\nX,1\n", "geen kolom"),
        ("tmap.csv", "code,name,area,population\nGM1681,B,1,2\n", "dwelling_total"),
        (
            "odata.json",
            json.dumps({"value": [{"Codering_3": "GM1681", "Mannen_6": 1}]}),
            "Geen van de kerncijfers",
        ),
    ],
)
def test_malformed_kwb_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MalformedFile, match=message):
        read_kwb(path)


def test_invalid_codes_are_row_errors(tmp_path):
    path = tmp_path / "kwb.json"
    path.write_text(
        json.dumps({"GM1681": {"AantalInwoners_5": 1}, "GM12": {"AantalInwoners_5": 1}})
    )
    _, records = read_kwb(path)
    assert isinstance(records[1], InvalidRow)


def test_detect_format_of_the_odata_fixture():
    assert detect_format(ODATA)[0] == "odata"
