"""The project list, the plan map and the project page: who sees which plan, demo marking,
filters, downloads, the move-phase and impulsteam forms."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from tests.factories import MembershipFactory, UserFactory

from woonmonitor.accounts.models import Role
from woonmonitor.programming.models import ImpulsteamSupport, Publicity

POINT = {"type": "Point", "coordinates": [6.79, 52.92]}
PARTY_ONLY = (Publicity.TOTALS, Publicity.PARTIES)


@pytest.fixture
def plans(make_project, organisations):
    return {
        "public": make_project(
            name="Openbaar plan",
            geometry=POINT,
            segments={"sociale_huur": 10, "middenhuur": 0},
            deliveries={2027: 30},
        ),
        "totals": make_project(
            name="Plan in totalen", publicity=Publicity.TOTALS, geometry=POINT, phase="initiatief"
        ),
        "parties": make_project(name="Plan voor partijen", publicity=Publicity.PARTIES),
        "elsewhere": make_project(
            name="Plan in Emmen", municipality_code="GM0114", publicity=Publicity.PARTIES
        ),
        "demo": make_project(name="Verzonnen plan", is_demo=True, geometry=POINT),
    }


def _map_names(response) -> set[str]:
    data = response.context["project_geojson"]
    return {feature["properties"]["name"] for feature in data["features"]}


def _list_names(response) -> set[str]:
    return {row.project.name for row in response.context["rows"]}


@pytest.mark.parametrize("who", ["anonymous", "outsider", "tenants_member"])
def test_non_parties_never_see_plans_kept_for_parties(client_for, plans, who):
    client = client_for(who)
    listing = client.get(reverse("programming:project-list"))
    assert _list_names(listing) == {"Openbaar plan", "Verzonnen plan"}
    plan_map = client.get(reverse("programming:map"))
    assert _list_names(plan_map) == {"Openbaar plan", "Verzonnen plan"}
    assert _map_names(plan_map) == {"Openbaar plan", "Verzonnen plan"}
    assert "Plan in totalen" not in plan_map.content.decode()
    for key in ("totals", "parties", "elsewhere"):
        assert client.get(reverse("programming:project", args=[plans[key].pk])).status_code == 404
    csv = client.get(reverse("programming:project-list") + "?formaat=csv").content.decode()
    assert "Plan in totalen" not in csv and "Plan voor partijen" not in csv


@pytest.mark.parametrize("who", ["municipality_editor", "association_editor"])
def test_parties_see_the_plans_of_their_municipality(client_for, plans, who):
    client = client_for(who)
    names = _list_names(client.get(reverse("programming:project-list")))
    assert names == {"Openbaar plan", "Plan in totalen", "Plan voor partijen", "Verzonnen plan"}
    assert _map_names(client.get(reverse("programming:map"))) == {
        "Openbaar plan",
        "Plan in totalen",
        "Verzonnen plan",
    }
    assert (
        client.get(reverse("programming:project", args=[plans["elsewhere"].pk])).status_code == 404
    )
    assert client.get(reverse("programming:project", args=[plans["parties"].pk])).status_code == 200


def test_the_province_sees_every_plan(client_for, plans):
    names = _list_names(client_for("province_reader").get(reverse("programming:project-list")))
    assert "Plan in Emmen" in names and "Plan voor partijen" in names


def test_demo_projects_are_marked_everywhere(client_for, plans):
    client = client_for("anonymous")
    for url in (reverse("programming:project-list"), reverse("programming:map")):
        page = client.get(url).content.decode()
        assert page.count("demonstratieproject") >= 2  # notice and the row
    detail = client.get(reverse("programming:project", args=[plans["demo"].pk])).content.decode()
    assert "Dit plan is verzonnen voor de demonstratie" in detail
    features = client.get(reverse("programming:map")).context["project_geojson"]["features"]
    assert {f["properties"]["name"]: f["properties"]["demo"] for f in features} == {
        "Openbaar plan": False,
        "Verzonnen plan": True,
    }
    csv = client.get(reverse("programming:project-list") + "?formaat=csv").content.decode()
    [demo_line] = [line for line in csv.splitlines() if "Verzonnen plan" in line]
    assert "ja, verzonnen voor de demonstratie" in demo_line
    [real_line] = [line for line in csv.splitlines() if "Openbaar plan" in line]
    assert ";nee;" in real_line


def test_filters(client_for, plans):
    client = client_for("municipality_editor")
    url = reverse("programming:project-list")
    assert _list_names(client.get(url + "?zekerheid=zacht")) == {"Plan in totalen"}
    assert _list_names(client.get(url + "?fase=initiatief")) == {"Plan in totalen"}
    assert _list_names(client.get(url + "?segment=sociale_huur")) == {"Openbaar plan"}
    # middenhuur is 0 in "Openbaar plan": no homes in that segment
    assert _list_names(client.get(url + "?segment=middenhuur")) == set()
    assert "Openbaar plan" in _list_names(client.get(url + "?segment=onbekend"))
    assert _list_names(client.get(url + "?jaar=2027")) == {"Openbaar plan"}
    assert _list_names(client.get(url + "?gemeente=GM1681&zekerheid=hard")) == {
        "Openbaar plan",
        "Plan voor partijen",
        "Verzonnen plan",
    }
    assert _map_names(client.get(reverse("programming:map") + "?zekerheid=zacht")) == {
        "Plan in totalen"
    }


def test_an_unknown_filter_value_is_an_error_not_a_filter(client_for, plans):
    response = client_for("anonymous").get(reverse("programming:map") + "?zekerheid=vast")
    assert response.context["form"].errors
    assert len(response.context["rows"]) == 2


def test_downloads_neutralise_formulas(client_for, make_project):
    make_project(name='=HYPERLINK("http://x")', segments={"sociale_huur": None})
    client = client_for("anonymous")
    csv = client.get(reverse("programming:project-list") + "?formaat=csv").content.decode()
    assert "'=HYPERLINK" in csv
    assert "onbekend" in csv
    response = client.get(reverse("programming:project-list") + "?formaat=xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '=HYPERLINK("http://x")' in values
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


def test_project_page_shows_unknown_apart_from_zero(client_for, plans):
    response = client_for("anonymous").get(
        reverse("programming:project", args=[plans["public"].pk])
    )
    segments = dict(response.context["segments"])
    assert segments["sociale huur"] == 10
    assert segments["middenhuur"] == 0
    assert segments["dure huur"] is None
    assert response.context["unclassified"] == 30
    assert response.context["year_unknown"] == 10
    page = response.content.decode()
    assert "jaar onbekend" in page and "het plan staat hier" in page
    assert "Hard of zacht volgt uit de fase" in page
    # no forms for visitors
    assert response.context["move_form"] is None and response.context["support_form"] is None


def test_move_phase(client_for, plans, ladder):
    project = plans["parties"]
    url = reverse("programming:project-move-phase", args=[project.pk])
    target = ladder("onherroepelijk")
    response = client_for("municipality_editor").post(url, {"phase": target.pk, "reason": "raad"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == target
    assert project.versions.order_by("-number").first().reason == "raad"
    page = client_for("municipality_editor").get(reverse("programming:project", args=[project.pk]))
    assert "Onherroepelijk" in page.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("tenants_member", 404), ("outsider", 404), ("province_reader", 403), ("anonymous", 302)],
)
def test_move_phase_refused(client_for, plans, ladder, who, status):
    project = plans["parties"]
    url = reverse("programming:project-move-phase", args=[project.pk])
    response = client_for(who).post(url, {"phase": ladder("onherroepelijk").pk})
    assert response.status_code == status
    project.refresh_from_db()
    assert project.phase.key == "vastgesteld"


def test_impulsteam_support_by_province_editors_only(client_for, plans, organisations):
    project = plans["public"]
    url = reverse("programming:project-support", args=[project.pk])
    data = {
        "requested_by": "GM1681",
        "subject": "haalbaarheid",
        "since": "2026-03-01",
        "outcome": "loopt",
        "outcome_note": "",
    }
    assert client_for("province_reader").post(url, data).status_code == 403
    assert client_for("municipality_editor").post(url, data).status_code == 403
    editor = UserFactory(username="provincie-bewerker")
    MembershipFactory(user=editor, organisation=organisations["province"], role=Role.EDITOR)
    client = client_for("anonymous")
    client.force_login(editor)
    page = client.get(reverse("programming:project", args=[project.pk]))
    assert page.context["support_form"] is not None
    response = client.post(url, data)
    assert response.status_code == 302
    [support] = ImpulsteamSupport.objects.filter(project=project)
    assert support.since == datetime.date(2026, 3, 1) and support.requested_by == "GM1681"
    shown = client_for("anonymous").get(reverse("programming:project", args=[project.pk]))
    assert "haalbaarheid" in shown.content.decode()


def test_map_data_travels_in_json_script(client_for, plans):
    page = client_for("anonymous").get(reverse("programming:map")).content.decode()
    assert 'id="plan-map-projects" type="application/json"' in page
    start = page.index('id="plan-map-projects" type="application/json">') + len(
        'id="plan-map-projects" type="application/json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert len(data["features"]) == 2
    assert "<script>" not in page  # no inline scripts
