"""The peilmomenten pages: the list, taking one (province editors and staff), the comparison
with its filters, what each member of the cast sees, and the CSV and Excel downloads."""

from __future__ import annotations

import datetime
import io

import pytest
from conftest import CAST
from openpyxl import load_workbook
from tests.factories import MembershipFactory

from woonmonitor.accounts.models import Role
from woonmonitor.programming.figures import ProjectFigures
from woonmonitor.programming.ladder import phase_by_name
from woonmonitor.programming.models import Peilmoment, Publicity
from woonmonitor.programming.services import figures_of, move_phase, save_project, take_peilmoment

pytestmark = pytest.mark.django_db
A_DAY, B_DAY = datetime.date(2026, 6, 30), datetime.date(2026, 9, 30)
COMPARE = "/woningbouw/peilmomenten/vergelijk/?van=2026-06-30&tot=2026-09-30"


def change(project, *, units=None, segments=None, deliveries=None):
    figures = figures_of(project)
    return save_project(
        user=None,
        check_permission=False,
        project=project,
        phase=project.phase,
        figures=ProjectFigures(
            units_net=figures.units_net if units is None else units,
            segments=figures.segments if segments is None else segments,
            deliveries=figures.deliveries if deliveries is None else deliveries,
        ),
    )


@pytest.fixture
def two_peilmomenten(make_project, cast, organisations):
    """Borger-Odoorn: a public plan that goes hard and slips, a plan for parties only that is
    dropped, a new public plan; Emmen: a public demonstration plan."""
    public = make_project(
        name="Plan Noord",
        units_net=40,
        phase="ontwerpplan",
        segments={"sociale_huur": 10},
        deliveries={2027: 40},
    )
    private = make_project(name="Geheim plan", units_net=12, publicity=Publicity.PARTIES)
    demo = make_project(
        name="Demowijk", municipality_code="GM0114", units_net=30, phase="initiatief", is_demo=True
    )
    take_peilmoment(on=A_DAY)
    change(public, units=36, segments={"sociale_huur": 12, "middenhuur": 10}, deliveries={2028: 36})
    user = cast["municipality_editor"]
    move_phase(user=user, project=public, phase=phase_by_name("vastgesteld"))
    move_phase(user=user, project=private, phase=phase_by_name("vervallen"))
    change(demo, deliveries={2029: 30})
    make_project(name="Nieuw Centrum", units_net=25, phase="initiatief")
    take_peilmoment(on=B_DAY)
    return {"public": public, "private": private, "demo": demo}


@pytest.mark.parametrize("member", CAST)
def test_list_and_comparison_for_the_cast(client_for, two_peilmomenten, member):
    client = client_for(member)
    listing = client.get("/woningbouw/peilmomenten/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "30 september 2026" in text and "30 juni 2026" in text
    assert "Peilmoment vastleggen" not in text  # nobody in the cast is a province editor
    response = client.get(COMPARE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Plan Noord" in page and "Nieuw Centrum" in page
    assert "van zacht naar hard" in page
    assert "Demowijk" in page and "demonstratie" in page
    sees_private = member in ("municipality_editor", "association_editor", "province_reader")
    assert ("Geheim plan" in page) is sees_private, member


def test_comparison_figures_and_totals(client, two_peilmomenten):
    response = client.get(COMPARE + "&gemeente=GM1681")
    view = response.context["view"]
    (row,) = view["totals"]  # the public plans of Borger-Odoorn only (anonymous)
    total = row["row"]
    assert (total.units_a, total.new, total.dropped, total.changed, total.units_b) == (
        40,
        25,
        0,
        -4,
        61,
    )
    assert total.adds_up
    assert view["per_year"] == [{"start": 2027, "end": 2028, "units": 36}]
    (changed,) = view["changes"]
    assert "middenhuur: onbekend, nu 10 (bekend geworden)" in changed["segments"]
    assert "sociale huur: 10 naar 12 (+2)" in changed["segments"]
    assert view["demo_total"] is None
    # the demonstration plan has a total of its own, never in the real one
    everything = client.get(COMPARE).context["view"]
    assert everything["real_total"].units_b == 61
    assert everything["demo_total"].units_b == 30


def test_parties_see_their_own_dropped_plan(client_for, two_peilmomenten):
    view = client_for("municipality_editor").get(COMPARE + "&gemeente=GM1681").context["view"]
    assert [(d["name"], d["why"]) for d in view["dropped"]] == [("Geheim plan", "vervallen")]
    (row,) = view["totals"]
    assert (row["row"].units_a, row["row"].dropped, row["row"].units_b) == (52, 12, 61)


def test_region_filter_and_defaults(client, two_peilmomenten):
    region = client.get(COMPARE + "&regio=woondeal-zuidoost-drenthe")
    assert region.status_code == 200
    codes = {item["code"] for item in region.context["view"]["totals"]}
    assert codes == {"GM1681", "GM0114"}
    latest = client.get("/woningbouw/peilmomenten/vergelijk/")
    assert latest.context["first"].date == A_DAY and latest.context["second"].date == B_DAY
    swapped = client.get("/woningbouw/peilmomenten/vergelijk/?van=2026-09-30&tot=2026-06-30")
    assert swapped.context["first"].date == A_DAY
    assert client.get(COMPARE + "&regio=nergens").status_code == 404
    assert client.get(COMPARE + "&gemeente=GM9999").status_code == 404
    assert (
        client.get("/woningbouw/peilmomenten/vergelijk/?van=2026-03-31&tot=2026-09-30").status_code
        == 404
    )


def test_one_peilmoment_is_not_enough(client, make_project):
    make_project()
    take_peilmoment(on=A_DAY)
    response = client.get("/woningbouw/peilmomenten/vergelijk/")
    assert response.status_code == 200
    assert "Er zijn nog geen twee peilmomenten" in response.content.decode()


def test_csv_downloads_mark_demo_and_neutralise_formulas(client, two_peilmomenten, make_project):
    response = client.get(COMPARE + "&formaat=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="peilmomenten-2026-06-30-2026-09-30.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    header, *lines = text.strip().split("\r\n")
    assert header.startswith("soort;gemeentecode;gemeente;project_id;project;demonstratie")
    assert any(line.startswith("opleverjaar;GM0114;") and ";Demowijk;ja;" in line for line in lines)
    assert any(line.startswith("fase;GM1681;") and ";Plan Noord;nee;" in line for line in lines)
    assert any(line.startswith("nieuw;GM1681;") and "Nieuw Centrum" in line for line in lines)
    assert any(
        line.startswith("opleverjaar;") and "36 van 2027 naar 2028" in line for line in lines
    )
    totals = client.get(COMPARE + "&formaat=csv&tabel=totalen").content.decode("utf-8-sig")
    rows = [line.split(";") for line in totals.strip().split("\r\n")]
    assert rows[0][:3] == ["gemeentecode", "gemeente", "demonstratie"]
    assert rows[1][:8] == ["GM0114", "Emmen", "ja", "30", "0", "0", "0", "30"]
    assert rows[2][:8] == ["GM1681", "Borger-Odoorn", "nee", "40", "25", "0", "-4", "61"]


def test_csv_neutralises_a_formula_in_a_name(client, make_project):
    make_project(name="=HYPERLINK(1)")
    take_peilmoment(on=A_DAY)
    make_project(name="+SUM(A1)", source_id="x")
    take_peilmoment(on=B_DAY)
    text = client.get(COMPARE + "&formaat=csv").content.decode("utf-8-sig")
    assert ";'+SUM(A1);" in text
    assert ";+SUM(A1);" not in text


def test_excel_download(client, two_peilmomenten):
    response = client.get(COMPARE + "&formaat=xlsx&regio=woondeal-zuidoost-drenthe")
    assert response.status_code == 200
    assert (
        "peilmomenten-2026-06-30-2026-09-30-woondeal-zuidoost-drenthe.xlsx"
        in response["Content-Disposition"]
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Totalen per gemeente", "Wijzigingen", "Over deze vergelijking"]
    totals = list(book["Totalen per gemeente"].iter_rows(values_only=True))
    assert totals[1][:8] == ("GM0114", "Emmen", "ja", 30, 0, 0, 0, 30)
    about = dict(book["Over deze vergelijking"].iter_rows(values_only=True))
    assert about["demonstratie"].startswith("ja")


@pytest.mark.parametrize("member", CAST)
def test_taking_a_peilmoment(client_for, cast, organisations, make_project, member):
    make_project()
    client = client_for(member)
    response = client.post("/woningbouw/peilmomenten/vastleggen/")
    if member == "anonymous":
        assert response.status_code == 302 and "/inloggen/" in response["Location"]
    else:
        assert response.status_code == 403
    assert not Peilmoment.objects.exists()


def test_province_editor_takes_a_peilmoment(client, organisations, make_project):
    from tests.factories import UserFactory

    editor = UserFactory(username="provincie-bewerker")
    MembershipFactory(user=editor, organisation=organisations["province"], role=Role.EDITOR)
    make_project()
    client.force_login(editor)
    page = client.get("/woningbouw/peilmomenten/").content.decode()
    assert "Peilmoment vastleggen" in page
    response = client.post("/woningbouw/peilmomenten/vastleggen/", follow=True)
    assert response.status_code == 200
    (peilmoment,) = Peilmoment.objects.all()
    assert peilmoment.taken_by == editor and peilmoment.projects.count() == 1
    assert "1 projecten gekopieerd" in response.content.decode()
    assert client.get("/woningbouw/peilmomenten/vastleggen/").status_code == 405
