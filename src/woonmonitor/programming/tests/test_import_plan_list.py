"""A plan list into projects: rows of one project combined (pure), all or nothing, reruns that
change nothing, a changed row that adds a version, duplicates listed; the template, the upload
page and the command for the fixed cast."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from tests.factories import AreaFactory

from woonmonitor.imports.models import ImportRun
from woonmonitor.programming.importing_plan_list import combine, import_plan_list, source_id
from woonmonitor.programming.models import Project, ProjectVersion
from woonmonitor.programming.parsing.plan_list import COLUMNS, PlanChecks, check_upload

HEADER = ";".join(COLUMNS)


def csv_bytes(*rows: dict) -> bytes:
    lines = [HEADER] + [";".join(str(row.get(c, "")) for c in COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def plan(**cells) -> dict:
    return {"projectnaam": "Plan Noord", "gemeentecode": "GM1681", "fase": "vastgesteld", **cells}


TWO = (
    plan(woningen_netto=20, sociale_huur=6, oplevering_jaar=2027),
    plan(projectnaam="Esdorp", woningen_netto=12, fase="initiatief", oplevering_jaar=2029),
)


# ------------------------------------------------------------------------------ combining


def test_rows_of_one_project_with_different_years_are_one_project():
    rows = check_upload(
        "p.csv",
        csv_bytes(
            plan(woningen_netto=20, sociale_huur=6, grondgebonden=20, oplevering_jaar=2027),
            plan(
                projectnaam="plan noord", woningen_netto=10, grondgebonden=10, oplevering_jaar=2028
            ),
            plan(woningen_netto=5, grondgebonden=5),
        ),
        PlanChecks(),
    ).rows
    (project,), errors = combine(rows)
    assert errors == []
    assert project.rows == (2, 3, 4) and project.name == "Plan Noord"
    assert project.figures.units_net == 35
    assert dict(project.figures.deliveries) == {2027: 20, 2028: 10}  # 5 of unknown year
    assert project.figures.segments["sociale_huur"] is None  # unknown in two rows: unknown
    assert project.figures.dwelling_types["grondgebonden"] == 35


def test_rows_of_one_project_must_agree_on_phase():
    rows = check_upload(
        "p.csv",
        csv_bytes(
            plan(woningen_netto=20, oplevering_jaar=2027),
            plan(woningen_netto=10, fase="initiatief", oplevering_jaar=2028),
        ),
        PlanChecks(),
    ).rows
    projects, errors = combine(rows)
    assert projects == []
    assert [(e.row, e.column) for e in errors] == [(3, "fase")]
    assert "één project heeft één fase" in errors[0].message


def test_the_source_id_is_stable_and_short():
    assert source_id(7, "GM1681", "Plan  Noord!") == "7:GM1681:plan noord"
    long = source_id(7, "GM1681", "x" * 300)
    assert len(long) == 100 and long == source_id(7, "GM1681", "X" * 300)


# ------------------------------------------------------------------------------ storing


@pytest.fixture
def known(db, ladder):
    for code, name in (("GM1681", "Borger-Odoorn"), ("GM0106", "Assen")):
        AreaFactory(code=code, name=name, vintage=2024)


def upload(user, organisation, *rows: dict, name="plannen.csv"):
    return import_plan_list(user=user, organisation=organisation, name=name, data=csv_bytes(*rows))


def test_a_municipality_stores_its_list_and_a_rerun_changes_nothing(known, cast, organisations):
    user, org = cast["municipality_editor"], organisations["municipality"]
    report = upload(user, org, *TWO)
    assert report.ok, report.errors
    assert [p.name for p in report.created] == ["Esdorp", "Plan Noord"]
    noord = Project.objects.get(name="Plan Noord")
    assert (noord.source, noord.source_id, noord.owner) == (
        "planlijst",
        f"{org.pk}:GM1681:plan noord",
        org,
    )
    assert noord.publicity == "partijen" and noord.phase.key == "vastgesteld"
    assert noord.deliveries == {"2027": 20} and noord.segments["sociale_huur"] == 6
    assert noord.segments["middenhuur"] is None
    assert report.run.started_by == user and report.run.status == ImportRun.Status.SUCCEEDED

    again = upload(user, org, *TWO)
    assert again.ok and again.created == [] and again.changed == []
    assert len(again.unchanged) == 2
    assert ProjectVersion.objects.count() == 2

    changed = upload(user, org, plan(woningen_netto=24, sociale_huur=6, oplevering_jaar=2027))
    assert changed.ok and [p.name for p in changed.changed] == ["Plan Noord"]
    assert [p.name for p in changed.missing] == ["Esdorp"]  # reported, not removed
    noord.refresh_from_db()
    assert noord.units_net == 24 and noord.versions.count() == 2
    assert Project.objects.count() == 2


def test_one_bad_row_stores_nothing(known, cast, organisations):
    report = upload(
        cast["municipality_editor"],
        organisations["municipality"],
        *TWO,
        plan(projectnaam="Fout", woningen_netto=5, sociale_huur=9),
        plan(projectnaam="Zonder fase", woningen_netto=5, fase=""),
    )
    assert not report.ok and report.run is None
    assert [(e.row, e.column) for e in report.errors] == [(4, ""), (5, "fase")]
    assert "De segmenten" in report.errors[0].message
    assert not Project.objects.exists()
    assert not ImportRun.objects.filter(command="import_plan_list").exists()


def test_an_association_keeps_plans_in_its_working_area_only(known, cast, organisations):
    user, org = cast["association_editor"], organisations["association"]
    report = upload(
        user,
        org,
        plan(woningen_netto=8),
        plan(projectnaam="Assen Zuid", gemeentecode="GM0106", woningen_netto=8),
    )
    assert not report.ok and not Project.objects.exists()
    assert [(e.row, e.column) for e in report.errors] == [(3, "gemeentecode")]
    assert "u mag geen plannen invoeren voor gemeente GM0106" in report.errors[0].message
    report = upload(user, org, plan(woningen_netto=8))
    assert report.ok and Project.objects.get().owner == org


def test_a_user_may_not_upload_for_another_organisation(known, cast, organisations):
    report = upload(
        cast["association_editor"], organisations["municipality"], plan(woningen_netto=3)
    )
    assert not report.ok and not Project.objects.exists()


def test_the_report_lists_possible_duplicates_from_other_sources(
    known, cast, organisations, make_project
):
    make_project(name="Plan Noord", source="woningbouwkaart", source_id="900001")
    report = upload(cast["municipality_editor"], organisations["municipality"], *TWO)
    assert report.ok
    (pair,) = report.duplicates
    assert {pair.first.source, pair.second.source} == {"woningbouwkaart", "planlijst"}
    assert Project.objects.count() == 3  # listed, never merged


# ------------------------------------------------------------------------------ command


def test_the_command_imports_for_an_organisation_and_is_all_or_nothing(
    known, organisations, tmp_path
):
    path = tmp_path / "plannen.csv"
    path.write_bytes(csv_bytes(*TWO))
    out = StringIO()
    call_command("import_plan_list", str(path), organisation="gemeente-borger-odoorn", stdout=out)
    assert "2 nieuw, 0 gewijzigd, 0 ongewijzigd" in out.getvalue()
    assert "telt op: 2 gelezen = 2 geaccepteerd" in out.getvalue()
    call_command("import_plan_list", str(path), organisation="gemeente-borger-odoorn", stdout=out)
    assert "0 nieuw, 0 gewijzigd, 2 ongewijzigd" in out.getvalue()

    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes(plan(projectnaam="Nieuw"), plan(projectnaam="X", gemeentecode="GM9")))
    with pytest.raises(CommandError, match="niets opgeslagen"):
        call_command(
            "import_plan_list", str(bad), organisation="gemeente-borger-odoorn", stdout=out
        )
    assert Project.objects.count() == 2
    with pytest.raises(CommandError, match="Geen gemeente of woningcorporatie"):
        call_command("import_plan_list", str(path), organisation="t-huurdertje", stdout=out)


# ------------------------------------------------------------------------------ pages

TEMPLATE = "/woningbouw/plannen/sjabloon/xlsx/"
UPLOAD = "/woningbouw/plannen/upload/"
EXPECTED = {
    "municipality_editor": 200,
    "association_editor": 200,
    "tenants_member": 403,
    "province_reader": 403,
    "outsider": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize(("who", "status"), EXPECTED.items())
def test_template_and_upload_page_for_the_cast(known, client_for, who, status):
    client = client_for(who)
    for url in (TEMPLATE, "/woningbouw/plannen/sjabloon/csv/", UPLOAD):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith("/inloggen/")
    if status == 200:
        assert client.get("/woningbouw/plannen/sjabloon/pdf/").status_code == 404


def test_the_template_has_the_columns_and_a_readme(known, client_for):
    response = client_for("municipality_editor").get(TEMPLATE)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Plannen", "Leesmij"]
    assert [c.value for c in workbook["Plannen"][1]] == list(COLUMNS)
    readme = [c.value for row in workbook["Leesmij"].iter_rows() for c in row if c.value]
    assert "GM1681" in readme and "vastgesteld" in readme
    csv_text = client_for("municipality_editor").get("/woningbouw/plannen/sjabloon/csv/")
    assert csv_text.content.decode("utf-8-sig").strip() == HEADER


def test_uploading_on_the_page_shows_the_errors_then_the_report(known, client_for):
    client = client_for("municipality_editor")
    bad = io.BytesIO(csv_bytes(*TWO, plan(projectnaam="Fout", woningen_netto="twaalf")))
    bad.name = "fout.csv"
    response = client.post(UPLOAD, {"file": bad})
    assert response.status_code == 200
    assert "Er is niets opgeslagen" in response.content.decode()
    assert "twaalf" in response.content.decode()
    assert not Project.objects.exists()

    good = io.BytesIO(csv_bytes(*TWO))
    good.name = "goed.csv"
    response = client.post(UPLOAD, {"file": good})
    assert response.status_code == 302 and "?run=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "goed.csv is opgeslagen" in page
    assert "2 nieuw, 0 gewijzigd" in page
    # another user does not see this run's report
    other = client_for("association_editor").get(response["Location"]).content.decode()
    assert "goed.csv is opgeslagen" not in other
