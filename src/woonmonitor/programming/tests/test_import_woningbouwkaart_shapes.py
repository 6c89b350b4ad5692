"""``import_woningbouwkaart --shapes``: the projects' polygons joined on project_id, stored through
``save_project`` (wijk/buurt derived, a version), a project without a shape kept whole, a shape
without a project counted, all or nothing with the project file; ``--shapes`` alone for projects
imported earlier. The shapes sample is described in ``test_topojson.py``."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.factories import AreaFactory, BoundaryFactory

from woonmonitor.areas.models import Level
from woonmonitor.imports.models import ImportRun
from woonmonitor.programming.importing_woningbouwkaart import join_shapes
from woonmonitor.programming.models import Project
from woonmonitor.programming.parsing.topojson import ParsedShapes, read_path

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "woningbouwkaart_sample.json"
SHAPES = DATA / "woningbouwkaart_shapes_sample.topojson.json"


@pytest.fixture
def known(db, ladder):
    for code, name in (("GM1681", "Borger-Odoorn"), ("GM0106", "Assen"), ("GM1730", "Tynaarlo")):
        AreaFactory(code=code, name=name, vintage=2024)
    # the default boundary (6.8-6.9, 52.9-53.0) holds the sample's square near Borger
    BoundaryFactory(area=AreaFactory(code="WK168101", level=Level.DISTRICT, vintage=2024))


def run(*args: str, **options) -> str:
    out = StringIO()
    call_command("import_woningbouwkaart", *args, stdout=out, **options)
    return out.getvalue()


def test_join_shapes_sorts_every_shape_and_project():
    shapes = ParsedShapes(shapes={"1": {"type": "Polygon"}, "3": {}, "9": {}})
    joined = join_shapes(["1", "2"], ["1", "2", "3"], shapes)
    assert list(joined.geometries) == ["1"]
    assert joined.without_shape == ["2"]
    assert joined.without_project == ["9"]
    assert joined.other_records == 1  # 3: in the file, not in this run


def test_the_projects_get_their_shapes(known):
    output = run(str(SAMPLE), f"--shapes={SHAPES}")
    assert "4 objecten met project_id, 4 geldige vlakken, 0 ongeldig" in output
    assert "coördinaten RD" in output
    assert (
        "vlakken: 3 gekoppeld, 0 ongeldig, 1 projecten zonder vlak, 1 vlakken zonder project"
        in output
    )
    assert "1 projecten zonder vlak (bewaard, zonder locatie): 900004" in output
    assert "1 vlakken zonder project: 900099" in output
    assert "4 nieuw, 0 gewijzigd, 0 ongewijzigd" in output
    assert "telt op: 4 gelezen = 4 geaccepteerd" in output
    shapes = read_path(SHAPES).shapes
    es = Project.objects.get(source_id="900001")
    assert es.geometry == shapes["900001"]
    assert es.wijk_code == "WK168101"  # derived from the shape
    version = es.versions.get()
    assert version.data["geometry"] == shapes["900001"] and version.data["wijk_code"] == "WK168101"
    assert "met vlak" in version.reason
    assert Project.objects.get(source_id="900002").geometry["type"] == "MultiPolygon"
    assert Project.objects.get(source_id="900003").geometry == shapes["900003"]
    # a project without a shape keeps its municipality and its units
    lone = Project.objects.get(source_id="900004")
    assert (lone.geometry, lone.municipality_code, lone.units_net) == (None, "GM1681", 40)
    assert not Project.objects.filter(source_id="900099").exists()
    imported = ImportRun.objects.get()
    assert imported.file_name == f"{SAMPLE.name} + {SHAPES.name}"
    messages = " ".join(w["message"] for w in imported.warnings)
    assert "zonder vlak (bewaard, zonder locatie): 900004" in messages
    assert "vlakken zonder project: 900099" in messages


def test_a_rerun_with_the_same_shapes_changes_nothing(known):
    run(str(SAMPLE), f"--shapes={SHAPES}")
    assert "0 nieuw, 0 gewijzigd, 4 ongewijzigd" in run(str(SAMPLE), f"--shapes={SHAPES}")
    # without --shapes the geometry stays as it is
    assert "0 nieuw, 0 gewijzigd, 4 ongewijzigd" in run(str(SAMPLE))
    assert Project.objects.get(source_id="900001").geometry is not None


def test_an_invalid_shape_is_reported_and_its_project_kept(known, tmp_path):
    document = json.loads(SHAPES.read_text(encoding="utf-8"))
    document["objects"]["project_shape"]["geometries"][0]["arcs"] = [[0, 1]]  # not closed
    path = tmp_path / "project_shape_topo.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    output = run(str(SAMPLE), f"--shapes={path}")
    assert "project 900001: vlak niet opgeslagen: Een ring van het vlak is niet gesloten." in output
    es = Project.objects.get(source_id="900001")
    assert es.geometry is None and es.units_net == 40
    assert Project.objects.get(source_id="900002").geometry is not None
    warnings = ImportRun.objects.get().warnings
    assert {"row": "900001", "message": "vlak niet opgeslagen: Een ring van het vlak is niet "
            "gesloten."} in warnings  # fmt: skip


def test_all_or_nothing_with_the_project_file(known, tmp_path):
    bad = json.loads(SAMPLE.read_text(encoding="utf-8"))
    bad[1]["gemeente_naam"] = "Atlantis"
    path = tmp_path / "project2.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(CommandError, match="1 fout"):
        run(str(path), f"--shapes={SHAPES}")
    assert not Project.objects.exists()
    not_topology = tmp_path / "project_shape_topo.json"
    not_topology.write_text(json.dumps({"type": "FeatureCollection"}), encoding="utf-8")
    with pytest.raises(CommandError, match="niets gewijzigd: project_shape_topo.json: .*TopoJSON"):
        run(str(SAMPLE), f"--shapes={not_topology}")
    assert not Project.objects.exists()


def test_shapes_of_projects_outside_the_province_are_not_counted_as_orphans(known):
    output = run(str(SAMPLE), f"--shapes={SHAPES}", provincie="Groningen")
    assert "0 gekoppeld" in output and "3 van projecten buiten deze import" in output
    assert "1 vlakken zonder project: 900099" in output


def test_shapes_alone_for_projects_imported_earlier(known):
    run(str(SAMPLE))
    output = run(f"--shapes={SHAPES}")
    assert "3 projecten met nieuw vlak, 0 ongewijzigd, 0 ongeldig, 1 vlakken zonder project" in (
        output
    )
    assert "1 projecten van de woningbouwkaart zonder vlak" in output
    assert "telt op: 4 gelezen = 3 geaccepteerd + 0 afgewezen + 1 overgeslagen" in output
    es = Project.objects.get(source_id="900001")
    assert es.wijk_code == "WK168101" and es.units_net == 40 and es.phase.key == "vastgesteld"
    assert es.versions.count() == 2
    assert es.versions.order_by("number").last().reason == "vlak uit de woningbouwkaart"
    assert Project.objects.get(source_id="900004").geometry is None
    again = run(f"--shapes={SHAPES}")
    assert "0 projecten met nieuw vlak, 3 ongewijzigd" in again
    assert es.versions.count() == 2


def test_nothing_to_read_is_an_error(known):
    with pytest.raises(CommandError, match="--shapes of beide"):
        run()
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        run(str(SAMPLE), "--shapes=/nonexistent/project_shape_topo.json")
    assert not Project.objects.exists()
