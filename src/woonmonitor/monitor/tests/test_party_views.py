"""The input page, its template downloads and the stored values, over the fixed cast."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from tests.factories import AreaGroupFactory, RegionFactory, RegionMemberFactory

from woonmonitor.accounts.models import Organisation
from woonmonitor.areas.models import Area
from woonmonitor.areas.services import ensure_areas
from woonmonitor.imports.models import ImportRun
from woonmonitor.imports.services import recording_import
from woonmonitor.monitor.models import Indicator, IndicatorValue, ValueOrigin, ValueStatus
from woonmonitor.monitor.party_access import scope_of
from woonmonitor.monitor.party_services import COMMAND, submit_upload
from woonmonitor.monitor.party_templates import template_csv
from woonmonitor.monitor.services import NewValue, store_values

from .cbs_fake import district_names, load_json

PAGE = "/monitor/invoer/"
ORG = "gemeente-borger-odoorn"
TODAY = date(2025, 6, 1)
ALLOWED = {"municipality_editor", "association_editor"}
REFUSED = {"tenants_member", "province_reader", "outsider"}


@pytest.fixture
def world(db, cast):
    """The real catalogue, Borger-Odoorn with its 25 wijken (KWB 2024), Assen, the scope region."""
    call_command("load_indicators", stdout=io.StringIO())
    figures = load_json("kwb-2024-gm-wk", "stripped_filtered_data_2024.json")
    names = {**district_names(), "GM1681": "Borger-Odoorn", "GM0106": "Assen"}
    codes = [code for code in figures if code.startswith(("GM1681", "WK1681"))] + ["GM0106"]
    ensure_areas(codes=codes, vintage=2024, names={code: names.get(code, "") for code in codes})
    region = RegionFactory(slug="monitorgebied", name="Monitorgebied")
    for code in ("GM1681", "GM0106"):
        RegionMemberFactory(region=region, municipality_code=code)
    return {"cast": cast}


def csv_upload(text: str, name: str = "cijfers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


GOOD = (
    "gebiedscode;indicator;periode;waarde;status;toelichting\n"
    "GM1681;sociale-huurwoningen;2024;3.150;definitief;telling 1 januari\n"
    "WK168100;zonnepanelen;2024;41,5;;\n"
    "WK168101;zonnepanelen;2024;;;\n"
)
BAD = (
    "gebiedscode;indicator;periode;waarde;status;toelichting\n"
    "GM1681;sociale-huurwoningen;2024;3150;definitief;\n"
    "WK168100;zonnepanelen;2024;veel;;\n"
)


# ----------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("who", sorted(ALLOWED | REFUSED | {"anonymous"}))
def test_who_may_open_the_input_page(world, client_for, who):
    response = client_for(who).get(PAGE)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")
    elif who in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", sorted(REFUSED | {"anonymous"}))
def test_outsiders_cannot_download_templates_values_or_upload(world, client_for, who):
    client = client_for(who)
    for url in (
        reverse("monitor:input-template", args=["csv"]),
        reverse("monitor:input-template", args=["xlsx"]),
        reverse("monitor:input-values", args=["json"]),
    ):
        assert client.get(url).status_code in (302, 403)
    response = client.post(PAGE, {"organisation": ORG, "file": csv_upload(GOOD)})
    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert response["Location"].startswith("/inloggen/")
    assert not IndicatorValue.objects.exists()


def test_a_reader_of_a_municipality_may_not_enter(world, cast):
    from tests.factories import MembershipFactory, UserFactory

    reader = UserFactory(username="gemeente-lezer")
    MembershipFactory(
        user=reader, organisation=Organisation.objects.get(slug="gemeente-borger-odoorn")
    )
    from django.test import Client

    client = Client()
    client.force_login(reader)
    assert client.get(PAGE).status_code == 403


def test_an_editor_cannot_choose_another_organisation(world, client_for):
    client = client_for("municipality_editor")
    assert client.get(PAGE + "?organisatie=lefier").status_code == 404
    response = client.post(PAGE, {"organisation": "lefier", "file": csv_upload(GOOD)})
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not IndicatorValue.objects.exists()


# ------------------------------------------------------------------------------- scopes


def test_scopes_follow_the_organisation(world):
    municipality = scope_of(Organisation.objects.get(slug="gemeente-borger-odoorn"))
    assert municipality.municipalities == ("GM1681",)
    lefier = Organisation.objects.get(slug="lefier")
    assert scope_of(lefier).municipalities == ("GM1681",)  # its working area (the cast)
    lefier.working_area_codes = []
    lefier.save()
    assert scope_of(lefier).municipalities == ("GM0106", "GM1681")  # monitorgebied
    assert "monitorgebied" in scope_of(lefier).basis


# ---------------------------------------------------------------------------- uploading


def test_a_good_upload_is_stored_as_entered_values_and_reported(world, client_for):
    editor = world["cast"]["municipality_editor"]
    client = client_for("municipality_editor")
    response = client.post(
        PAGE, {"organisation": "gemeente-borger-odoorn", "file": csv_upload(GOOD)}
    )
    assert response.status_code == 302
    assert "run=" in response["Location"] and response["Location"].endswith("#verslag")
    values = IndicatorValue.objects.select_related("indicator", "area", "import_run")
    assert values.count() == 2
    stock = values.get(indicator__key="sociale-huurwoningen")
    assert (stock.area.code, stock.area.vintage, stock.period, stock.value) == (
        "GM1681",
        2024,
        2024,
        3150.0,
    )
    assert stock.status == ValueStatus.DEFINITIVE and stock.note == "telling 1 januari"
    assert stock.origin == ValueOrigin.ENTERED
    assert stock.organisation.slug == "gemeente-borger-odoorn"
    assert stock.entered_by == editor
    run = stock.import_run
    assert (run.command, run.file_name, run.status) == (COMMAND, "cijfers.csv", "succeeded")
    assert (run.rows_read, run.rows_accepted) == (3, 2)
    solar = values.get(indicator__key="zonnepanelen")
    assert solar.status == ValueStatus.PROVISIONAL and solar.value == 41.5

    page = client.get(response["Location"])
    report = page.context["run_report"]
    assert (report["created"], report["replaced"], report["unchanged"], report["skipped"]) == (
        2,
        0,
        0,
        1,
    )
    text = html.unescape(page.content.decode())
    assert "cijfers.csv is opgeslagen" in text
    assert "3.150" in text and "41,5 %" in text
    assert [row["gebiedscode"] for row in page.context["entered"]] == ["GM1681", "WK168100"]


def test_one_bad_row_stores_nothing_and_names_row_and_column(world, client_for):
    client = client_for("municipality_editor")
    response = client.post(PAGE, {"organisation": ORG, "file": csv_upload(BAD)})
    assert response.status_code == 200
    errors = response.context["report"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "waarde")]
    text = html.unescape(response.content.decode())
    assert "rij 3" not in text  # shown as a table: row and column in their own cells
    assert "'veel' is geen getal" in text
    assert "Er is niets opgeslagen" in text
    assert not IndicatorValue.objects.exists()
    assert not ImportRun.objects.filter(command=COMMAND).exists()


def test_a_new_upload_replaces_the_own_value_and_keeps_the_old(world):
    organisation = Organisation.objects.get(slug="gemeente-borger-odoorn")
    user = world["cast"]["municipality_editor"]
    first = submit_upload(
        organisation=organisation, user=user, name="a.csv", data=GOOD.encode(), today=TODAY
    )
    assert first.ok
    second = submit_upload(
        organisation=organisation,
        user=user,
        name="b.csv",
        data=GOOD.replace("3.150", "3.200").encode(),
        today=TODAY,
    )
    assert second.ok
    assert (second.stored.created, second.stored.replaced, second.stored.unchanged) == (0, 1, 1)
    old, new = IndicatorValue.objects.filter(indicator__key="sociale-huurwoningen").order_by("pk")
    assert (old.value, old.is_current) == (3150.0, False)
    assert (new.value, new.is_current, new.supersedes_id) == (3200.0, True, old.pk)


def test_a_source_value_or_another_organisations_value_is_not_replaced(world):
    municipality = Organisation.objects.get(slug="gemeente-borger-odoorn")
    lefier = Organisation.objects.get(slug="lefier")
    inhabitants = Indicator.objects.get(key="inwoners")
    area = Area.objects.get(code="WK168100", vintage=2024)
    with recording_import(
        command="import_kwb_values", source="CBS Kerncijfers wijken en buurten 2024 (85984NED)"
    ) as recorder:
        store_values(
            values=[NewValue(inhabitants.pk, area.pk, 2024, 1215.0, ValueStatus.DEFINITIVE)],
            import_run=recorder.run,
        )
    assert submit_upload(
        organisation=lefier,
        user=world["cast"]["association_editor"],
        name="lefier.csv",
        data=b"gebiedscode;indicator;periode;waarde\nGM1681;sociale-huurwoningen;2024;2900\n",
        today=TODAY,
    ).ok
    report = submit_upload(
        organisation=municipality,
        user=world["cast"]["municipality_editor"],
        name="x.csv",
        data=(
            b"gebiedscode;indicator;periode;waarde\n"
            b"WK168100;inwoners;2024;1220\n"
            b"GM1681;sociale-huurwoningen;2024;3150\n"
        ),
        today=TODAY,
    )
    messages = {error.row: error.message for error in report.errors}
    assert "al een waarde uit de bron (CBS Kerncijfers wijken en buurten 2024" in messages[2]
    assert "Lefier heeft voor GM1681 in 2024 al een waarde ingevoerd" in messages[3]
    assert IndicatorValue.objects.get(indicator=inhabitants).value == 1215.0
    assert IndicatorValue.objects.filter(organisation=municipality).count() == 0


def test_a_village_slug_is_refused_with_its_members(world):
    AreaGroupFactory(slug="borger", name="Borger", member_codes=["WK168101"])
    report = submit_upload(
        organisation=Organisation.objects.get(slug="gemeente-borger-odoorn"),
        user=world["cast"]["municipality_editor"],
        name="x.csv",
        data=b"gebiedscode;indicator;periode;waarde\nborger;zonnepanelen;2024;40\n",
        today=TODAY,
    )
    (error,) = report.errors
    assert error.row == 2 and "WK168101" in error.message and "dorp" in error.message


def test_the_association_enters_within_its_working_area_only(world, client_for):
    lefier = Organisation.objects.get(slug="lefier")
    lefier.working_area_codes = ["GM1681"]
    lefier.save()
    report = submit_upload(
        organisation=lefier,
        user=world["cast"]["association_editor"],
        name="x.csv",
        data=b"gebiedscode;indicator;periode;waarde\nGM0106;sociale-huurwoningen;2024;9000\n",
        today=TODAY,
    )
    assert "buiten uw werkgebied (GM1681)" in report.errors[0].message


# ---------------------------------------------------------------------------- downloads


def test_csv_template_has_a_row_per_own_area(world, client_for):
    response = client_for("municipality_editor").get(
        reverse("monitor:input-template", args=["csv"])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('sjabloon-cijfers-gemeente-borger-odoorn.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["gebiedscode", "gebiedsnaam", "indicator"]
    codes = [row[0] for row in rows[1:]]
    assert codes[0] == "GM1681" and len(codes) == 26
    assert all(code.startswith(("GM1681", "WK1681")) for code in codes)
    assert rows[1][2] == "sociale-huurwoningen"


def test_the_filled_in_template_uploads_as_it_is(world):
    organisation = Organisation.objects.get(slug="gemeente-borger-odoorn")
    text = template_csv(scope_of(organisation), today=TODAY).decode("utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].replace(";2024;;voorlopig;", ";2024;3150;voorlopig;")
    report = submit_upload(
        organisation=organisation,
        user=None,
        name="sjabloon.csv",
        data="\r\n".join(lines).encode("utf-8"),
        today=TODAY,
    )
    assert report.ok, report.errors
    assert report.skipped == 25 and len(report.rows) == 1


def test_xlsx_template_has_values_and_readme(world, client_for):
    area = Area.objects.get(code="WK168100", vintage=2024)
    area.name = '=HYPERLINK("http://example.org")'
    area.save()
    response = client_for("municipality_editor").get(
        reverse("monitor:input-template", args=["xlsx"])
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Waarden", "Leesmij"]
    values = workbook["Waarden"]
    assert [cell.value for cell in values[1]][:4] == [
        "gebiedscode",
        "gebiedsnaam",
        "indicator",
        "indicatornaam",
    ]
    names = {row[0].value: row[1] for row in values.iter_rows(min_row=2)}
    assert names["WK168100"].data_type == "s"  # text, never a formula
    readme = workbook["Leesmij"]
    keys = [row[0].value for row in readme.iter_rows()]
    party = ["sociale-huurwoningen", "zonnepanelen", "energielabel-efg", "misdrijven-per-1000"]
    assert set(party) <= set(keys)
    first_party = keys.index(next(k for k in keys if k in party))
    assert all(keys.index(k) < keys.index("inwoners") for k in party)
    assert first_party > 0
    assert "aandeel-65-plus" not in keys  # computed: not entered


def test_csv_template_guards_against_formulas(world):
    area = Area.objects.get(code="WK168100", vintage=2024)
    area.name = "=1+1"
    area.save()
    organisation = Organisation.objects.get(slug="gemeente-borger-odoorn")
    text = template_csv(scope_of(organisation), today=TODAY).decode("utf-8")
    assert ";'=1+1;" in text


def test_entered_values_download(world, client_for):
    organisation = Organisation.objects.get(slug="gemeente-borger-odoorn")
    submit_upload(
        organisation=organisation,
        user=world["cast"]["municipality_editor"],
        name="a.csv",
        data=GOOD.encode(),
        today=TODAY,
    )
    client = client_for("municipality_editor")
    data = json.loads(client.get(reverse("monitor:input-values", args=["json"])).content)
    assert data["organisation"]["slug"] == "gemeente-borger-odoorn"
    rows = {row["indicator"]: row for row in data["rows"]}
    assert rows["sociale-huurwoningen"]["waarde"] == 3150
    assert rows["sociale-huurwoningen"]["ingevoerd_door"] == "gemeente-bewerker"
    csv_text = client.get(reverse("monitor:input-values", args=["csv"])).content.decode()
    assert "sociale-huurwoningen" in csv_text and "gemeente-bewerker" in csv_text
    # Lefier sees its own (empty) list, not the municipality's
    lefier = client_for("association_editor")
    assert (
        json.loads(lefier.get(reverse("monitor:input-values", args=["json"])).content)["rows"] == []
    )
    assert client.get(reverse("monitor:input-values", args=["xml"])).status_code == 404
