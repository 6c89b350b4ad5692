"""The dashboard wiring, pages, downloads and API of woningbouwprogrammering, with the fixed
cast. Worked numbers (Zuidoost-Drenthe, target 4.177):

* stock 1 January 2024: Borger-Odoorn 11.537, Coevorden 15.966, Emmen 50.563, Aa en Hunze 11.500
  -> split 538 / 745 / 2.358 / 536 (see golden/need_woondeal_split.json);
* plan capacity 2021 (published): 350 / 400 / 1.636 / 433 = 2.819; 130% of 4.177 = 5.430,1 ->
  5.431 required: 2.612 short, "niet voldaan"; Borger-Odoorn 350 against 130% of 538 = 699,4
  -> 700: 350 short;
* Borger-Odoorn demographic: (24.800 - 25.200) / 2,21 = -181,0 -> krimp 181, need 0.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from tests.factories import AreaFactory, IndicatorFactory, IndicatorValueFactory

from woonmonitor.programming import dashboard, plans
from woonmonitor.programming.models import CheckExplanation, PlanCapacity, Publicity
from woonmonitor.programming.parameters import woondeal_regions

REGION = "woondeal-zuidoost-drenthe"
MEMBERS = {
    # code: (name, population 2021, 2030, household size, stock 2024, plan capacity 2021)
    "GM1681": ("Borger-Odoorn", 25200, 24800, 2.21, 11537, 350),
    "GM0109": ("Coevorden", 34800, 33600, 2.19, 15966, 400),
    "GM0114": ("Emmen", 107300, 105300, 2.12, 50563, 1636),
    "GM1680": ("Aa en Hunze", 25200, 24100, 2.21, 11500, 433),
}
ON = datetime.date(2026, 9, 30)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def monitor(db):
    prognosis = IndicatorFactory(key="bevolkingsprognose", source_table="Prognose")
    size = IndicatorFactory(key="huishoudensgrootte", decimals=1)
    stock = IndicatorFactory(key="woningvoorraad")
    new_build = IndicatorFactory(key="nieuwbouw", source_table="81955NED")
    for code, (name, start, end, hh, homes, capacity) in MEMBERS.items():
        old = AreaFactory(code=code, name=name, vintage=2018)
        area = AreaFactory(code=code, name=name, vintage=2024)
        IndicatorValueFactory(indicator=prognosis, area=old, period=2021, value=float(start))
        IndicatorValueFactory(indicator=prognosis, area=old, period=2030, value=float(end))
        IndicatorValueFactory(indicator=size, area=area, period=2025, value=hh)
        IndicatorValueFactory(indicator=stock, area=area, period=2024, value=float(homes))
        IndicatorValueFactory(indicator=new_build, area=area, period=2020, value=50.0)
        PlanCapacity.objects.create(
            municipality_code=code,
            municipality_name=name,
            reference_year=2021,
            units=capacity,
            source="Data Bewijst en Follow the Money, Plancapaciteit per gemeente 2021",
        )


def _region():
    return next(r for r in woondeal_regions() if r.slug == REGION)


def _build(user, basis=None):
    figures = plans.project_figures(user)
    return dashboard.build(
        _region(), figures=figures, published=plans.published_capacity(), on=ON, basis=basis
    )


def _row(dash, area, key):
    rows = [*dash.all_checks(), *dash.realisation_rows]
    return next(r for r in rows if r.area == area and r.key == key)


def test_wiring_on_the_2021_plan_capacity(monitor, cast):
    dash = _build(cast["anonymous"])
    assert dash.basis == plans.BASIS_2021  # no real projects: the 2021 totals
    region = _row(dash, REGION, dashboard.CAPACITY_TARGET)
    assert region.status == "niet-voldaan"
    assert (region.check.capacity, region.check.need, region.check.required) == (2819, 4177, 5431)
    assert region.need_label == "woondealdoel 2030"
    borger = _row(dash, "GM1681", dashboard.CAPACITY_TARGET)
    assert (borger.check.need, borger.check.required, borger.check.difference) == (538, 700, -350)
    demographic = _row(dash, "GM1681", dashboard.CAPACITY_DEMOGRAPHIC)
    assert demographic.check.need == 0 and demographic.status == "voldaan"
    assert dash.need.demographic_for("GM1681").shrink == 181
    mix = _row(dash, "GM1681", dashboard.MIX_MUNICIPAL)
    assert mix.status == "geen-gegevens"  # the 2021 totals have no segments
    assert _row(dash, "GM1681", "realisatie-2020").check.realised == 50


def test_an_explanation_turns_not_met_into_explained(monitor, cast, organisations):
    CheckExplanation.objects.create(
        area="GM1681",
        check_key=dashboard.CAPACITY_TARGET,
        text="Twee plannen wachten op de provincie.",
        organisation=organisations["municipality"],
    )
    row = _row(_build(cast["anonymous"]), "GM1681", dashboard.CAPACITY_TARGET)
    assert row.status == "afwijking-toegelicht"
    assert row.explained_by == "Gemeente Borger-Odoorn"


def test_projects_basis_hides_a_single_totals_plan_from_the_public(monitor, cast, make_project):
    make_project(name="Openbaar", units_net=30, publicity=Publicity.PROJECT)
    make_project(name="Geheim", units_net=17, publicity=Publicity.TOTALS)
    make_project(name="Partijen", units_net=500, publicity=Publicity.PARTIES)
    make_project(name="Demo", units_net=900, is_demo=True, source="demo")
    # one member with projects: the region keeps the 2021 basis until every member has them
    assert _build(cast["anonymous"]).basis == plans.BASIS_2021
    public = _build(cast["anonymous"], basis=plans.BASIS_PROJECTS)
    assert public.basis == plans.BASIS_PROJECTS
    assert public.figures.value("total", "GM1681") is None  # 30 + 17: the 17 would show
    assert _row(public, "GM1681", dashboard.CAPACITY_TARGET).status == "afgeschermd"
    province = _build(cast["province_reader"], basis=plans.BASIS_PROJECTS)
    assert province.figures.value("total", "GM1681") == 30 + 17 + 500  # never the demo
    party = _build(cast["municipality_editor"], basis=plans.BASIS_PROJECTS)
    assert party.figures.value("total", "GM1681") == 547
    assert party.figures.value("total", REGION) == 547


def test_three_totals_plans_count_in_public_totals(monitor, cast, make_project):
    for number, units in enumerate((10, 11, 12)):
        make_project(name=f"T{number}", units_net=units, publicity=Publicity.TOTALS)
    make_project(name="Partijen", units_net=500, publicity=Publicity.PARTIES)
    dash = _build(cast["anonymous"])
    assert dash.figures.value("total", "GM1681") == 33
    assert dash.figures.value("total", REGION) == 33


# ----------------------------------------------------------------------------- pages


@pytest.mark.parametrize("who", ["anonymous", "outsider", "province_reader"])
def test_index_shows_the_targets_with_sources(monitor, client_for, who):
    response = client_for(who).get(reverse("programming:index"))
    assert response.status_code == 200
    text = response.content.decode()
    for figure in ("3.790", "4.177", "5.033", "13.000", "13.631", "2.819"):
        assert figure in text
    assert "Data Bewijst en Follow the Money" in text


def test_region_page_shows_need_unconfirmed_membership_and_no_hidden_numbers(
    monitor, client_for, make_project
):
    make_project(name="Geheim", units_net=17, publicity=Publicity.TOTALS)
    url = reverse("programming:region", args=[REGION]) + "?basis=projecten"
    response = client_for("anonymous").get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "lidmaatschap niet bevestigd" in text
    assert "afgeschermd" in text
    assert "krimp: 181 huishoudens minder" in text
    assert "prognose 2021, regio-indeling 2018" in text or "regio-indeling 2018" in text
    assert ">17<" not in text
    party = client_for("municipality_editor").get(url)
    assert ">17<" in party.content.decode()


def test_unknown_region_and_municipality_are_404(monitor, client_for):
    client = client_for("anonymous")
    assert client.get(reverse("programming:region", args=["nergens"])).status_code == 404
    assert client.get(reverse("programming:municipality", args=["GM0363"])).status_code == 404


def test_municipality_page_and_downloads(monitor, client_for):
    client = client_for("anonymous")
    url = reverse("programming:municipality", args=["GM1681"])
    assert client.get(url).status_code == 200
    csv = client.get(url, {"formaat": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("onderdeel;gebiedscode")
    assert "Borger-Odoorn" in body and "Coevorden" not in body
    xlsx = client.get(reverse("programming:region", args=[REGION]), {"formaat": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_downloads_neutralise_formulas(monitor, client_for, organisations):
    CheckExplanation.objects.create(
        area="GM1681",
        check_key=dashboard.CAPACITY_TARGET,
        text="=HYPERLINK('x')",
        organisation=organisations["municipality"],
    )
    body = (
        client_for("anonymous")
        .get(reverse("programming:region", args=[REGION]), {"formaat": "csv"})
        .content.decode("utf-8-sig")
    )
    assert ";=" not in body


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("municipality_editor", True),
        ("association_editor", False),
        ("tenants_member", False),
        ("province_reader", False),
        ("outsider", False),
    ],
)
def test_who_may_explain_a_deviation(monitor, client_for, organisations, who, allowed):
    client = client_for(who)
    org = {
        "municipality_editor": "municipality",
        "association_editor": "association",
        "tenants_member": "tenants",
        "province_reader": "province",
        "outsider": "municipality",
    }[who]
    response = client.post(
        reverse("programming:explain"),
        {
            "area": "GM1681",
            "check_key": dashboard.CAPACITY_TARGET,
            "organisation": organisations[org].pk,
            "text": "Uitleg",
            "next": "/woningbouw/gemeente/GM1681/",
        },
    )
    assert (response.status_code == 302) is allowed
    assert CheckExplanation.objects.filter(area="GM1681").exists() is allowed


def test_the_page_offers_the_form_only_to_who_may_explain(monitor, client_for):
    url = reverse("programming:municipality", args=["GM1681"])
    assert "Afwijking toelichten" in client_for("municipality_editor").get(url).content.decode()
    assert "Afwijking toelichten" not in client_for("anonymous").get(url).content.decode()


# ----------------------------------------------------------------------------- API


def test_api_need_every_region_and_one(monitor, client_for):
    client = client_for("anonymous")
    data = client.get("/api/v1/programming/need/").json()
    assert [r["region"] for r in data["results"]] == [r.slug for r in woondeal_regions()]
    one = client.get("/api/v1/programming/need/", {"region": REGION}).json()["results"][0]
    assert one["target"]["homes"] == 4177
    borger = next(m for m in one["municipalities"] if m["code"] == "GM1681")
    assert borger["woondeal_split"]["homes"] == 538
    assert borger["demographic"]["status"] == "krimp"
    assert next(m for m in one["municipalities"] if m["code"] == "GM1680")["confirmed"] is False
    bad = client.get("/api/v1/programming/need/", {"region": "nergens"})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("who", "total"),
    [("anonymous", None), ("outsider", None), ("province_reader", 47), ("municipality_editor", 47)],
)
def test_api_checks_public_for_anonymous_full_for_parties(
    monitor, client_for, make_project, who, total
):
    make_project(name="Openbaar", units_net=30, publicity=Publicity.PROJECT)
    make_project(name="Geheim", units_net=17, publicity=Publicity.TOTALS)
    data = (
        client_for(who)
        .get(
            "/api/v1/programming/checks/",
            {"region": REGION, "year": 2030, "basis": plans.BASIS_PROJECTS},
        )
        .json()
    )
    region = data["results"][0]
    row = next(
        c
        for c in region["checks"]
        if c["area"] == "GM1681" and c["check_key"] == dashboard.CAPACITY_TARGET
    )
    if total is None:
        assert row["status"] == "afgeschermd"
        assert "capacity" not in row
    else:
        assert row["capacity"] == total
    csv = client_for(who).get("/api/v1/programming/checks/", {"format": "csv"})
    assert csv.status_code == 200


def test_api_checks_bad_year(monitor, client_for):
    response = client_for("anonymous").get("/api/v1/programming/checks/", {"year": 1990})
    assert response.status_code == 400


def test_a_municipality_with_projects_defaults_to_them_its_region_does_not(
    monitor, client_for, make_project
):
    make_project(name="Openbaar", units_net=30, publicity=Publicity.PROJECT)
    client = client_for("municipality_editor")
    own = client.get(reverse("programming:municipality", args=["GM1681"]))
    assert own.context["dash"].basis == plans.BASIS_PROJECTS
    region = client.get(reverse("programming:region", args=[REGION]))
    assert region.context["dash"].basis == plans.BASIS_2021
