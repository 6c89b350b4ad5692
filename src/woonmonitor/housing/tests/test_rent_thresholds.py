"""Tests of load_rent_thresholds on the real huurprijsgrenzen.csv and on broken files."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from woonmonitor.housing.models import RentThresholds
from woonmonitor.housing.services import parse_rent_thresholds
from woonmonitor.imports.models import ImportRun

pytestmark = pytest.mark.django_db

CSV = Path(settings.WOONMONITOR_DATA_DIR) / "huurprijsgrenzen" / "huurprijsgrenzen.csv"
HEADER = (
    "jaar,kwaliteitskortingsgrens,aftoppingsgrens_laag_1_2_pers,aftoppingsgrens_hoog_3plus_pers,"
    "liberalisatiegrens_max_huurgrens,status,bron\n"
)


def load(path: Path) -> str:
    out = StringIO()
    call_command("load_rent_thresholds", str(path), stdout=out)
    return out.getvalue()


def test_real_file_with_statuses_and_sources():
    load(CSV)
    load(CSV)
    assert RentThresholds.objects.count() == 8
    assert RentThresholds.objects.get(year=2021).verification == "unverified"
    assert RentThresholds.objects.get(year=2023).verification == "partly_verified"
    row_2025 = RentThresholds.objects.get(year=2025)
    assert row_2025.verification == "verified"
    assert row_2025.capping_limit_high == Decimal("731.93")
    assert "885,71" in row_2025.source  # the recorded conflict is kept in the source text
    assert RentThresholds.objects.get(year=2022).capping_limit_high == Decimal("678.66")


def test_bad_rows_are_rejected(tmp_path):
    path = tmp_path / "grenzen.csv"
    path.write_text(
        HEADER
        + "2024,454.47,650.43,697.07,879.66,verified,bron\n"
        + "2025,477.20,682.96,731.93,900.07,maybe,bron\n"
        + "20x6,1,2,3,4,verified,bron\n"
        + "2027,abc,2,3,4,verified,bron\n"
    )
    output = load(path)
    assert "4 rijen gelezen, 1 geaccepteerd, 3 afgewezen" in output
    assert list(RentThresholds.objects.values_list("year", flat=True)) == [2024]


def test_missing_column_changes_nothing(tmp_path):
    load(CSV)
    path = tmp_path / "grenzen.csv"
    path.write_text("jaar,kwaliteitskortingsgrens,status\n2024,1,verified\n")
    with pytest.raises(CommandError, match="ontbreken"):
        load(path)
    assert RentThresholds.objects.count() == 8
    assert ImportRun.objects.first().status == ImportRun.Status.FAILED


def test_parser_maps_status_text():
    rows = parse_rent_thresholds(CSV)
    statuses = {row.values["year"]: row.values["verification"] for row in rows}
    assert statuses[2023] == RentThresholds.Verification.PARTLY_VERIFIED


def test_real_file_counts_add_up_and_cite_the_sources_table():
    output = load(CSV)
    run = ImportRun.objects.get()
    lines = len(CSV.read_text(encoding="utf-8").strip().splitlines()) - 1
    assert (run.rows_read, run.rows_accepted, run.rows_rejected, run.rows_skipped) == (
        lines,
        lines,
        0,
        0,
    )
    assert run.adds_up
    assert f"telt op: {lines} gelezen = {lines} geaccepteerd + 0 afgewezen + 0 overgeslagen" in (
        output
    )
    assert run.data_source.key == "huurprijsgrenzen"
    assert run.source == "Rijksoverheid, Huurprijsgrenzen per jaar (Wet op de huurtoeslag)"


def test_a_second_row_for_a_year_and_extra_cells_are_rejected(tmp_path):
    path = tmp_path / "grenzen.csv"
    path.write_text(
        HEADER
        + "2024,454.47,650.43,697.07,879.66,verified,bron\n"
        + "2024,1.00,2.00,3.00,4.00,verified,andere bron\n"
        + "2025,477.20,682.96,731.93,900.07,verified,bron,extra\n"
    )
    load(path)
    run = ImportRun.objects.get()
    assert run.adds_up and (run.rows_read, run.rows_accepted, run.rows_rejected) == (3, 1, 2)
    assert [item["reason"] for item in run.rejections] == [
        "jaar 2024 staat al op regel 2 (2024)",
        "meer kolommen dan de kop (1 te veel)",
    ]
    assert RentThresholds.objects.get(year=2024).capping_limit_low == Decimal("650.43")


def test_source_override_keeps_the_source_key():
    out = StringIO()
    call_command("load_rent_thresholds", str(CSV), source="Eigen overzicht", stdout=out)
    run = ImportRun.objects.get()
    assert (run.source, run.data_source.key) == ("Eigen overzicht", "huurprijsgrenzen")
