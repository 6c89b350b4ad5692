"""The allocation API: groups, tasks with the ledger (JSON and CSV), placements (read and the
permission matrix of the POST for every cast member, by session and by token) and scenarios
(drafts 404 for whoever may not see them)."""

from __future__ import annotations

import json

import pytest
from conftest import CAST
from tests.factories import (
    AreaFactory,
    PlacementFactory,
    RegionFactory,
    ScenarioFactory,
    TaskFactory,
)

from woonmonitor.accounts.models import Organisation
from woonmonitor.allocation.loading import load_groups
from woonmonitor.allocation.models import Group, Placement, Scenario
from woonmonitor.areas.models import RegionMember

TASKS = "/api/v1/allocation/tasks/"
PLACEMENTS = "/api/v1/allocation/placements/"


@pytest.fixture
def world(db, organisations):
    load_groups()
    AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2024)
    AreaFactory(code="GM0114", name="Emmen", vintage=2024)
    AreaFactory(code="GM0118", name="Hoogeveen", vintage=2024)
    region = RegionFactory(slug="zuidoost-drenthe", name="Zuidoost-Drenthe")
    for code in ("GM1681", "GM0114"):
        RegionMember.objects.create(region=region, municipality_code=code)
    Organisation.objects.filter(slug="lefier").update(working_area_codes=["GM1681"])
    groups = {group.key: group for group in Group.objects.all()}
    return {"region": region, "groups": groups}


def statushouders_ledger(world):
    """Borger-Odoorn: 2022-II task 37 and 55 housed (a lead of 18), then 2023-I task 58."""
    group = world["groups"]["statushouders"]
    municipality = Organisation.objects.get(slug="gemeente-borger-odoorn")
    TaskFactory(group=group, year=2022, half=2, amount=37, origin="computed", source="Rijk")
    TaskFactory(group=group, year=2023, half=1, amount=58, origin="computed", source="Rijk")
    for month, count in ((7, 10), (8, 10), (9, 10), (10, 10), (11, 10), (12, 5)):
        PlacementFactory(
            group=group, organisation=municipality, year=2022, month=month, count=count
        )
    PlacementFactory(group=group, organisation=municipality, year=2023, month=1, count=4)


# ----------------------------------------------------------------------------- groups


def test_groups(client, world):
    data = client.get("/api/v1/allocation/groups/").json()
    by_key = {group["key"]: group for group in data}
    statushouders = by_key["statushouders"]
    assert statushouders["unit"] == "persons" and statushouders["statutory"] is True
    assert statushouders["half_yearly"] is True
    assert statushouders["definitions"][0]["valid_from"] == "2014-07-01"
    assert "Huisvestingswet" in statushouders["definitions"][0]["source"]
    assert by_key["woonwagenbewoners"]["unit"] == "pitches"
    one = client.get("/api/v1/allocation/groups/spoedzoekers/")
    assert one.status_code == 200 and one.json()["name"] == "Spoedzoekers"
    assert client.get("/api/v1/allocation/groups/bestaat-niet/").status_code == 404


# ----------------------------------------------------------------------------- tasks


def test_tasks_with_the_ledger(client, world):
    statushouders_ledger(world)
    data = client.get(TASKS, {"group": "statushouders", "period": "2023-1"}).json()
    assert data["period"] == "2023-1" and data["count"] == 1
    (row,) = data["results"]
    assert row["municipality_code"] == "GM1681" and row["municipality_name"] == "Borger-Odoorn"
    assert row["task"] == 58 and row["carried_over"] == 18  # a lead of 55 - 37
    assert row["corrected_task"] == 40 and row["housed"] == 4 and row["balance"] == -36
    assert row["origin"] == "computed" and row["source"] == "Rijk"
    assert row["definition_valid_from"] is None  # the factory sets no definition


def test_tasks_of_a_region_list_every_member(client, world):
    statushouders_ledger(world)
    data = client.get(
        TASKS, {"group": "statushouders", "period": "2023-1", "region": "zuidoost-drenthe"}
    ).json()
    assert [r["municipality_code"] for r in data["results"]] == ["GM1681", "GM0114"]
    emmen = data["results"][1]
    assert emmen["municipality_name"] == "Emmen" and emmen["task"] is None


def test_tasks_default_period_is_the_latest(client, world):
    statushouders_ledger(world)
    assert client.get(TASKS, {"group": "statushouders"}).json()["period"] == "2023-1"


def test_tasks_of_a_yearly_group(client, world):
    group = world["groups"]["uitstroom-bw-mo"]
    TaskFactory(group=group, year=2024, half=0, amount=6, source="Convenant Weer Thuis")
    association = Organisation.objects.get(slug="lefier")
    PlacementFactory(group=group, organisation=association, year=2024, month=3, count=2)
    (row,) = client.get(TASKS, {"group": "uitstroom-bw-mo", "period": "2024"}).json()["results"]
    assert (row["task"], row["carried_over"], row["corrected_task"]) == (6, None, 6)
    assert (row["housed"], row["balance"]) == (2, -4)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "group"),
        ({"group": "onbekend"}, "group"),
        ({"group": "statushouders", "period": "2023"}, "period"),
        ({"group": "spoedzoekers", "period": "2023-1"}, "period"),
        ({"group": "statushouders", "period": "23-1"}, "period"),
        ({"group": "statushouders", "region": "nergens"}, "region"),
    ],
)
def test_tasks_bad_queries(client, world, query, field):
    response = client.get(TASKS, query)
    assert response.status_code == 400 and field in response.json()


def test_tasks_csv(client, world):
    statushouders_ledger(world)
    response = client.get(TASKS, {"group": "statushouders", "period": "2023-1", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="taken-statushouders-2023-1.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("municipality_code;municipality_name;group;period;task;")
    assert lines[1].startswith("GM1681;Borger-Odoorn;statushouders;2023-1;58;18;40;4;-36;")


def test_tasks_csv_errors_stay_json(client, world):
    response = client.get(TASKS, {"group": "x", "format": "csv"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


# ----------------------------------------------------------------------------- placements


def test_placements_are_public_but_the_wijk_is_not(client_for, world):
    municipality = Organisation.objects.get(slug="gemeente-borger-odoorn")
    PlacementFactory(
        group=world["groups"]["statushouders"],
        organisation=municipality,
        area_code="WK168101",
        note="gezin van vijf",
        is_demo=True,
    )
    for name, shown in (
        ("municipality_editor", True),
        ("province_reader", True),
        ("association_editor", False),
        ("anonymous", False),
    ):
        data = client_for(name).get(PLACEMENTS).json()
        (row,) = data["results"]
        assert row["count"] == 1 and row["is_demo"] is True
        assert (row["area_code"] == "WK168101") is shown and (row["note"] != "") is shown


def test_placements_filters(client, world):
    municipality = Organisation.objects.get(slug="gemeente-borger-odoorn")
    group = world["groups"]["statushouders"]
    PlacementFactory(group=group, organisation=municipality, year=2023, month=1)
    PlacementFactory(group=group, organisation=municipality, year=2024, month=1)
    assert client.get(PLACEMENTS, {"year": 2024}).json()["count"] == 1
    assert client.get(PLACEMENTS, {"municipality": "gm1681"}).json()["count"] == 2
    assert client.get(PLACEMENTS, {"group": "spoedzoekers"}).json()["count"] == 0


POST = {"group": "statushouders", "municipality_code": "GM1681", "year": 2024, "month": 5}
#: status of the POST for GM1681 per cast member, in CAST order
POST_MATRIX = dict(zip(CAST, (201, 201, 403, 403, 403, 401), strict=True))


@pytest.mark.parametrize("name", CAST)
@pytest.mark.parametrize("via", ["session", "token"])
def test_post_matrix(client_for, token_client_for, world, name, via):
    client = client_for(name) if via == "session" else token_client_for(name)
    response = client.post(PLACEMENTS, {**POST, "count": 3}, content_type="application/json")
    assert response.status_code == POST_MATRIX[name], response.content
    assert Placement.objects.count() == (1 if POST_MATRIX[name] == 201 else 0)
    if response.status_code == 201:
        body = response.json()
        assert body["count"] == 3 and body["municipality_code"] == "GM1681"
    elif response.status_code == 403:
        assert "detail" in response.json()
    else:
        assert response.has_header("WWW-Authenticate")


@pytest.mark.parametrize(
    ("name", "code", "expected", "message"),
    [
        ("municipality_editor", "GM0118", 403, "alleen plaatsingen op in haar eigen gemeente"),
        ("association_editor", "GM0114", 403, "werkt niet in GM0114"),
    ],
)
def test_a_party_enters_only_its_own_figures(client_for, world, name, code, expected, message):
    response = client_for(name).post(
        PLACEMENTS, {**POST, "municipality_code": code, "count": 1}, content_type="application/json"
    )
    assert response.status_code == expected and message in response.json()["detail"]
    assert not Placement.objects.exists()


def test_post_for_another_organisation_is_403(client_for, world):
    response = client_for("municipality_editor").post(
        PLACEMENTS, {**POST, "count": 1, "organisation": "lefier"}, content_type="application/json"
    )
    assert response.status_code == 403 and "Lefier" in response.json()["detail"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"count": -1}, "count"),
        ({"month": 13}, "month"),
        ({"group": "onbekend"}, "group"),
        ({"organisation": "bestaat-niet"}, "organisation"),
        ({"year": 2099, "month": 1}, "non_field_errors"),
        ({"area_code": "WK011401"}, "non_field_errors"),
    ],
)
def test_post_invalid_is_400_in_dutch(client_for, world, changes, field):
    response = client_for("municipality_editor").post(
        PLACEMENTS, {**POST, "count": 1, **changes}, content_type="application/json"
    )
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Placement.objects.exists()


def test_second_post_corrects_the_first(client_for, world):
    client = client_for("municipality_editor")
    first = client.post(PLACEMENTS, {**POST, "count": 1}, content_type="application/json").json()
    second = client.post(PLACEMENTS, {**POST, "count": 2}, content_type="application/json").json()
    assert second["corrects"] == first["id"]
    assert [p["count"] for p in client.get(PLACEMENTS).json()["results"]] == [2]


def test_session_post_needs_csrf(client, cast, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast["municipality_editor"])
    response = strict.post(PLACEMENTS, {**POST, "count": 1}, content_type="application/json")
    assert response.status_code == 403 and not Placement.objects.exists()


# ----------------------------------------------------------------------------- scenarios

#: status of a draft scenario of Zuidoost-Drenthe per cast member, in CAST order
DRAFT_MATRIX = dict(zip(CAST, (200, 200, 404, 200, 404, 404), strict=True))


@pytest.fixture
def scenarios(world):
    group = world["groups"]["uitstroom-bw-mo"]
    inputs = {"total": 10, "keys": {"inhabitants": 1}}
    result = {"municipalities": [{"code": "GM1681", "share": 4}]}
    return {
        "draft": ScenarioFactory(
            region=world["region"], group=group, name="Concept", inputs=inputs, result=result
        ),
        "published": ScenarioFactory(
            region=world["region"],
            group=group,
            name="Gepubliceerd",
            status=Scenario.Status.PUBLISHED,
            inputs=inputs,
            result=result,
            is_demo=True,
        ),
    }


@pytest.mark.parametrize("name", CAST)
def test_scenario_matrix(client_for, scenarios, name):
    client = client_for(name)
    draft = client.get(f"/api/v1/allocation/scenarios/{scenarios['draft'].pk}/")
    assert draft.status_code == DRAFT_MATRIX[name]
    published = client.get(f"/api/v1/allocation/scenarios/{scenarios['published'].pk}/")
    assert published.status_code == 200
    body = published.json()
    assert body["inputs"]["total"] == 10 and body["result"]["municipalities"][0]["share"] == 4
    assert body["is_demo"] is True and body["region"]["slug"] == "zuidoost-drenthe"
    listed = {row["name"] for row in client.get("/api/v1/allocation/scenarios/").json()["results"]}
    assert ("Concept" in listed) is (DRAFT_MATRIX[name] == 200)
    assert "Gepubliceerd" in listed
    assert client.get("/api/v1/allocation/scenarios/99999/").status_code == 404


def test_scenario_list_has_no_inputs(client, scenarios):
    row = client.get("/api/v1/allocation/scenarios/").json()["results"][0]
    assert "inputs" not in row and "result" not in row and row["status"] == "published"


# ----------------------------------------------------------------------------- GET matrix

#: every read endpoint answers every cast member (drafts aside, above)
READS = [
    "/api/v1/allocation/groups/",
    "/api/v1/allocation/groups/statushouders/",
    "/api/v1/allocation/tasks/?group=statushouders",
    "/api/v1/allocation/tasks/?group=statushouders&format=csv",
    PLACEMENTS,
    "/api/v1/allocation/scenarios/",
]


@pytest.mark.parametrize("url", READS)
@pytest.mark.parametrize("name", CAST)
def test_reads_are_public(client_for, world, url, name):
    assert client_for(name).get(url).status_code == 200


@pytest.mark.parametrize("name", CAST)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/allocation/groups/",
        "/api/v1/allocation/tasks/",
        "/api/v1/allocation/scenarios/",
    ],
)
def test_read_only_endpoints_refuse_writes(client_for, world, url, name):
    response = client_for(name).post(url, json.dumps({}), content_type="application/json")
    assert response.status_code in (401, 403, 405)
