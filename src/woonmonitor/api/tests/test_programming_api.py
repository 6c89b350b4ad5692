"""The projects API of woningbouwprogrammering: reading (JSON, GeoJSON, filters, pagination,
only what the caller may see) and the permission matrix of every method for the fixed cast,
by token; the Dutch messages of figures that do not add up."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import CAST

from woonmonitor.accounts.models import Organisation
from woonmonitor.programming.figures import ProjectFigures
from woonmonitor.programming.ladder import load_ladders, phase_by_name
from woonmonitor.programming.models import Project, ProjectVersion
from woonmonitor.programming.services import save_project

PROJECTS = "/api/v1/programming/projects/"
POINT = {"type": "Point", "coordinates": [6.85, 52.92]}


def _project(name, *, code="GM1681", phase="vastgesteld", publicity="project", owner=None, **kw):
    return save_project(
        user=None,
        check_permission=False,
        figures=ProjectFigures(
            units_net=kw.pop("units_net", 40),
            segments=kw.pop("segments", {}),
            deliveries=kw.pop("deliveries", {}),
        ),
        phase=phase_by_name(phase),
        owner=owner,
        name=name,
        municipality_code=code,
        publicity=publicity,
        developer_kind="gemeente",
        source="formulier",
        reference_date=datetime.date(2026, 9, 30),
        **kw,
    )


@pytest.fixture
def plans(db, organisations):
    load_ladders()
    municipality, association = organisations["municipality"], organisations["association"]
    return {
        "public": _project(
            "Plan Noord",
            owner=municipality,
            geometry=POINT,
            segments={"sociale_huur": 10, "middenhuur": None},
            deliveries={2027: 40},
        ),
        "lefier": _project(
            "Lefier Zuid", phase="initiatief", publicity="partijen", owner=association, units_net=12
        ),
        "emmen": _project("Emmen Oost", code="GM0114", publicity="partijen", units_net=80),
        "demo": _project("Demowijk", code="GM0114", phase="initiatief", is_demo=True),
    }


SEES = {
    "municipality_editor": {"Plan Noord", "Lefier Zuid", "Demowijk"},
    "association_editor": {"Plan Noord", "Lefier Zuid", "Demowijk"},
    "tenants_member": {"Plan Noord", "Demowijk"},
    "province_reader": {"Plan Noord", "Lefier Zuid", "Emmen Oost", "Demowijk"},
    "outsider": {"Plan Noord", "Demowijk"},
    "anonymous": {"Plan Noord", "Demowijk"},
}


@pytest.mark.parametrize("name", CAST)
def test_reads_only_what_the_caller_may_see(token_client_for, plans, name):
    client = token_client_for(name)
    data = client.get(PROJECTS).json()
    assert {item["name"] for item in data["results"]} == SEES[name]
    assert data["count"] == len(SEES[name])
    for key, project in plans.items():
        status = client.get(f"{PROJECTS}{project.pk}/").status_code
        assert status == (200 if project.name in SEES[name] else 404), (key, status)


def test_figures_filters_and_geojson(client, plans):
    data = client.get(PROJECTS, {"municipality": "gm1681", "phase": "hard"}).json()
    (item,) = data["results"]
    assert item["name"] == "Plan Noord" and item["certainty"] == "hard"
    assert item["phase"] == "vastgesteld" and item["ladder"] == "2021"
    assert item["segments"]["sociale_huur"] == 10
    assert item["segments"]["middenhuur"] is None  # unknown, not 0
    assert item["deliveries"] == {"2027": 40}
    assert item["is_demo"] is False and item["owner"] == "gemeente-borger-odoorn"
    zacht = client.get(PROJECTS, {"phase": "zacht"}).json()["results"]
    assert [p["name"] for p in zacht] == ["Demowijk"]
    assert zacht[0]["is_demo"] is True
    assert [p["name"] for p in client.get(PROJECTS, {"phase": "initiatief"}).json()["results"]] == [
        "Demowijk"
    ]
    region = client.get(PROJECTS, {"region": "woondeal-zuidoost-drenthe"}).json()
    assert region["count"] == 2
    bad = client.get(PROJECTS, {"phase": "bijna-klaar"})
    assert bad.status_code == 400 and "Onbekende fase" in bad.json()["phase"][0]
    assert client.get(PROJECTS, {"municipality": "Emmen"}).status_code == 400
    assert client.get(PROJECTS, {"region": "nergens"}).status_code == 400

    geo = client.get(PROJECTS, {"format": "geojson", "limit": 1})
    assert geo.status_code == 200 and geo["Content-Type"].startswith("application/geo+json")
    collection = json.loads(geo.content)
    assert collection["type"] == "FeatureCollection"
    assert collection["count"] == 2 and collection["next"] and collection["previous"] is None
    (first,) = collection["features"]
    assert first["type"] == "Feature" and first["id"] == plans["demo"].pk
    assert first["geometry"] is None and first["properties"]["is_demo"] is True
    second = json.loads(client.get(collection["next"]).content)
    assert second["features"][0]["geometry"] == POINT
    assert second["features"][0]["properties"]["units_net"] == 40
    one = json.loads(client.get(f"{PROJECTS}{plans['public'].pk}/?format=geojson").content)
    assert one["type"] == "Feature" and one["properties"]["name"] == "Plan Noord"


NEW = {
    "name": "Nieuw plan",
    "municipality_code": "GM1681",
    "developer_kind": "corporatie",
    "units_net": 20,
    "segments": {"sociale_huur": 20},
    "deliveries": {"2028": 20},
    "phase": "initiatief",
    "geometry": POINT,
}
POST_STATUS = {
    "municipality_editor": 201,
    "association_editor": 201,
    "tenants_member": 403,
    "province_reader": 403,
    "outsider": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize("name", CAST)
def test_post_matrix(token_client_for, plans, name):
    client = token_client_for(name)
    response = client.post(PROJECTS, NEW, content_type="application/json")
    assert response.status_code == POST_STATUS[name], response.content
    created = Project.objects.filter(name="Nieuw plan")
    if response.status_code == 201:
        data = response.json()
        project = created.get()
        assert data["id"] == project.pk and data["publicity"] == "partijen"
        assert data["source"] == "formulier" and data["certainty"] == "zacht"
        expected_owner = {"municipality_editor": "gemeente-borger-odoorn"}.get(name, "lefier")
        assert data["owner"] == expected_owner
        assert ProjectVersion.objects.filter(project=project).count() == 1
    else:
        assert not created.exists()
    if response.status_code == 401:
        assert "WWW-Authenticate" in response


# what each member gets for PATCH on each plan: 404 where it cannot see the plan
PATCH_STATUS = {
    "municipality_editor": {"public": 200, "lefier": 200, "emmen": 404},
    "association_editor": {"public": 403, "lefier": 200, "emmen": 404},
    "tenants_member": {"public": 403, "lefier": 404, "emmen": 404},
    "province_reader": {"public": 403, "lefier": 403, "emmen": 403},
    "outsider": {"public": 403, "lefier": 404, "emmen": 404},
    "anonymous": {"public": 401, "lefier": 401, "emmen": 401},
}


@pytest.mark.parametrize("name", CAST)
def test_patch_put_delete_matrix(token_client_for, plans, name):
    client = token_client_for(name)
    for key, expected in PATCH_STATUS[name].items():
        project = plans[key]
        url = f"{PROJECTS}{project.pk}/"
        response = client.patch(url, {"units_net": 41}, content_type="application/json")
        assert response.status_code == expected, (key, response.content)
        project.refresh_from_db()
        assert project.units_net == (41 if expected == 200 else plans[key].units_net)
        for method in ("put", "delete"):
            status = getattr(client, method)(url, {}, content_type="application/json").status_code
            assert status == (401 if name == "anonymous" else 405), (method, status)
    assert client.post(f"{PROJECTS}{plans['public'].pk}/", {}).status_code in (401, 405)


@pytest.fixture
def municipality(token_client_for, plans):
    return token_client_for("municipality_editor")


def test_figures_that_do_not_add_up_are_400_in_dutch(municipality, plans):
    wrong = {**NEW, "segments": {"sociale_huur": 15, "dure_koop": 10}}
    response = municipality.post(PROJECTS, wrong, content_type="application/json")
    assert response.status_code == 400
    (message,) = response.json()["non_field_errors"]
    assert "De segmenten" in message and "25" in message
    assert not Project.objects.filter(name="Nieuw plan").exists()
    for field, value, text in (
        ("phase", "bijna-klaar", "Onbekende fase"),
        ("segments", {"luxe": 3}, "Onbekende sleutel"),
        ("deliveries", {"volgend jaar": 3}, "jaar en een geheel getal"),
        ("geometry", {"type": "Point", "coordinates": [0.1, 40.0]}, "niet in Nederland"),
        ("municipality_code", "Borger", "GM gevolgd door vier cijfers"),
    ):
        response = municipality.post(
            PROJECTS, {**NEW, field: value}, content_type="application/json"
        )
        assert response.status_code == 400, field
        assert text in json.dumps(response.json(), ensure_ascii=False), field
    patch = municipality.patch(
        f"{PROJECTS}{plans['public'].pk}/", {"units_net": -1}, content_type="application/json"
    )
    assert patch.status_code == 400 and "negatief" in json.dumps(patch.json())


def test_publicity_is_the_municipalitys(token_client_for, municipality, plans):
    association = token_client_for("association_editor")
    public = {**NEW, "publicity": "project"}
    assert association.post(PROJECTS, public, content_type="application/json").status_code == 403
    url = f"{PROJECTS}{plans['lefier'].pk}/"
    refused = association.patch(url, {"publicity": "project"}, content_type="application/json")
    assert refused.status_code == 403
    allowed = municipality.patch(url, {"publicity": "project"}, content_type="application/json")
    assert allowed.status_code == 200 and allowed.json()["publicity"] == "project"
    created = municipality.post(PROJECTS, public, content_type="application/json")
    assert created.status_code == 201 and created.json()["publicity"] == "project"


def test_patch_moves_a_phase_and_keeps_history(municipality, plans):
    project = plans["public"]
    url = f"{PROJECTS}{project.pk}/"
    moved = municipality.patch(
        url, {"phase": "onherroepelijk", "reason": "raad besloot"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["phase"] == "onherroepelijk"
    version = ProjectVersion.objects.filter(project=project).order_by("-number").first()
    assert version.number == 2 and version.reason == "raad besloot"
    assert version.data["phase"] == "onherroepelijk"
    changed = municipality.patch(
        url,
        {"segments": {"sociale_huur": 10, "middenhuur": 30}, "deliveries": {"2028": 40}},
        content_type="application/json",
    )
    assert changed.status_code == 200
    data = changed.json()
    assert data["segments"]["middenhuur"] == 30 and data["deliveries"] == {"2028": 40}
    assert data["units_net"] == 40 and data["phase"] == "onherroepelijk"
    assert ProjectVersion.objects.filter(project=project).count() == 3
    owner = municipality.patch(url, {"owner": "lefier"}, content_type="application/json")
    assert owner.status_code == 400
    # moving a plan to a municipality the caller does not keep plans in
    away = municipality.patch(url, {"municipality_code": "GM0114"}, content_type="application/json")
    assert away.status_code == 403
    assert Project.objects.get(pk=project.pk).municipality_code == "GM1681"


def test_owner_must_be_one_the_caller_writes_for(token_client_for, municipality, plans):
    refused = municipality.post(
        PROJECTS, {**NEW, "owner": "lefier"}, content_type="application/json"
    )
    assert refused.status_code == 403
    elsewhere = municipality.post(
        PROJECTS, {**NEW, "municipality_code": "GM0114"}, content_type="application/json"
    )
    assert elsewhere.status_code == 403
    Organisation.objects.filter(slug="lefier").update(working_area_codes=["GM1681", "GM0114"])
    association = token_client_for("association_editor")
    there = association.post(
        PROJECTS, {**NEW, "municipality_code": "GM0114"}, content_type="application/json"
    )
    assert there.status_code == 201 and there.json()["owner"] == "lefier"
