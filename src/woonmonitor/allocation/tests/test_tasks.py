"""Entering and uploading tasks: services (all or nothing, history, the statutory rule) and
the pages (list, task with history, form, upload with its report, template)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from tests.factories import AreaFactory, OrganisationFactory, RegionFactory, TaskFactory

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.allocation.loading import load_groups
from woonmonitor.allocation.models import Group, Task
from woonmonitor.allocation.tasks import TaskError, enter_task, upload_tasks, writable_codes
from woonmonitor.areas.models import RegionMember
from woonmonitor.imports.models import ImportRun

TODAY = datetime.date(2025, 3, 1)
HEADER = "gemeentecode;groep;jaar;halfjaar;taak;bron;toelichting\r\n"


@pytest.fixture
def groups(db):
    load_groups()
    return {group.key: group for group in Group.objects.all()}


@pytest.fixture
def places(db, organisations):
    AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2024)
    AreaFactory(code="GM0118", name="Hoogeveen", vintage=2024)
    OrganisationFactory(
        slug="gemeente-hoogeveen",
        name="Gemeente Hoogeveen",
        kind=OrganisationKind.MUNICIPALITY,
        area_code="GM0118",
    )


def csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\r\n" for line in lines)).encode()


def upload(user, data: bytes, name: str = "taken.csv"):
    return upload_tasks(user=user, name=name, data=data, today=TODAY)


# ----------------------------------------------------------------------------- services


def test_writable_codes_follow_the_memberships(cast, places):
    assert writable_codes(cast["municipality_editor"]) == {"GM1681"}
    for name in ("association_editor", "tenants_member", "province_reader", "outsider"):
        assert writable_codes(cast[name]) == set()
    assert writable_codes(cast["anonymous"]) == set()


def test_enter_task_keeps_history_and_the_definition(cast, places, groups):
    user = cast["municipality_editor"]
    group = groups["uitstroom-bw-mo"]
    first = enter_task(
        user=user,
        group=group,
        municipality_code="GM1681",
        year=2025,
        half=0,
        amount=12,
        source="Convenant Weer Thuis",
        today=TODAY,
    )
    assert first.outcome == "new"
    assert first.task.definition == group.definition_on(datetime.date(2025, 1, 1))
    assert first.task.origin == Task.Origin.ENTERED and first.task.recorded_by == user
    same = enter_task(
        user=user,
        group=group,
        municipality_code="GM1681",
        year=2025,
        half=0,
        amount=12,
        source="Convenant Weer Thuis",
        today=TODAY,
    )
    assert same.outcome == "unchanged" and same.task == first.task
    second = enter_task(
        user=user,
        group=group,
        municipality_code="gm1681",
        year=2025,
        half=0,
        amount=14,
        source="Raadsbesluit 2025",
        today=TODAY,
    )
    assert second.outcome == "replaced" and second.task.supersedes == first.task
    current = Task.objects.current().get(group=group, municipality_code="GM1681")
    assert current.amount == 14
    assert Task.objects.filter(group=group).count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"municipality_code": "GM0118"}, "alleen voor uw eigen gemeente"),
        ({"half": 1}, "taak per jaar"),
        ({"source": "  "}, "Noem de bron"),
        ({"year": 1990}, "ligt niet tussen"),
    ],
)
def test_enter_task_refuses(cast, places, groups, changes, message):
    arguments = {
        "user": cast["municipality_editor"],
        "group": groups["uitstroom-bw-mo"],
        "municipality_code": "GM1681",
        "year": 2025,
        "half": 0,
        "amount": 3,
        "source": "Besluit",
        "today": TODAY,
        **changes,
    }
    with pytest.raises(TaskError, match=message):
        enter_task(**arguments)
    assert not Task.objects.exists()


@pytest.mark.parametrize("name", ["province_reader", "association_editor", "outsider"])
def test_only_the_municipality_enters(cast, places, groups, name):
    with pytest.raises(TaskError):
        enter_task(
            user=cast[name],
            group=groups["uitstroom-bw-mo"],
            municipality_code="GM1681",
            year=2025,
            half=0,
            amount=3,
            source="Besluit",
            today=TODAY,
        )


def test_computed_statutory_task_cannot_be_replaced(cast, places, groups):
    computed = TaskFactory(
        group=groups["statushouders"], year=2025, half=1, amount=58, origin="computed"
    )
    with pytest.raises(TaskError, match="berekend volgens de wet"):
        enter_task(
            user=cast["municipality_editor"],
            group=groups["statushouders"],
            municipality_code="GM1681",
            year=2025,
            half=1,
            amount=40,
            source="Eigen opgave",
            today=TODAY,
        )
    report = upload(cast["municipality_editor"], csv("GM1681;statushouders;2025;1;40;Eigen;"))
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [(2, "taak")]
    assert "volgt de regel" in report.errors[0].message
    assert Task.objects.current().get(group=groups["statushouders"]) == computed


def test_statutory_task_without_a_computed_one_can_be_entered(cast, places, groups):
    report = upload(cast["municipality_editor"], csv("GM1681;statushouders;2025;2;31;Circulaire;"))
    assert report.ok
    assert Task.objects.get().origin == Task.Origin.UPLOADED


def test_upload_is_all_or_nothing(cast, places, groups):
    report = upload(
        cast["municipality_editor"],
        csv(
            "GM1681;uitstroom-bw-mo;2025;;12;Convenant;",
            "GM1681;woonwagenbewoners;2025;;3;Besluit;",
            "GM0118;spoedzoekers;2025;;3;Besluit;",
            "GM1681;statushouders;2025;;3;Besluit;",
        ),
    )
    assert not report.ok
    assert sorted({error.row for error in report.errors}) == [4, 5]
    assert not Task.objects.exists()
    assert not ImportRun.objects.exists()


def test_good_upload_records_an_import_run(cast, places, groups):
    user = cast["municipality_editor"]
    TaskFactory(group=groups["woonwagenbewoners"], year=2025, half=0, amount=2, source="Oud")
    report = upload(
        user,
        csv(
            "GM1681;uitstroom-bw-mo;2025;;12;Convenant;eerste",
            "GM1681;woonwagenbewoners;2025;;3;Besluit;",
            "GM1681;spoedzoekers;2025;;;;",
        ),
    )
    assert report.ok, report.errors
    assert (report.created, report.replaced, report.unchanged, report.skipped) == (1, 1, 0, 1)
    run = report.run
    run.refresh_from_db()
    assert run.status == ImportRun.Status.SUCCEEDED and run.started_by == user
    assert (run.rows_read, run.rows_accepted, run.rows_rejected, run.rows_skipped) == (3, 2, 0, 1)
    assert run.adds_up and run.file_name == "taken.csv"
    assert run.data_source is not None
    stored = Task.objects.filter(import_run=run)
    assert stored.count() == 2 and {t.origin for t in stored} == {Task.Origin.UPLOADED}
    caravans = Task.objects.current().get(group=groups["woonwagenbewoners"])
    assert caravans.amount == 3 and caravans.supersedes.source == "Oud"


def test_same_upload_twice_changes_nothing(cast, places, groups):
    data = csv("GM1681;uitstroom-bw-mo;2025;;12;Convenant;")
    assert upload(cast["municipality_editor"], data).created == 1
    again = upload(cast["municipality_editor"], data)
    assert again.ok and (again.created, again.replaced, again.unchanged) == (0, 0, 1)
    assert Task.objects.count() == 1


def test_unreadable_file_is_one_error(cast, places, groups):
    report = upload(cast["municipality_editor"], b"\x00\x01", name="taken.xlsx")
    assert not report.ok and report.errors[0].row == 0


def test_empty_template_is_an_error(cast, places, groups):
    report = upload(cast["municipality_editor"], csv("GM1681;uitstroom-bw-mo;2025;;;;"))
    assert [e.message for e in report.errors] == ["Het bestand bevat geen regels met een taak."]


# ----------------------------------------------------------------------------- pages


def test_list_shows_tasks_with_source_and_filters(client, places, groups):
    RegionMember.objects.create(
        region=RegionFactory(slug="zuidoost-drenthe"), municipality_code="GM1681"
    )
    TaskFactory(group=groups["uitstroom-bw-mo"], year=2025, half=0, amount=12, source="Convenant")
    TaskFactory(
        group=groups["uitstroom-bw-mo"],
        municipality_code="GM0118",
        year=2025,
        half=0,
        amount=7,
        source="Hoogeveens besluit",
    )
    page = client.get("/aandachtsgroepen/taken/").content.decode()
    assert "Borger-Odoorn" in page and "Convenant" in page and "Hoogeveens besluit" in page
    only = client.get("/aandachtsgroepen/taken/?regio=zuidoost-drenthe").content.decode()
    assert "Convenant" in only and "Hoogeveens besluit" not in only
    by_code = client.get("/aandachtsgroepen/taken/?gemeente=GM0118&periode=2025").content.decode()
    assert "Hoogeveens besluit" in by_code and "Convenant" not in by_code


def test_list_csv(client, places, groups):
    TaskFactory(group=groups["uitstroom-bw-mo"], year=2025, half=0, amount=12, source="=cmd()")
    response = client.get("/aandachtsgroepen/taken/?groep=uitstroom-bw-mo&formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="taken-uitstroom-bw-mo.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("gemeentecode;gemeente;groep;groepsnaam;eenheid;periode")
    assert lines[1].startswith("GM1681;Borger-Odoorn;uitstroom-bw-mo;")
    assert ";'=cmd();" in lines[1]  # formulas neutralised


def test_task_page_shows_history(client, cast, places, groups):
    old = TaskFactory(group=groups["woonwagenbewoners"], year=2025, half=0, amount=2, source="Oud")
    TaskFactory(
        group=groups["woonwagenbewoners"],
        year=2025,
        half=0,
        amount=3,
        source="Nieuw besluit",
        supersedes=old,
        recorded_by=cast["municipality_editor"],
    )
    response = client.get("/aandachtsgroepen/taken/woonwagenbewoners/GM1681/2025/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nieuw besluit" in page and "Oud" in page and 'id="geschiedenis"' in page
    assert "gemeente-bewerker" not in page  # authors only for those who read everything
    assert client.get("/aandachtsgroepen/taken/woonwagenbewoners/GM1681/2024/").status_code == 404
    assert client.get("/aandachtsgroepen/taken/woonwagenbewoners/GM1681/x/").status_code == 404


def test_form_enters_a_task(client_for, places, groups):
    client = client_for("municipality_editor")
    data = {
        "municipality": "GM1681",
        "group": "uitstroom-bw-mo",
        "year": "2025",
        "half": "0",
        "amount": "9",
        "source": "Convenant Weer Thuis",
        "note": "",
    }
    response = client.post("/aandachtsgroepen/taken/nieuw/", data)
    assert response.status_code == 302
    assert response["Location"] == "/aandachtsgroepen/taken/uitstroom-bw-mo/GM1681/2025/"
    assert Task.objects.get().amount == 9


def test_form_keeps_input_on_error(client_for, places, groups):
    client = client_for("municipality_editor")
    data = {
        "municipality": "GM1681",
        "group": "statushouders",
        "year": "2025",
        "half": "0",
        "amount": "9",
        "source": "Mijn bron",
    }
    response = client.post("/aandachtsgroepen/taken/nieuw/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies het eerste of tweede halfjaar" in page and 'value="Mijn bron"' in page
    assert not Task.objects.exists()


def test_form_cannot_choose_another_municipality(client_for, places, groups):
    response = client_for("municipality_editor").post(
        "/aandachtsgroepen/taken/nieuw/",
        {
            "municipality": "GM0118",
            "group": "uitstroom-bw-mo",
            "year": "2025",
            "half": "0",
            "amount": "9",
            "source": "x",
        },
    )
    assert response.status_code == 200 and not Task.objects.exists()


def test_upload_page_errors_and_report(client_for, places, groups):
    client = client_for("municipality_editor")
    bad = SimpleUploadedFile("fout.csv", csv("GM1681;onbekend;2025;;-1;;"))
    page = client.post("/aandachtsgroepen/taken/upload/", {"file": bad}).content.decode()
    assert "fout.csv is niet verwerkt" in page and "onbekende groep" in page
    assert "taak -1 is negatief" in page and "bron ontbreekt" in page
    good = SimpleUploadedFile("goed.csv", csv("GM1681;uitstroom-bw-mo;2025;;12;Convenant;"))
    response = client.post("/aandachtsgroepen/taken/upload/", {"file": good})
    assert response.status_code == 302
    report = client.get(response["Location"]).content.decode()
    assert "goed.csv is opgeslagen" in report and 'id="upload-verslag"' in report


def test_report_of_someone_elses_run_is_not_shown(client_for, cast, places, groups):
    run = upload(cast["municipality_editor"], csv("GM1681;uitstroom-bw-mo;2025;;12;C;")).run
    ImportRun.objects.filter(pk=run.pk).update(started_by=None)
    page = client_for("municipality_editor").get(f"/aandachtsgroepen/taken/upload/?run={run.pk}")
    assert 'id="upload-verslag"' not in page.content.decode()


def test_templates(client_for, cast, places, groups):
    client = client_for("municipality_editor")
    response = client.get("/aandachtsgroepen/taken/sjabloon.csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "gemeentecode;gemeentenaam;groep;groepsnaam;eenheid;jaar;halfjaar;taak;bron;toelichting"
    )
    assert all(line.startswith("GM1681;Borger-Odoorn;") for line in lines[1:])
    assert not any(";statushouders;" in line for line in lines)
    # the template as it is: every row is skipped, so there is nothing to store
    report = upload(cast["municipality_editor"], response.content)
    assert [e.message for e in report.errors] == ["Het bestand bevat geen regels met een taak."]
    xlsx = client.get("/aandachtsgroepen/taken/sjabloon.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Taken", "Leesmij"]
    assert workbook["Taken"]["A2"].value == "GM1681"
    assert client.get("/aandachtsgroepen/taken/sjabloon.pdf").status_code == 404


def test_filled_template_uploads(client_for, cast, places, groups):
    client = client_for("municipality_editor")
    xlsx = client.get("/aandachtsgroepen/taken/sjabloon.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook["Taken"]
    sheet["H2"], sheet["I2"] = 5, "Convenant"
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = upload(cast["municipality_editor"], buffer.getvalue(), name="sjabloon.xlsx")
    assert report.ok, report.errors
    assert (report.created, report.skipped) == (1, sheet.max_row - 2)
