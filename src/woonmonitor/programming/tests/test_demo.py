"""The demo projects: marked, never real, with history across two peilmomenten."""

from __future__ import annotations

import datetime

import pytest

from woonmonitor.programming.demo import load_demo_projects
from woonmonitor.programming.models import Peilmoment, Project


@pytest.fixture
def demo(ladder, organisations):
    load_demo_projects()


def test_demo_projects_are_marked_and_never_real(demo):
    assert Project.objects.count() == 7
    assert Project.objects.filter(is_demo=False).count() == 0
    assert Project.objects.real().count() == 0
    assert all("(demo)" in name for name in Project.objects.values_list("name", flat=True))


def test_two_peilmomenten_show_what_moved(demo):
    first = Peilmoment.objects.get(date=datetime.date(2026, 6, 30))
    second = Peilmoment.objects.get(date=datetime.date(2026, 9, 30))
    phases_then = {c.data["name"]: c.data["phase"] for c in first.projects.all()}
    phases_now = {c.data["name"]: c.data["phase"] for c in second.projects.all()}
    assert phases_then["Nieuw-Buinen Zuid (demo)"] == "initiatief"
    assert phases_now["Nieuw-Buinen Zuid (demo)"] == "vervallen"
    slipped = {c.data["name"]: c.data["deliveries"] for c in second.projects.all()}
    assert slipped["Borger, Hunzeborgh (demo)"] == {"2028": 36}


def test_loading_again_replaces_the_demo(demo):
    load_demo_projects()
    assert Project.objects.count() == 7
    project = Project.objects.get(name="Valthe, Achter de Es (demo)")
    assert project.versions.count() == 2
    assert project.support.count() == 1
