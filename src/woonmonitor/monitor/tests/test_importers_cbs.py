"""CBS cells: numbers, and the special values that are never numbers."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from woonmonitor.monitor.importers.cbs import (
    NOTE_BLANK,
    NOTE_DOT,
    CellError,
    read_cell,
)
from woonmonitor.monitor.models import ValueStatus


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (26014, 26014.0),
        (2.5, 2.5),
        ("11224", 11224.0),
        (" 42 ", 42.0),
        ("-150", -150.0),  # a negative saldo is a real figure
        ("1,5", 1.5),
        ("0", 0.0),
    ],
)
def test_numbers_are_read_as_definitive_values(raw, expected):
    assert read_cell(raw) == (expected, ValueStatus.DEFINITIVE, "")


def test_factor_converts_units_without_binary_noise():
    # tmap keeps R's binary double: 277.85999999999996 km2 is 27786 ha
    assert read_cell("277.85999999999996", 100.0)[0] == 27786.0
    assert read_cell(25.2, 1000.0)[0] == 25200.0


@pytest.mark.parametrize("raw", [-99997, "-99997", -99997.0])
def test_the_cbs_secrecy_code_is_secret_never_a_number(raw):
    value, status, note = read_cell(raw)
    assert value is None
    assert status == ValueStatus.SUPPRESSED
    assert note.startswith("CBS: geheim")


@pytest.mark.parametrize("raw", [-99995, "-99996", -99999, -99990])
def test_other_cbs_codes_are_missing_with_the_code_in_the_note(raw):
    value, status, note = read_cell(raw)
    assert value is None and status == ValueStatus.MISSING
    assert str(int(float(raw))) in note


def test_the_x_sign_is_secret():
    assert read_cell("x")[:2] == (None, ValueStatus.SUPPRESSED)


@pytest.mark.parametrize(
    ("raw", "note"),
    [(".", NOTE_DOT), ("", NOTE_BLANK), ("   ", NOTE_BLANK)],
)
def test_dot_and_blank_are_missing_with_the_cbs_meaning(raw, note):
    assert read_cell(raw) == (None, ValueStatus.MISSING, note)


def test_null_and_words_for_nothing_are_missing():
    assert read_cell(None, null_note="leeg")[:3] == (None, ValueStatus.MISSING, "leeg")
    for word in ("NA", "nan", "null"):
        assert read_cell(word)[:2] == (None, ValueStatus.MISSING)


@pytest.mark.parametrize("raw", ["abc", "1.2.3", "1,2,3", True, {"a": 1}, "inf", float("nan")])
def test_anything_else_is_an_error_not_a_value(raw):
    with pytest.raises(CellError):
        read_cell(raw)


def test_the_symbols_match_the_real_cbs_legend():
    """The notes quote the real 'Verklaring van symbolen' of the CBS table."""
    infos = json.loads(
        Path(settings.WOONMONITOR_DATA_DIR, "kwb-2024-gm-wk", "TableInfos.json").read_text()
    )
    legend = infos[0]["Description"]
    assert "het cijfer is onbekend, onvoldoende betrouwbaar of geheim" in legend
    assert "onbekend, onvoldoende betrouwbaar of geheim" in NOTE_DOT
    assert "het cijfer kan op logische gronden niet voorkomen" in legend
    assert "kan op logische gronden niet voorkomen" in NOTE_BLANK
