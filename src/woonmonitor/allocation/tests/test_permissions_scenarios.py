"""The permission matrix of the fair-share pages: every cast member against every page."""

from __future__ import annotations

import pytest
from conftest import CAST
from tests.factories import ScenarioFactory, UserFactory

from woonmonitor.allocation import scenarios
from woonmonitor.allocation.models import Scenario

from .test_scenarios import build_region

# page -> the status each cast member gets, in CAST order:
# municipality_editor, association_editor, tenants_member, province_reader, outsider, anonymous
MATRIX = {
    "/aandachtsgroepen/scenarios/": (200, 200, 200, 200, 200, 200),
    "/aandachtsgroepen/scenarios/{published}/": (200, 200, 200, 200, 200, 200),
    "/aandachtsgroepen/scenarios/{published}/uitkomst.csv": (200, 200, 200, 200, 200, 200),
    "/aandachtsgroepen/scenarios/{published}/uitkomst.xlsx": (200, 200, 200, 200, 200, 200),
    "/aandachtsgroepen/scenarios/{draft}/": (200, 200, 404, 200, 404, 404),
    "/aandachtsgroepen/scenarios/{draft}/uitkomst.csv": (200, 200, 404, 200, 404, 404),
    "/aandachtsgroepen/scenarios/{draft}/uitkomst.xlsx": (200, 200, 404, 200, 404, 404),
    "/aandachtsgroepen/scenarios/vergelijk/": (200, 200, 200, 200, 200, 200),
    "/aandachtsgroepen/scenarios/vergelijk/?ids={published},{draft}": (
        200,
        200,
        404,
        200,
        404,
        404,
    ),
    "/aandachtsgroepen/scenarios/nieuw/": (200, 404, 404, 404, 404, 302),
}
CASES = [
    pytest.param(url, name, statuses[index], id=f"{name}-{url}")
    for url, statuses in MATRIX.items()
    for index, name in enumerate(CAST)
]


@pytest.fixture
def ids(db, cast):
    region, group = build_region()
    inputs, result, _demo = scenarios.calculate(
        region=region, group=group, year=2025, total=12, keys={"inwoners": 1}, caps={}, split={}
    )
    made = {}
    for status in Scenario.Status:
        made[{"draft": "draft", "published": "published"}[status]] = ScenarioFactory(
            region=region, group=group, status=status, inputs=inputs, result=result
        ).pk
    return made


@pytest.mark.parametrize(("url", "name", "expected"), CASES)
def test_permission_matrix(client_for, ids, url, name, expected):
    assert client_for(name).get(url.format(**ids)).status_code == expected


@pytest.mark.parametrize("url", [url for url in MATRIX if "nieuw" not in url])
def test_staff_sees_everything(client, ids, url):
    client.force_login(UserFactory(username="staf", is_staff=True))
    assert client.get(url.format(**ids)).status_code == 200


def test_an_association_working_elsewhere_does_not_see_drafts(client_for, cast, ids, organisations):
    organisations["association"].working_area_codes = ["GM0118"]
    organisations["association"].save()
    url = f"/aandachtsgroepen/scenarios/{ids['draft']}/"
    assert client_for("association_editor").get(url).status_code == 404


def test_post_new_by_outsider_is_404(client_for, ids):
    assert client_for("outsider").post("/aandachtsgroepen/scenarios/nieuw/", {}).status_code == 404


def test_new_scenario_saved_and_typed_input_kept(client_for, ids):
    client = client_for("municipality_editor")
    form = {
        "region": Scenario.objects.get(pk=ids["draft"]).region_id,
        "group": Scenario.objects.get(pk=ids["draft"]).group_id,
        "year": "2025",
        "half": "0",
        "name": "Mijn scenario",
        "total": "44",
        "weight_inhabitants": "100",
        "municipality_cap": "10",
        "split_mode": "stock",
        "fixed_split": "GM1681 lefier 50",
        "status": "draft",
    }
    response = client.post("/aandachtsgroepen/scenarios/nieuw/", form)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Regel 1 is niet te lezen" in content and 'value="Mijn scenario"' in content
    form["fixed_split"] = "GM1681: lefier=50, woonservice=50"
    response = client.post("/aandachtsgroepen/scenarios/nieuw/", form)
    # the demo region has no vacated homes: the cap is missing, a warning; still saved
    assert response.status_code == 302
    scenario = Scenario.objects.get(name="Mijn scenario")
    assert scenario.inputs["association_split"]["fixed"] == {
        "GM1681": {"lefier": 50, "woonservice": 50}
    }
    detail = client.get(response["Location"]).content.decode()
    assert "De berekening stap voor stap" in detail and "geen plafond" in detail


def test_preview_saves_nothing(client_for, ids):
    client = client_for("municipality_editor")
    draft = Scenario.objects.get(pk=ids["draft"])
    form = {
        "region": draft.region_id,
        "group": draft.group_id,
        "year": "2025",
        "half": "0",
        "name": "Voorbeeld",
        "total": "10",
        "weight_concentration": "100",
        "split_mode": "stock",
        "status": "draft",
        "preview": "1",
    }
    response = client.post("/aandachtsgroepen/scenarios/nieuw/", form)
    assert response.status_code == 200
    assert "huidige aanwezigheid van de groep nodig" in response.content.decode()
    form["weight_concentration"], form["weight_inhabitants"] = "", "100"
    response = client.post("/aandachtsgroepen/scenarios/nieuw/", form)
    assert "Voorbeeld (nog niet opgeslagen)" in response.content.decode()
    assert not Scenario.objects.filter(name="Voorbeeld").exists()


def test_demo_marking_on_detail(client_for, ids):
    Scenario.objects.filter(pk=ids["published"]).update(is_demo=True)
    content = client_for("anonymous").get(f"/aandachtsgroepen/scenarios/{ids['published']}/")
    assert "Demonstratiecijfers." in content.content.decode()


def test_csv_has_a_row_per_municipality(client_for, ids):
    response = client_for("anonymous").get(
        f"/aandachtsgroepen/scenarios/{ids['published']}/uitkomst.csv"
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("gemeentecode;gemeente;corporatie;aandeel")
    assert len(lines) == 4


def test_compare_one_scenario_asks_for_two(client_for, ids):
    response = client_for("anonymous").get(
        f"/aandachtsgroepen/scenarios/vergelijk/?keuze={ids['published']}"
    )
    assert response.status_code == 200
    assert "Kies minstens twee" in response.content.decode()


def test_compare_difference_and_csv(client_for, ids):
    client = client_for("province_reader")
    url = f"/aandachtsgroepen/scenarios/vergelijk/?ids={ids['published']},{ids['draft']}"
    assert "Uitkomst en verschil" in client.get(url).content.decode()
    lines = client.get(url + "&format=csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith("verschil (laatste - eerste)") and len(lines) == 4
