"""The readers of the new real files (issue 10): KWB 2020-2024 per gemeente, KWB 2024 per buurt,
the CBS maatwerk tables per wijk and the StatLine exports per gemeente name. Checks come from each
folder's SOURCE.txt; the files are never edited: cleaning happens in the reader."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.files import csv_records
from woonmonitor.monitor.importers.kwb_buurt import read_kwb_buurt
from woonmonitor.monitor.importers.kwb_gemeente import read_kwb_gemeente, read_kwb_gemeente_file
from woonmonitor.monitor.importers.maatwerk import read_cars, read_income
from woonmonitor.monitor.importers.statline import (
    GemeenteNames,
    read_statline,
    unmatched_names,
    unwrap_doubled_quotes,
)
from woonmonitor.monitor.models import ValueStatus

DATA = Path(settings.WOONMONITOR_DATA_DIR)
KWB_GM = DATA / "kwb-2020-2024-gemeente"
BUURT = DATA / "kwb-2024-buurt" / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
ORIGIN = DATA / "kwb-2024-buurt" / "Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv"
MAATWERK = DATA / "cbs-maatwerk-wijk-2020-2023"
STATLINE = DATA / "cbs-statline-gemeente-2024-2025"
KEY_FIGURES = STATLINE / "Regionale_kerncijfers_Nederland_11122025_133649.csv"
INCOME = STATLINE / "Inkomen_van_huishoudens__regio_11122025_135329.csv"
KOPPEL = DATA / "provincies-gemeenten-simplified" / "KoppelCodes.csv"


def values(parsed):
    return {(v.code, v.period, v.key): v for v in parsed.values}


def adds_up(parsed):
    return parsed.rows_read == parsed.rows_accepted + len(parsed.rejected) + parsed.skipped_rows


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines(keepends=True)


# --- KWB 2020-2024 per gemeente --------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "count", "inhabitants"), [(2020, 355, 25559), (2022, 345, 25681), (2024, 342, 26014)]
)
def test_kwb_gemeente_real_files(year, count, inhabitants):
    parsed = read_kwb_gemeente_file(KWB_GM / f"kwb{year}_clean.csv")
    found = values(parsed)
    assert parsed.rows_accepted == count and not parsed.rejected and adds_up(parsed)
    assert found[("GM1681", year, "inwoners")].value == inhabitants
    assert parsed.names["GM1681"] == "Borger-Odoorn"
    assert parsed.names["GM0820"] == "Nuenen, Gerwen en Nederwetten"  # quoted comma


def test_kwb_gemeente_woz_is_divided_back_to_thousands():
    """The author multiplied g_wozbag by 1000: 209000 in the file is 209 (x 1000 euro)."""
    raw = next(
        r
        for r in csv.DictReader(io.StringIO((KWB_GM / "kwb2020_clean.csv").read_text()))
        if r["gwb_code"] == "GM1681"
    )
    assert raw["g_wozbag"] == "209000"
    found = values(read_kwb_gemeente_file(KWB_GM / "kwb2020_clean.csv"))
    assert found[("GM1681", 2020, "woz-gemiddeld")].value == 209.0
    parsed = read_kwb_gemeente_file(KWB_GM / "kwb2021_clean.csv")
    assert values(parsed)[("GM1681", 2021, "woningvoorraad")].value == 11224  # = 81955NED end 2020


def test_kwb_gemeente_woz_already_in_thousands_is_refused_not_divided_twice():
    text = lines(KWB_GM / "kwb2024_clean.csv")
    bad = [text[0], text[1].replace(",300000,", ",300,")]
    parsed = read_kwb_gemeente(bad)
    assert parsed.rows_accepted == 0 and "g_wozbag" in parsed.rejected[0][1]
    assert adds_up(parsed)


def test_kwb_gemeente_blank_is_missing_and_other_rows_are_skipped():
    text = lines(KWB_GM / "kwb2024_clean.csv")
    header, row = text[0], text[1]
    cells = row.rstrip("\n").split(",")
    cells[8] = ""  # p_koopw
    wijk = row.replace(",Gemeente,", ",Wijk,")
    parsed = read_kwb_gemeente([header, ",".join(cells) + "\n", wijk, "\n"])
    koop = values(parsed)[(cells[1], 2024, "koopwoningen")]
    assert koop.value is None and koop.status == ValueStatus.MISSING and "leeg" in koop.note
    assert parsed.rows_read == 3 and parsed.rows_accepted == 1 and parsed.skipped_rows == 2
    assert adds_up(parsed)


def test_kwb_gemeente_takes_a_later_year_of_the_same_shape(tmp_path):
    """A kwb2025_clean.csv built from the real 2024 file's shape: no code change needed."""
    later = tmp_path / "kwb2025_clean.csv"
    text = lines(KWB_GM / "kwb2024_clean.csv")
    later.write_text(text[0] + "".join(line.replace("2024,", "2025,", 1) for line in text[1:]))
    parsed = read_kwb_gemeente_file(later)
    assert parsed.rows_accepted == 342 and {v.period for v in parsed.values} == {2025}
    assert values(parsed)[("GM1681", 2025, "inwoners")].value == 26014


def test_kwb_gemeente_missing_column_refuses_the_file():
    text = lines(KWB_GM / "kwb2024_clean.csv")
    with pytest.raises(MalformedFile, match="p_wcorpw"):
        read_kwb_gemeente([text[0].replace("p_wcorpw", "p_x"), text[1]])


# --- KWB 2024 per buurt ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def buurt():
    return read_kwb_buurt(BUURT, ORIGIN, period=2024)


def test_kwb_buurt_real_files(buurt):
    parsed = buurt.parsed
    assert parsed.rows_read == 18310 and parsed.rows_accepted == 18310 and adds_up(parsed)
    assert sum(1 for kind in buurt.kinds.values() if kind == "buurt") == 14574
    found = values(parsed)
    annen = ("BU16800000", 2024)
    assert found[(*annen, "inwoners")].value == 3455
    assert found[(*annen, "mannen")].value == 1680 and found[(*annen, "vrouwen")].value == 1770
    assert found[(*annen, "herkomst-nederland")].value == 3210  # joined by row order
    assert found[("GM1681", 2024, "inwoners")].value == 26014
    assert found[("WK168100", 2024, "inwoners")].value == 1215
    assert found[("NL01", 2024, "inwoners")].value == 17942942
    assert parsed.names["BU16800000"] == "Annen"
    assert buurt.changes["GM1681"] == "1"


def test_kwb_buurt_origin_out_of_order_is_refused():
    origin = lines(ORIGIN)
    swapped = [origin[0], origin[1], origin[3], origin[2], *origin[4:20]]
    with pytest.raises(MalformedFile, match="wijkt af"):
        read_kwb_buurt(lines(BUURT)[:20], swapped, period=2024)


def test_kwb_buurt_origin_shorter_is_refused():
    with pytest.raises(MalformedFile, match="korter"):
        read_kwb_buurt(lines(BUURT)[:20], lines(ORIGIN)[:10], period=2024)


def test_kwb_buurt_selection_is_skipped_with_reason():
    found = read_kwb_buurt(
        lines(BUURT)[:60], lines(ORIGIN)[:60], period=2025, municipalities={"GM1680"}
    )
    parsed = found.parsed
    assert adds_up(parsed) and parsed.skipped_rows >= 1
    assert {v.period for v in parsed.values} == {2025}  # the year is the caller's: any later year


# --- CBS maatwerk ------------------------------------------------------------------------------


def test_income_2020_on_indeling_2023():
    parsed = read_income(MAATWERK / "kvk2020-wb2023.csv")
    assert (parsed.period, parsed.vintage) == (2020, 2023)
    assert adds_up(parsed) and not parsed.rejected
    found = values(parsed)
    assert found[("GM1681", 2020, "inkomen-per-inwoner")].value == 25.7
    assert found[("GM1681", 2020, "huishoudens-laagste-40")].value == 35.9
    assert found[("GM1681", 2020, "huishoudens-hoogste-20")].value == 17.3
    zandberg = found[("WK168103", 2020, "inkomen-per-inwoner")]
    assert zandberg.value is None and zandberg.status == ValueStatus.SUPPRESSED


def test_cars_2023_gemeente_and_wijk():
    gem = read_cars(MAATWERK / "gem-autobezit-huishouden_2023_gem.csv")
    wijk = read_cars(MAATWERK / "gem-autobezit-huishouden_2023_wijk.csv")
    assert gem.period == wijk.period == 2023 and adds_up(gem) and adds_up(wijk)
    assert values(gem)[("GM0160", 2023, "personenautos-per-huishouden")].value == 1.3
    found = values(wijk)
    assert found[("WK016001", 2023, "personenautos-per-huishouden")].value == 1.6
    anevelde = found[("WK016003", 2023, "personenautos-per-huishouden")]
    assert anevelde.value is None and anevelde.status == ValueStatus.SUPPRESSED


def test_cars_later_year_from_the_title_and_wrong_gemeente_rejected():
    text = lines(MAATWERK / "gem-autobezit-huishouden_2023_wijk.csv")
    text[0] = text[0].replace("1 januari 2023", "1 januari 2026")
    text[5] = text[5].replace(";GM0014;", ";GM0034;")
    parsed = read_cars(text)
    assert parsed.period == 2026 and adds_up(parsed)
    assert any("hoort niet bij" in reason for _, reason in parsed.rejected)


# --- StatLine per gemeente name ----------------------------------------------------------------


@pytest.fixture(scope="module")
def names_2024():
    _header, records = csv_records(KOPPEL, delimiter=";")
    return GemeenteNames({(r["gemeentCode"], r["gemeenteNaam"]) for r in records}, vintage=2024)


def test_income_export_with_doubled_quotes_is_unwrapped():
    raw = lines(INCOME)
    assert raw[0].count('"";""') == 8  # the file as it is: one extra layer of quoting
    clean = list(unwrap_doubled_quotes(raw))
    assert clean[2].startswith('"Particuliere huishoudens incl. studenten";')
    assert clean[-1].strip() == ""
    assert list(unwrap_doubled_quotes(lines(KEY_FIGURES)[:3])) == lines(KEY_FIGURES)[:3]


def test_income_2024_matched_by_name(names_2024):
    shape, parsed = read_statline(INCOME, names=names_2024)
    assert shape == "inkomen-huishoudens" and adds_up(parsed) and not parsed.rejected
    value = values(parsed)[("GM1681", 2024, "inkomen-besteedbaar-mediaan")]
    assert value.value == 50.2 and value.status == ValueStatus.PROVISIONAL  # 2024*
    assert values(parsed)[("GM0014", 2024, "inkomen-besteedbaar-mediaan")].value == 33.2
    vlieland = values(parsed)[("GM0096", 2024, "inkomen-besteedbaar-mediaan")]
    assert vlieland.value is None and vlieland.status == ValueStatus.MISSING


def test_key_figures_2025_matched_by_name_never_guessed(names_2024):
    shape, parsed = read_statline(KEY_FIGURES, names=names_2024)
    assert shape == "regionale-kerncijfers" and adds_up(parsed) and not parsed.rejected
    found = values(parsed)
    assert found[("GM1681", 2025, "inwoners-80-plus")].value == 1613
    assert found[("GM1681", 2025, "inwoners-65-79")].value == 5365
    assert found[("GM0164", 2025, "inwoners")].value  # Hengelo (O.)
    # Hengelo (Gld.) (no longer a gemeente, empty) must not be taken for Hengelo (O.)
    assert any("Hengelo (Gld.)" in row for row, _ in parsed.skipped)
    assert len({v.code for v in parsed.values}) == 343  # 342 gemeenten + Nederland


def test_unknown_name_with_figures_is_rejected_and_reported(names_2024):
    text = lines(KEY_FIGURES)
    row = next(line for line in text if '"Borger-Odoorn"' in line)
    provinces = row.replace('"Borger-Odoorn"', '"Drenthe (PV)"')
    _, parsed = read_statline(
        [text[0], row.replace('"Borger-Odoorn"', '"Borger Odoorn (Dr.)"'), provinces],
        names=names_2024,
    )
    assert unmatched_names(parsed) == ["Borger Odoorn (Dr.)"]
    assert parsed.skipped and "provincie" in parsed.skipped[0][1]
    assert not parsed.values and adds_up(parsed)
