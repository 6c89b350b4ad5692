"""Projects: figures that add up, every change kept, peilmomenten, who may write."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from woonmonitor.programming.figures import ProjectFigures, problems
from woonmonitor.programming.ladder import phase_by_name
from woonmonitor.programming.models import Project
from woonmonitor.programming.services import (
    move_phase,
    quarter_end,
    save_project,
    take_peilmoment,
)


def test_segments_must_add_up_to_net():
    figures = ProjectFigures(units_net=40, segments={"sociale_huur": 12, "dure_koop": 20})
    # the other segments are unknown: 32 known of 40 is fine
    assert problems(figures) == []
    complete = ProjectFigures(
        units_net=40,
        segments={key: 0 for key in ("middenhuur", "dure_huur", "huur_onbekend")}
        | {"betaalbare_koop": 0, "koop_onbekend": 0, "onbekend": 0}
        | {"sociale_huur": 12, "dure_koop": 20},
    )
    [message] = problems(complete)
    assert "32" in message and "40" in message


def test_unknown_is_not_zero_in_check_segments():
    figures = ProjectFigures(units_net=40, segments={"sociale_huur": 12})
    segments = figures.check_segments()
    assert segments.social_rent == 12
    assert segments.unknown == 28


def test_net_is_gross_minus_demolition_and_deliveries_fit():
    assert problems(ProjectFigures(units_net=30, units_gross=40, demolition=10)) == []
    assert problems(ProjectFigures(units_net=35, units_gross=40, demolition=10))
    assert problems(ProjectFigures(units_net=30, deliveries={2027: 20, 2028: 20}))
    assert problems(ProjectFigures(units_net=30, dwelling_types={"nultreden": 31}))
    assert problems(
        ProjectFigures(units_net=30, dwelling_types={"grondgebonden": 20, "appartement": 20})
    )


def test_every_change_is_a_version(make_project):
    project = make_project(units_net=40)
    assert project.versions.count() == 1
    save_project(
        user=None,
        check_permission=False,
        project=project,
        figures=ProjectFigures(units_net=44),
        phase=project.phase,
        name="Plan Noord (fase 2)",
    )
    project.refresh_from_db()
    assert [v.data["units_net"] for v in project.versions.order_by("number")] == [40, 44]
    assert project.versions.order_by("number").last().data["name"] == "Plan Noord (fase 2)"


def test_invalid_figures_change_nothing(make_project):
    project = make_project(units_net=40)
    with pytest.raises(ValidationError):
        save_project(
            user=None,
            check_permission=False,
            project=project,
            figures=ProjectFigures(units_net=40, deliveries={2027: 50}),
            phase=project.phase,
        )
    project.refresh_from_db()
    assert project.versions.count() == 1


def test_quarter_end():
    assert quarter_end(datetime.date(2026, 12, 4)) == datetime.date(2026, 12, 31)
    assert quarter_end(datetime.date(2026, 4, 1)) == datetime.date(2026, 6, 30)
    assert quarter_end(datetime.date(2026, 9, 30)) == datetime.date(2026, 9, 30)


def test_peilmoment_keeps_copies(make_project):
    project = make_project(units_net=40)
    peilmoment, copied = take_peilmoment(on=datetime.date(2026, 8, 1))
    assert copied == 1 and peilmoment.date == datetime.date(2026, 9, 30)
    Project.objects.filter(pk=project.pk).update(units_net=10)
    assert peilmoment.projects.get().data["units_net"] == 40


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("municipality_editor", True),
        ("association_editor", False),
        ("tenants_member", False),
        ("province_reader", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_who_moves_a_municipality_plan(make_project, cast, organisations, who, allowed):
    project = make_project(owner=organisations["municipality"])
    target = phase_by_name("onherroepelijk")
    if allowed:
        move_phase(user=cast[who], project=project, phase=target)
        project.refresh_from_db()
        assert project.phase == target
        assert project.versions.count() == 2
    else:
        with pytest.raises(PermissionDenied):
            move_phase(user=cast[who], project=project, phase=target)


def test_association_keeps_its_own_plans_in_its_working_area(cast, organisations, ladder):
    lefier = organisations["association"]
    figures = ProjectFigures(units_net=12)
    phase = phase_by_name("initiatief")
    own = save_project(
        user=cast["association_editor"],
        owner=lefier,
        figures=figures,
        phase=phase,
        name="Lefier Valthe",
        municipality_code="GM1681",
        developer_kind="corporatie",
        source="formulier",
        reference_date=datetime.date(2026, 10, 1),
    )
    assert own.owner == lefier
    with pytest.raises(PermissionDenied):
        save_project(
            user=cast["association_editor"],
            owner=lefier,
            figures=figures,
            phase=phase,
            name="Buiten het werkgebied",
            municipality_code="GM0114",
            developer_kind="corporatie",
            source="formulier",
            reference_date=datetime.date(2026, 10, 1),
        )


def test_only_the_municipality_makes_a_plan_public(cast, organisations, ladder):
    lefier = organisations["association"]
    common = {
        "figures": ProjectFigures(units_net=12),
        "phase": phase_by_name("initiatief"),
        "name": "Lefier Exloo",
        "municipality_code": "GM1681",
        "developer_kind": "corporatie",
        "source": "formulier",
        "reference_date": datetime.date(2026, 10, 1),
    }
    with pytest.raises(PermissionDenied):
        save_project(user=cast["association_editor"], owner=lefier, publicity="project", **common)
    project = save_project(
        user=cast["association_editor"], owner=lefier, publicity="partijen", **common
    )
    with pytest.raises(PermissionDenied):
        save_project(
            user=cast["association_editor"],
            project=project,
            figures=ProjectFigures(units_net=12),
            phase=project.phase,
            publicity="project",
        )
    save_project(
        user=cast["municipality_editor"],
        project=project,
        figures=ProjectFigures(units_net=12),
        phase=project.phase,
        publicity="project",
    )
    project.refresh_from_db()
    assert project.publicity == "project"


def test_the_peilmoment_command(make_project):
    make_project(units_net=40)
    out = io.StringIO()
    call_command("take_peilmoment", "--op", "2026-11-15", stdout=out)
    assert "Peilmoment 2026-12-31 vastgelegd: 1 plannen gekopieerd." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("take_peilmoment", "--op", "15-11-2026")
