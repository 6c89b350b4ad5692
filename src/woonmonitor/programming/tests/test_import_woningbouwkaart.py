"""The woningbouwkaart's project file into projects: phase from Planstatus, absent prices as
unknown (never 0), the peilmoment with every project, all or nothing, reruns, duplicates."""

from __future__ import annotations

import datetime
import gzip
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.factories import AreaFactory

from woonmonitor.imports.models import ImportRun
from woonmonitor.programming.importing_woningbouwkaart import phase_key_for
from woonmonitor.programming.models import Project, ProjectVersion

SAMPLE = Path(__file__).parent / "data" / "woningbouwkaart_sample.json"


@pytest.mark.parametrize(
    ("status", "certainty", "expected"),
    [
        ("Vastgesteld", "hard", "vastgesteld"),  # names a rung
        ("Onherroepelijk", "hard", "onherroepelijk"),
        ("In aanbouw", None, "in-aanbouw"),
        ("Hard", "hard", "vastgesteld"),  # only says hard: the lowest hard rung
        ("Harde plancapaciteit", "hard", "vastgesteld"),
        ("Zacht", "zacht", "initiatief"),
        ("In voorbereiding", "zacht", "initiatief"),
        ("Onbekend", None, None),  # never guessed
        ("", None, None),
    ],
)
def test_the_phase_follows_the_status(ladder, status, certainty, expected):
    from woonmonitor.programming.ladder import phases

    assert phase_key_for(status, certainty, phases()) == expected


@pytest.fixture
def known(db, ladder):
    for code, name in (("GM1681", "Borger-Odoorn"), ("GM0106", "Assen"), ("GM1730", "Tynaarlo")):
        AreaFactory(code=code, name=name, vintage=2024)


def run(path: Path, **options) -> str:
    out = StringIO()
    call_command("import_woningbouwkaart", str(path), stdout=out, **options)
    return out.getvalue()


def records() -> list[dict]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_the_sample_becomes_projects(known):
    output = run(SAMPLE)
    assert "4 nieuw, 0 gewijzigd, 0 ongewijzigd; 1 mogelijke dubbelingen" in output
    assert "telt op: 4 gelezen = 4 geaccepteerd" in output
    es = Project.objects.get(source="woningbouwkaart", source_id="900001")
    assert (es.municipality_code, es.phase.key, es.units_net, es.units_gross) == (
        "GM1681",
        "vastgesteld",
        40,
        44,
    )
    assert es.reference_date == datetime.date(2024, 1, 1)
    assert es.segments["sociale_huur"] == 12 and es.segments["dure_huur"] == 0
    assert es.segments["onbekend"] is None  # not in the file: unknown
    assert es.publicity == "project" and es.owner is None and not es.is_demo
    station = Project.objects.get(source_id="900002")
    assert station.phase.key == "initiatief"  # "In voorbereiding": zacht, lowest rung
    # only "Sociale huur zacht" given, its hard half absent: unknown, never 36 + 0
    assert station.segments["sociale_huur"] is None
    assert station.segments["betaalbare_koop"] is None
    noorderkamp = Project.objects.get(source_id="900003")
    assert set(noorderkamp.segments.values()) == {None}  # no price field at all
    assert Project.objects.get(source_id="900004").phase.key == "initiatief"
    version = es.versions.get()
    assert version.import_run.command == "import_woningbouwkaart"
    assert "peilmoment 2024-01-01" in version.reason


def test_a_rerun_changes_nothing_and_a_changed_record_adds_a_version(known, tmp_path):
    run(SAMPLE)
    output = run(SAMPLE)
    assert "0 nieuw, 0 gewijzigd, 4 ongewijzigd" in output
    assert ProjectVersion.objects.count() == 4
    changed = records()
    changed[0]["peilmoment"] = "2024-07-01"
    changed[0]["Netto Plancapaciteit"] = 44
    changed[0]["Dure koop hard"] = 14
    path = tmp_path / "project2.json.gz"
    path.write_bytes(gzip.compress(json.dumps(changed).encode()))
    assert "0 nieuw, 1 gewijzigd, 3 ongewijzigd" in run(path)
    es = Project.objects.get(source_id="900001")
    assert es.units_net == 44 and es.reference_date == datetime.date(2024, 7, 1)
    assert es.versions.count() == 2


def test_one_bad_record_stores_nothing(known, tmp_path):
    bad = records()
    bad[2]["gemeente_naam"] = "Atlantis"
    bad[3]["Planstatus"] = "Onbekend"
    path = tmp_path / "project2.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="2 fout"):
        call_command("import_woningbouwkaart", str(path), stdout=out)
    assert "'Atlantis' niet gevonden" in out.getvalue()
    assert "Planstatus 'Onbekend'" in out.getvalue()
    assert not Project.objects.exists()
    failed = ImportRun.objects.get(command="import_woningbouwkaart")
    assert failed.status == ImportRun.Status.FAILED


def test_price_classes_above_the_net_figure_are_stored_as_unknown(known, tmp_path):
    data = records()[:1]
    data[0]["Sociale huur zacht"] = 100
    path = tmp_path / "project2.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run(path)
    project = Project.objects.get()
    assert project.units_net == 40 and set(project.segments.values()) == {None}
    warnings = ImportRun.objects.get().warnings
    assert any("als onbekend opgeslagen" in w["message"] for w in warnings)


def test_only_one_province(known):
    assert "0 nieuw" in run(SAMPLE, provincie="Groningen")
    assert not Project.objects.exists()
    assert ImportRun.objects.get().rows_skipped == 4


def test_duplicates_with_another_source_are_listed(known, make_project):
    make_project(name="Voorbeeldplan Noorderkamp", municipality_code="GM1730")
    output = run(SAMPLE)
    assert "2 mogelijke dubbelingen" in output
    assert "Voorbeeldplan Noorderkamp (ingevoerd op Woonmonitor)" in output
