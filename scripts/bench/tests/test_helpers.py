"""The benchmark's pure helpers (not part of ``make test``; run with
``.venv/bin/pytest scripts/bench/tests -q``)."""

from __future__ import annotations

import csv

import pytest
from stats import Result, markdown_table, median, percentile
from synthetic import Buurt, kwb_rows, replicate_row, spread_buurten, write_csv


def test_median_and_nearest_rank_percentile():
    samples = [5.0, 1.0, 3.0, 2.0, 4.0, 100.0]
    assert median(samples) == 3.5
    assert percentile(samples, 0.5) == 3.0
    assert percentile(samples, 0.95) == 100.0
    twenty = [float(n) for n in range(1, 21)]
    assert percentile(twenty, 0.95) == 19.0  # one slow request in twenty does not count
    with pytest.raises(ValueError):
        percentile([], 0.95)


def test_result_goals():
    assert Result("api", 80, "ms", 100, "ratio<=1.0").passed is True
    assert Result("api", 120, "ms", 100, "ratio<=1.0").passed is False
    assert Result("page", 300, "ms", None, "max<300").passed is False
    assert Result("page", 299.9, "ms", None, "max<300").passed is True
    assert Result("memory", 500, "MiB", 100).passed is None
    table = markdown_table([Result("import", 9.0, "s", 2.0, "ratio<=3")])
    assert "| import | 9.00 s | 2.00 s | 4.50 | ratio ≤ 3 | FAIL |" in table


def test_buurten_are_spread_evenly_under_real_wijken():
    buurten = spread_buurten(["WK168101", "WK168100", "WK001400"], 10)
    assert len(buurten) == 10
    assert [b.code for b in buurten[:4]] == ["BU00140000", "BU00140001", "BU00140002", "BU00140003"]
    assert sum(b.wijk == "WK168101" for b in buurten) == 3
    assert all(b.code[2:8] == b.wijk[2:] for b in buurten)


def test_a_buurt_carries_its_wijks_real_values():
    wijk = {"AantalInwoners_5": 3590, "Woningvoorraad_35": None, "Mannen_6": 1750}
    columns = ["AantalInwoners_5", "Woningvoorraad_35", "Extra_901", "Extra_902", "Extra_903"]
    # real columns by name (whatever the suffix); column i of the others takes the wijk's
    # real value number i mod 3 in key order (AantalInwoners_5, Mannen_6, Woningvoorraad_35)
    assert replicate_row(wijk, columns) == [3590, None, None, 3590, 1750]


def test_the_csv_has_cbs_columns_and_empty_cells_for_missing(tmp_path):
    rows = kwb_rows(
        {"WK168100": {"AantalInwoners_5": 3590, "Woningvoorraad_35": None}},
        [Buurt("BU16810000", "WK168100")],
        ["AantalInwoners_5", "Woningvoorraad_35"],
    )
    path = tmp_path / "kwb.csv"
    write_csv(path, rows)
    with path.open(encoding="utf-8") as handle:
        read = list(csv.DictReader(handle, delimiter=";"))
    assert read == [
        {
            "ID": "0",
            "WijkenEnBuurten": "BU16810000",
            "Gemeentenaam_1": "",
            "SoortRegio_2": "Buurt     ",
            "Codering_3": "BU16810000",
            "AantalInwoners_5": "3590",
            "Woningvoorraad_35": "",
        }
    ]
