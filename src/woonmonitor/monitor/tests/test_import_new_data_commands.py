"""The commands of the new real files: one recorded run per file, all or nothing, counts that
add up, and a file of a later year loaded without a code change."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from woonmonitor.areas.models import Area, Boundary, Continuity, Level
from woonmonitor.imports.models import ImportRun
from woonmonitor.monitor.models import IndicatorValue

pytestmark = pytest.mark.django_db

DATA = Path(settings.WOONMONITOR_DATA_DIR)
KWB_GM = DATA / "kwb-2020-2024-gemeente"
BUURT = DATA / "kwb-2024-buurt" / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
ORIGIN = DATA / "kwb-2024-buurt" / "Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv"
BOUNDARIES = DATA / "cartomap-buurt2023-borger-odoorn" / "buurt_2023_GM1681_wgs84.geojson"


def run(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, stderr=out, **options)
    return out.getvalue()


@pytest.fixture
def catalogue():
    run("load_indicators")


def test_kwb_gemeente_later_year_loads_and_counts_add_up(catalogue, tmp_path):
    text = (KWB_GM / "kwb2024_clean.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    later = tmp_path / "kwb2025_clean.csv"
    later.write_text(text[0] + "".join(line.replace("2024,", "2025,", 1) for line in text[1:]))
    out = run("import_kwb_gemeente", str(later), gemeenten="GM1681")
    run_ = ImportRun.objects.get(file_name="kwb2025_clean.csv")
    assert run_.vintage == 2025 and run_.status == ImportRun.Status.SUCCEEDED
    assert run_.rows_read == run_.rows_accepted + run_.rows_rejected + run_.rows_skipped
    assert run_.rows_accepted == 1 and run_.rows_skipped == 341  # outside the selection
    woz = IndicatorValue.objects.get(
        indicator__key="woz-gemiddeld", area__code="GM1681", area__vintage=2025, period=2025
    )
    assert woz.value == 304
    assert "telt op" in out


def test_a_bad_kwb_gemeente_file_changes_nothing(catalogue, tmp_path):
    good = (KWB_GM / "kwb2024_clean.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "kwb2024_clean.csv"
    bad.write_text(good[0].replace("a_inw", "inwoners") + "".join(good[1:]))
    before = IndicatorValue.objects.count(), Area.objects.count()
    with pytest.raises(CommandError, match="niets gewijzigd"):
        run("import_kwb_gemeente", str(bad))
    assert (IndicatorValue.objects.count(), Area.objects.count()) == before
    assert ImportRun.objects.get(file_name=bad.name).status == ImportRun.Status.FAILED


def test_a_bad_origin_file_refuses_the_buurt_import(catalogue, tmp_path):
    lines = ORIGIN.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[4], lines[5] = lines[5], lines[4]
    origin = tmp_path / "origin.csv"
    origin.write_text("".join(lines), encoding="utf-8")
    before = IndicatorValue.objects.count(), Area.objects.count()
    with pytest.raises(CommandError, match="geweigerd"):
        run("import_kwb_buurt", str(BUURT), period=2024, origin=origin, gemeenten="GM1681")
    assert (IndicatorValue.objects.count(), Area.objects.count()) == before


def test_buurt_import_creates_buurten_under_wijken_and_carries_unchanged_boundaries(catalogue):
    run("import_kwb_buurt", str(BUURT), period=2024, origin=ORIGIN, gemeenten="GM1681")
    buurt = Area.objects.get(code="BU16810001", vintage=2024)
    assert buurt.level == Level.NEIGHBOURHOOD and buurt.parent.code == "WK168100"
    assert buurt.parent.vintage == 2024
    assert IndicatorValue.objects.filter(area__vintage=2024, area__level="buurt").exists()
    out = run(
        "carry_boundaries",
        str(BOUNDARIES),
        from_vintage=2023,
        vintage=2024,
        level="buurt",
        kwb=BUURT,
        gemeenten="GM1681",
    )
    run_ = ImportRun.objects.filter(command="carry_boundaries").latest("pk")
    assert (run_.rows_read, run_.rows_accepted, run_.rows_skipped) == (58, 55, 3)
    boundary = Boundary.objects.get(area=buurt)
    assert "grens 2023 gebruikt voor 2024" in boundary.source
    assert "indelingswijziging 1" in boundary.source
    assert not Boundary.objects.filter(area__code="BU16818205").exists()  # null geometry
    assert "telt op" in out


def test_indelingswijziging_links_2023_to_2024(catalogue):
    run("import_kwb_gemeente", str(KWB_GM / "kwb2023_clean.csv"), gemeenten="GM1681")
    run("import_kwb_buurt", str(BUURT), period=2024, origin=ORIGIN, gemeenten="GM1681")
    link = Continuity.objects.get(
        earlier__code="GM1681", earlier__vintage=2023, later__vintage=2024
    )
    assert link.same and "indelingswijziging 1" in link.evidence
    run("import_kwb_buurt", str(BUURT), period=2024, origin=ORIGIN, gemeenten="GM1681")
    assert Continuity.objects.filter(earlier__code="GM1681", later__vintage=2024).count() == 1
