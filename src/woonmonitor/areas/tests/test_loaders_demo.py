"""Golden test: load_demo_data on the real files in WOONMONITOR_DATA_DIR, run twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from woonmonitor.areas.models import Area, Boundary, KeyFigure, Region
from woonmonitor.housing.models import RentThresholds
from woonmonitor.imports.models import ImportRun

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    per_level = Area.objects.values_list("vintage", "level").annotate(n=Count("id"))
    return {
        "areas": sorted(per_level),
        "boundaries": Boundary.objects.count(),
        "figures": KeyFigure.objects.count(),
        "regions": Region.objects.count(),
        "rent": RentThresholds.objects.count(),
    }


def accepted_per_run() -> list[tuple[str, str, int]]:
    runs = ImportRun.objects.order_by("id")
    return [(r.command, r.file_name, r.rows_accepted) for r in runs]


def test_demo_data_end_to_end_and_idempotent():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    first, first_runs = snapshot(), accepted_per_run()
    assert "Samenvatting" in out.getvalue()
    call_command("load_demo_data", stdout=StringIO())
    assert snapshot() == first
    second_runs = accepted_per_run()[len(first_runs) :]
    assert second_runs == first_runs
    assert all(r.status == ImportRun.Status.SUCCEEDED for r in ImportRun.objects.all())

    gemeenten_2024 = Area.objects.filter(level="gemeente", vintage=2024)
    assert gemeenten_2024.count() == 13
    assert gemeenten_2024.filter(code="GM0160", parent__code="PV23").exists()
    assert gemeenten_2024.filter(parent__code="PV22").count() == 12
    for vintage in (2022, 2024):
        assert (
            Area.objects.filter(level="wijk", vintage=vintage, code__startswith="WK1681").count()
            == 25
        )
    buurten = Area.objects.filter(level="buurt", vintage=2023, code__startswith="BU1681")
    assert buurten.count() == 58
    assert Boundary.objects.filter(area__in=buurten).count() == 55
    assert set(buurten.values_list("parent__vintage", flat=True)) == {2024}
    assert not buurten.filter(parent__isnull=True).exists()
    assert set(Area.objects.filter(level="provincie").values_list("code", flat=True)) == {
        "PV22",
        "PV23",
    }

    def figures(vintage: int) -> dict:
        area = Area.objects.get(code="GM1681", vintage=vintage)
        return {f.key: f.value for f in area.key_figures.all()}

    assert figures(2024)["inhabitants"] == 26014
    assert figures(2022)["inhabitants"] == 25681
    assert figures(2022)["homes"] == 11276
    wijk_2024 = Area.objects.get(code="WK168100", vintage=2024)
    assert (wijk_2024.name_vintage, wijk_2024.parent.vintage) == (2022, 2024)
    assert Area.objects.get(code="GM1681", vintage=2022).parent.code == "PV22"
    assert RentThresholds.objects.get(year=2021).verification == "unverified"
