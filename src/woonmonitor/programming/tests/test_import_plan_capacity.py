"""The 2021 plan capacity per municipality: the rules per row (pure) and the command on the
real sheet (Data Bewijst / Follow the Money 2021) with the Drenthe municipalities known."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from tests.factories import AreaFactory

from woonmonitor.areas.models import Level
from woonmonitor.areas.names import NameIndex
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.models import ImportRun
from woonmonitor.programming.importing_capacity import (
    COLUMNS,
    CapacityRow,
    capacity_figures,
    read_capacity_rows,
    resolve_name,
)
from woonmonitor.programming.models import PlanCapacity

DRENTHE = {
    "GM1680": "Aa en Hunze",
    "GM0106": "Assen",
    "GM1681": "Borger-Odoorn",
    "GM0109": "Coevorden",
    "GM0114": "Emmen",
    "GM0118": "Hoogeveen",
    "GM0119": "Meppel",
    "GM1731": "Midden-Drenthe",
    "GM1699": "Noordenveld",
    "GM1730": "Tynaarlo",
    "GM1701": "Westerveld",
    "GM1690": "De Wolden",
}
XLSX = (
    Path(settings.WOONMONITOR_DATA_DIR)
    / "ftm-woningvoorraad-plancapaciteit"
    / "plancapaciteit_databewijst.xlsx"
)


def row(**cells) -> CapacityRow:
    values = dict.fromkeys(COLUMNS)
    values.update({key.replace("_", "-"): value for key, value in cells.items()})
    return CapacityRow(row=5, province="X", name="Gemeente", cells=values)


def figures(**cells):
    return [
        (f.certainty, f.first_year, f.last_year, f.units)
        for f in capacity_figures(row(**cells)).figures
    ]


# ------------------------------------------------------------------------------ rules


def test_a_total_only_row_is_one_total_without_period():
    assert figures(totaal=350) == [("", None, None, 350)]


def test_hard_and_zacht_totals_without_periods():
    assert figures(htotaal=3323, ztotaal=10316, totaal=13639) == [
        ("", None, None, 13639),
        ("hard", None, None, 3323),
        ("zacht", None, None, 10316),
    ]


def test_periods_replace_the_certainty_total_and_2030_plus_is_open_ended():
    cells = {
        "h2020-2024": 549,
        "h2025-2029": 130,
        "h2030+": 0,
        "z2021-2024": 254,
        "z2025-2029": 749,
        "z2030+": 262,
        "htotaal": 679,
        "ztotaal": 1265,
        "totaal": 1944,
    }
    found = capacity_figures(row(**{k.replace("-", "_"): v for k, v in cells.items()}))
    assert found.problems == [] and found.warnings == []
    assert [(f.certainty, f.first_year, f.last_year, f.units) for f in found.figures] == [
        ("", None, None, 1944),
        ("hard", 2020, 2024, 549),
        ("hard", 2025, 2029, 130),
        ("hard", 2030, None, 0),  # a 0 is stored as 0
        ("zacht", 2021, 2024, 254),
        ("zacht", 2025, 2029, 749),
        ("zacht", 2030, None, 262),
    ]


def test_an_empty_period_is_unknown_and_stores_no_row():
    found = capacity_figures(
        row(h2020_2024=249, h2025_2029=35, htotaal=284, ztotaal=1142, totaal=1426)
    )
    stored = [(f.certainty, f.first_year, f.last_year, f.units) for f in found.figures]
    assert stored == [
        ("", None, None, 1426),
        ("hard", 2020, 2024, 249),
        ("hard", 2025, 2029, 35),
        ("zacht", None, None, 1142),
    ]
    assert found.warnings == []


def test_hard_and_zacht_short_of_the_total_is_a_warning():
    found = capacity_figures(row(htotaal=230, ztotaal=230, totaal=892))
    assert found.warnings == [
        "hard + zacht = 460, totaal = 892; het totaal is opgeslagen zoals gepubliceerd"
    ]


def test_periods_that_do_not_add_up_are_kept_as_published_with_a_warning():
    found = capacity_figures(row(h2020_2024=1778, h2025_2029=1176, htotaal=2955, totaal=2955))
    assert [f.units for f in found.figures if f.certainty == "hard"] == [1778, 1176]
    assert found.warnings == [
        "hard: de perioden tellen op tot 2954, htotaal is 2955; de perioden zijn opgeslagen "
        "zoals gepubliceerd"
    ]


def test_a_fraction_is_refused_not_rounded():
    found = capacity_figures(row(h2020_2024=99.66666666666667, totaal=342))
    assert found.figures == []
    assert found.problems == [
        "geen hele aantallen (h2020-2024 = 99,6667): niet afgerond, niet ingelezen"
    ]


def test_a_negative_count_and_a_missing_total_are_refused():
    assert capacity_figures(row(h2025_2029=-80, totaal=5)).problems == [
        "h2025-2029 is -80: een aantal woningen is 0 of meer"
    ]
    assert capacity_figures(row(htotaal=5)).problems == ["totaal ontbreekt"]


def test_a_sheet_without_the_columns_is_refused():
    with pytest.raises(MalformedFile, match="mist de kolommen"):
        read_capacity_rows([("provincie", "gemeente", "totaal")])


def test_names_resolve_by_province_or_without_punctuation_but_are_never_guessed():
    index = NameIndex(
        [
            (2021, "GM0373", "Bergen (NH.)"),
            (2021, "GM0893", "Bergen (L.)"),
            (2021, "GM1740", "Neder-Betuwe"),
        ],
        target=2021,
    )
    provinces = {"GM0373": {"noord holland"}, "GM0893": {"limburg"}}
    assert resolve_name(index, "Bergen", "Limburg  ", provinces)[0] == "GM0893"
    assert resolve_name(index, "Bergen", "Noord-Holland", provinces)[0] == "GM0373"
    assert resolve_name(index, "Bergen", "Utrecht", provinces)[0] is None
    assert resolve_name(index, "NederBetuwe", "Gelderland", provinces)[0] == "GM1740"
    code, reason = resolve_name(index, "Nuenen c.a.", "Noord-Brabant", provinces)
    assert code is None and "niet gevonden" in reason


# ------------------------------------------------------------------------------ command


@pytest.fixture
def drenthe(db):
    province = AreaFactory(code="PV22", vintage=2021, level=Level.PROVINCE, name="Drenthe")
    for code, name in DRENTHE.items():
        AreaFactory(code=code, vintage=2021, name=name, parent=province)


def run(path=XLSX) -> str:
    out = StringIO()
    call_command("import_plan_capacity", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.skipif(not XLSX.is_file(), reason="shared data not present")
def test_the_real_sheet_gives_the_drenthe_totals(drenthe):
    output = run()
    capacity = PlanCapacity.objects.filter(reference_year=2021)
    totals = capacity.filter(certainty="", first_year__isnull=True)
    assert totals.get(municipality_code="GM1681").units == 350
    assert totals.get(municipality_code="GM0106").units == 4200
    assert totals.filter(municipality_code__in=DRENTHE).count() == 12
    # 433 + 4200 + 350 + 400 + 1636 + 1160 + 2760 + 730 + 1060 + 1410 + 300 + 410
    assert totals.filter(municipality_code__in=DRENTHE).aggregate(s=Sum("units"))["s"] == 14849
    # Drenthe has totals only: no hard/zacht, no period
    assert not capacity.exclude(certainty="").filter(municipality_code__in=DRENTHE).exists()
    assert capacity.count() == 12  # only names the platform knows are stored
    run_ = ImportRun.objects.get(command="import_plan_capacity")
    assert run_.status == ImportRun.Status.SUCCEEDED and run_.adds_up
    assert run_.rows_accepted == 12 and run_.rows_read == run_.rows_accepted + run_.rows_rejected
    reasons = {item["row"]: item["reason"] for item in run_.rejections}
    assert "niet gevonden" in reasons["regel 2 (Den Helder)"]
    assert all(reasons.values()) and len(reasons) == run_.rows_rejected
    assert "telt op: " in output and "12 gemeenten" in output
    assert all(c.source.startswith("Data Bewijst en Follow the Money") for c in capacity)
    assert run_.data_source.licence == "MIT"


@pytest.mark.skipif(not XLSX.is_file(), reason="shared data not present")
def test_a_rerun_replaces_the_rows_of_the_year(drenthe):
    run()
    first = set(PlanCapacity.objects.values_list("municipality_code", "certainty", "units"))
    run()
    assert set(PlanCapacity.objects.values_list("municipality_code", "certainty", "units")) == first
    assert PlanCapacity.objects.count() == 12
    latest = ImportRun.objects.filter(command="import_plan_capacity").latest("pk")
    assert set(PlanCapacity.objects.values_list("import_run", flat=True)) == {latest.pk}


def test_without_known_municipalities_nothing_is_guessed(db, tmp_path):
    path = tmp_path / "leeg.xlsx"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="Geen gemeenten bekend"):
        run(path)
    assert not PlanCapacity.objects.exists()


def test_a_file_that_is_not_a_workbook_changes_nothing(drenthe, tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"geen werkmap")
    with pytest.raises(CommandError, match="niets gewijzigd"):
        run(path)
    assert not PlanCapacity.objects.exists()
