"""What changed between two versions of a project (pure) and the history of a saved project."""

from __future__ import annotations

from woonmonitor.programming.figures import ProjectFigures
from woonmonitor.programming.project_history import changes, history
from woonmonitor.programming.services import move_phase, project_data, save_project

BASE = {
    "name": "Plan Noord",
    "municipality_code": "GM1681",
    "phase": "vastgesteld",
    "phase_name": "Vastgesteld omgevingsplan",
    "certainty": "hard",
    "units_net": 40,
    "units_gross": None,
    "demolition": None,
    "publicity": "partijen",
    "geometry": None,
    "segments": {"sociale_huur": 12, "middenhuur": None},
    "dwelling_types": {"appartement": 40},
    "deliveries": {"2027": 40},
}


def test_no_changes_between_equal_versions():
    assert changes(BASE, dict(BASE)) == []


def test_plain_fields_with_labels_and_choice_labels():
    after = BASE | {"name": "Plan Noord II", "publicity": "project", "certainty": "zacht"}
    found = {change.key: change for change in changes(BASE, after)}
    assert set(found) == {"name", "publicity", "certainty"}
    assert (found["name"].old, found["name"].new) == ("Plan Noord", "Plan Noord II")
    assert found["publicity"].old == "alleen voor partijen"
    assert found["publicity"].new == "openbaar als project"
    assert found["certainty"].label == "hard of zacht"


def test_unknown_count_is_not_zero():
    after = BASE | {"segments": {"sociale_huur": 12, "middenhuur": 0}, "units_gross": 40}
    found = {change.key: change for change in changes(BASE, after)}
    assert (found["segments.middenhuur"].old, found["segments.middenhuur"].new) == ("onbekend", "0")
    assert found["segments.middenhuur"].label == "segment: middenhuur"
    assert (found["units_gross"].old, found["units_gross"].new) == ("onbekend", "40")


def test_a_missing_segment_key_equals_unknown():
    # {"middenhuur": None} and no key at all both mean unknown: no change
    after = BASE | {"segments": {"sociale_huur": 12}}
    assert changes(BASE, after) == []


def test_deliveries_slipping_a_year():
    after = BASE | {"deliveries": {"2028": 40}}
    found = [(c.key, c.old, c.new) for c in changes(BASE, after)]
    assert found == [("deliveries.2027", "40", "geen"), ("deliveries.2028", "geen", "40")]


def test_location_is_described_not_dumped():
    point = {"type": "Point", "coordinates": [6.79, 52.92]}
    square = [[6.7, 52.9], [6.8, 52.9], [6.8, 53.0], [6.7, 53.0], [6.7, 52.9]]
    polygon = {"type": "Polygon", "coordinates": [square]}
    [first] = changes(BASE, BASE | {"geometry": point})
    assert (first.old, first.new) == ("geen locatie", "punt (52.92000, 6.79000)")
    [second] = changes(BASE | {"geometry": point}, BASE | {"geometry": polygon})
    assert second.new == "vlak van 4 punten"


def test_history_pairs_each_version_with_its_predecessor():
    class Version:
        def __init__(self, number, data):
            self.number, self.data = number, data

    versions = [
        Version(1, BASE),
        Version(2, BASE | {"units_net": 44}),
        Version(3, BASE | {"units_net": 44}),
    ]
    entries = history(versions)
    assert [entry.version.number for entry in entries] == [3, 2, 1]
    assert entries[0].changes == () and not entries[0].first
    assert [(c.key, c.old, c.new) for c in entries[1].changes] == [("units_net", "40", "44")]
    assert entries[2].first


def test_history_of_a_saved_project(make_project, ladder, cast):
    project = make_project(units_net=40, segments={"sociale_huur": 10})
    save_project(
        user=None,
        check_permission=False,
        project=project,
        figures=ProjectFigures(units_net=40, segments={"sociale_huur": 10, "dure_koop": 30}),
        phase=project.phase,
    )
    project.refresh_from_db()
    move_phase(user=cast["municipality_editor"], project=project, phase=ladder("onherroepelijk"))
    entries = history(project.versions.order_by("number"))
    assert [(c.key, c.new) for c in entries[0].changes] == [
        ("phase_name", "Onherroepelijk"),
    ]
    assert [(c.key, c.old, c.new) for c in entries[1].changes] == [
        ("segments.dure_koop", "onbekend", "30")
    ]
    assert entries[0].version.data == project_data(project.__class__.objects.get(pk=project.pk))
