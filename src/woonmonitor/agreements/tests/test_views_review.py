"""Pages of import, review and publication: permissions with the cast, forms and the full flow."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from tests.factories import OrganisationFactory, PartyFactory

from woonmonitor.agreements import services, workbook
from woonmonitor.agreements.models import (
    Agreement,
    AgreementStatus,
    Flag,
    UnplacedLine,
)
from woonmonitor.imports.models import ImportRun

SEED_002 = settings.WOONMONITOR_SEEDS_DIR / "002_8c2198bb28f9bb11.txt"
EDITORS = ("municipality_editor", "association_editor", "tenants_member")
# a draft: parties' editors may review it; the province reads it but may not change it
DRAFT_STATUS = {
    "municipality_editor": 200,
    "association_editor": 200,
    "tenants_member": 200,
    "province_reader": 403,
    "outsider": 404,
    "anonymous": 404,
}


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user("beheerder-test", is_staff=True)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def review_items(draft):
    agreement = draft["agreement"]
    return {
        "flag": Flag.objects.create(
            agreement=agreement,
            commitment=draft["lefier_commitment"],
            field="leads",
            kind=Flag.Kind.INFERRED,
            raw="De corporaties",
            note="trekker afgeleid",
        ),
        "line": UnplacedLine.objects.create(
            agreement=agreement, line=12, text="Xxxxxxxxx 0000", reason="onleesbaar"
        ),
    }


def _urls(draft, items=None) -> dict[str, str]:
    pk = draft["agreement"].pk
    urls = {
        "review": reverse("agreements:review", args=[pk]),
        "edit-commitment": reverse(
            "agreements:edit-commitment", args=[pk, draft["lefier_commitment"].pk]
        ),
        "edit-table": reverse("agreements:edit-table", args=[pk, draft["table"].key]),
        "import-workbook": reverse("agreements:import-workbook", args=[pk]),
        "workbook": reverse("agreements:workbook", args=[pk]),
        "publish": reverse("agreements:publish", args=[pk]),
        "link-party": reverse("agreements:link-party", args=[pk, draft["parties"]["HU"].pk]),
    }
    if items:
        urls["confirm-flag"] = reverse("agreements:confirm-flag", args=[pk, items["flag"].pk])
        urls["resolve-line"] = reverse("agreements:resolve-line", args=[pk, items["line"].pk])
    return urls


# ----------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("name", list(DRAFT_STATUS))
@pytest.mark.parametrize("page", ["review", "edit-commitment", "edit-table", "import-workbook"])
def test_draft_pages_per_cast_member(client_for, draft, name, page):
    response = client_for(name).get(_urls(draft)[page])
    assert response.status_code == DRAFT_STATUS[name]


@pytest.mark.parametrize("name", list(DRAFT_STATUS))
def test_workbook_download_for_everyone_who_sees_the_draft(client_for, draft, name):
    client = client_for(name)
    response = client.get(_urls(draft)["workbook"])
    expected = 404 if name in ("outsider", "anonymous") else 200
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"].startswith(
            workbook.XLSX if hasattr(workbook, "XLSX") else "application/vnd.openxmlformats"
        )
        assert (
            'filename="prestatieafspraken-borger-odoorn-2023.xlsx"'
            in response["Content-Disposition"]
        )
        assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Leesmij"
    assert client.post(_urls(draft)["workbook"]).status_code in (404, 405)


@pytest.mark.parametrize("name", ["province_reader", "outsider", "anonymous"])
def test_nobody_else_changes_a_draft(client_for, draft, review_items, name):
    client = client_for(name)
    urls = _urls(draft, review_items)
    posts = {
        "confirm-flag": {},
        "resolve-line": {f"regel-{review_items['line'].pk}-resolution": "opgenomen"},
        "link-party": {
            f"partij-{draft['parties']['HU'].pk}-organisation": draft["parties"][
                "LF"
            ].organisation_id
        },
        "publish": {},
        "edit-commitment": {"content": "gekaapt"},
        "edit-table": {},
        "import-workbook": {},
    }
    for action, data in posts.items():
        assert client.post(urls[action], data).status_code == DRAFT_STATUS[name], action
    review_items["flag"].refresh_from_db()
    review_items["line"].refresh_from_db()
    draft["agreement"].refresh_from_db()
    draft["lefier_commitment"].refresh_from_db()
    assert review_items["flag"].confirmed_at is None
    assert review_items["line"].resolved_at is None
    assert (
        draft["parties"]["HU"].organisation
        == draft["agreement"].parties.get(abbreviation="HU").organisation
    )
    assert draft["agreement"].status == AgreementStatus.DRAFT
    assert draft["lefier_commitment"].content != "gekaapt"


@pytest.mark.parametrize("name", EDITORS)
def test_party_editors_review_the_draft(client_for, draft, review_items, name, cast):
    client = client_for(name)
    urls = _urls(draft, review_items)
    agreement = draft["agreement"]
    response = client.post(urls["confirm-flag"])
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("agreements:review", args=[agreement.pk]) + "#markeringen"
    )
    flag = Flag.objects.get(pk=review_items["flag"].pk)
    assert flag.confirmed_by == cast[name] and flag.confirmed_at is not None

    key = f"regel-{review_items['line'].pk}-resolution"
    assert client.post(urls["resolve-line"], {key: "  "}).status_code == 302
    assert UnplacedLine.objects.get(pk=review_items["line"].pk).resolved_at is None
    client.post(urls["resolve-line"], {key: "Opgenomen in A1"})
    line = UnplacedLine.objects.get(pk=review_items["line"].pk)
    assert (line.resolution, line.resolved_by) == ("Opgenomen in A1", cast[name])

    # linking a party is for a platform administrator, not for a party's editor
    unlinked = PartyFactory(
        agreement=agreement,
        organisation=None,
        abbreviation="XX",
        name="Onbekende partij",
        kind="care_provider",
    )
    assert any(
        "niet aan een organisatie gekoppeld" in b for b in services.publication_blockers(agreement)
    )
    other = OrganisationFactory(slug="zorggroep", name="Zorggroep", kind="care_provider")
    url = reverse("agreements:link-party", args=[agreement.pk, unlinked.pk])
    assert client.post(url, {f"partij-{unlinked.pk}-organisation": other.pk}).status_code == 403
    unlinked.refresh_from_db()
    assert unlinked.organisation is None

    page = client.get(urls["review"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Opgenomen in A1" in text
    assert "Bevestigd door" in text
    assert 'id="regel-1"' in text or not agreement.source_text


def test_upload_needs_an_importer(client_for, draft):
    url = reverse("agreements:upload")
    response = client_for("anonymous").get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    for name in (
        "municipality_editor",
        "association_editor",
        "tenants_member",
        "province_reader",
        "outsider",
    ):
        client = client_for(name)
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


def test_published_agreement_is_not_reviewed(client_for, published):
    agreement = published["agreement"]
    detail = reverse("agreements:detail", args=[agreement.pk])
    for name in DRAFT_STATUS:
        response = client_for(name).get(reverse("agreements:review", args=[agreement.pk]))
        assert (response.status_code, response["Location"]) == (302, detail)
    url = reverse("agreements:publish", args=[agreement.pk])
    assert client_for("province_reader").post(url).status_code == 403
    assert client_for("outsider").post(url).status_code == 403
    assert client_for("anonymous").post(url).status_code == 302  # to the login page
    response = client_for("municipality_editor").post(
        reverse(
            "agreements:edit-commitment", args=[agreement.pk, published["lefier_commitment"].pk]
        ),
        {"content": "na publicatie"},
    )
    assert (response.status_code, response["Location"]) == (302, detail)
    published["lefier_commitment"].refresh_from_db()
    assert published["lefier_commitment"].content != "na publicatie"
    workbook_url = reverse("agreements:workbook", args=[agreement.pk])
    assert client_for("anonymous").get(workbook_url).status_code == 200


# ----------------------------------------------------------------------------- upload


def _counts():
    return Agreement.objects.count(), ImportRun.objects.count()


@pytest.fixture
def loaded(db):
    call_command("load_organisations", verbosity=0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("boodschappen.txt", b"Boodschappen\nmelk\n", "geen prestatieafsprakendocument"),
        ("latin1.txt", "Prestatieafspraken caf\xe9".encode("latin-1"), "geen tekst in UTF-8"),
        ("document.pdf", b"%PDF-1.4", "Kies een .txt-bestand"),
        ("leeg.txt", b"   \n", "leeg"),
        ("groot.txt", b"x" * (2 * 1024 * 1024 + 1), "hoogstens 2 MB"),
    ],
)
def test_upload_refuses_what_is_not_an_agreement(staff_client, loaded, name, content, message):
    before = _counts()
    response = staff_client.post(
        reverse("agreements:upload"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert 'aria-invalid="true"' in text and 'aria-describedby="id_file-error' in text
    assert _counts() == before


@pytest.mark.skipif(not SEED_002.is_file(), reason="seed 002 not available")
def test_upload_of_unknown_municipality_changes_nothing(staff_client, loaded):
    text = SEED_002.read_text(encoding="utf-8").replace("Hogeveen", "Atlantis")
    before = _counts()
    response = staff_client.post(
        reverse("agreements:upload"),
        {"file": SimpleUploadedFile("atlantis.txt", text.encode("utf-8"))},
    )
    assert response.status_code == 200
    assert "Atlantis" in response.content.decode()
    assert "Er is niets gewijzigd" in response.content.decode()
    assert _counts() == before


@pytest.mark.skipif(not SEED_002.is_file(), reason="seed 002 not available")
def test_import_review_publish_flow(staff_client, loaded):
    client = staff_client
    assert client.get(reverse("agreements:upload")).status_code == 200
    response = client.post(
        reverse("agreements:upload"),
        {"file": SimpleUploadedFile(SEED_002.name, SEED_002.read_bytes(), "text/plain")},
    )
    agreement = Agreement.objects.get()
    review_url = reverse("agreements:review", args=[agreement.pk])
    assert (response.status_code, response["Location"]) == (302, review_url)

    page = client.get(review_url)
    text = page.content.decode()
    assert "23 afspraken" in text  # the summary message
    assert "Hogeveen" in text
    assert text.count('class="wm-flag wm-flag--inferred"') >= 24
    assert 'id="regel-224"' in text
    assert "3.008" in text  # Domesta's social stock, Dutch number format

    # publishing is refused while flags are open
    response = client.post(reverse("agreements:publish", args=[agreement.pk]), follow=True)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    assert "Nog niet gepubliceerd" in response.content.decode()
    assert "markeringen zijn nog niet bevestigd" in response.content.decode()

    for flag in agreement.flags.all():
        url = reverse("agreements:confirm-flag", args=[agreement.pk, flag.pk])
        assert client.post(url).status_code == 302
    for line in agreement.unplaced_lines.all():
        url = reverse("agreements:resolve-line", args=[agreement.pk, line.pk])
        client.post(url, {f"regel-{line.pk}-resolution": "gecontroleerd"})
    assert not agreement.flags.filter(confirmed_at__isnull=True).exists()
    assert not agreement.unplaced_lines.filter(resolved_at__isnull=True).exists()

    # reviewed, but the parties have not agreed yet
    response = client.post(reverse("agreements:publish", args=[agreement.pk]), follow=True)
    assert "Nog geen akkoord op deze versie van" in response.content.decode()
    url = reverse("agreements:signed-document", args=[agreement.pk])
    assert client.post(url, {"note": "ondertekend op 2 oktober 2023"}).status_code == 302
    assert (
        agreement.sign_offs.count()
        == agreement.parties.filter(
            kind__in=["municipality", "housing_association", "tenants_organisation"]
        ).count()
    )

    response = client.post(reverse("agreements:publish", args=[agreement.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PUBLISHED
    assert agreement.published_by == client.user


# ----------------------------------------------------------------------------- editing


def test_edit_commitment_keeps_typed_text_on_errors(client_for, draft):
    client = client_for("association_editor")
    commitment = draft["lefier_commitment"]
    url = reverse("agreements:edit-commitment", args=[draft["agreement"].pk, commitment.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="checkbox"' in page.content.decode()
    data = {
        "number": "A1",
        "parent_number": "",
        "content": "Nieuwe inhoud die blijft staan",
        "result": "",
        "period": "2023-2027",
        "period_start": "2027",
        "period_end": "2023",
        "lead_text": "LF",
        "year_entry_label": "Jaarschijf 2023",
        "year_entry": "",
        "leads": [draft["parties"]["LF"].pk, draft["parties"]["BO"].pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nieuwe inhoud die blijft staan" in text
    assert "Het eindjaar ligt voor het beginjaar." in text
    assert 'aria-describedby="id_period_end-error"' in text
    commitment.refresh_from_db()
    assert commitment.content != "Nieuwe inhoud die blijft staan"

    data["period_end"] = "2027"
    response = client.post(url, data)
    review = reverse("agreements:review", args=[draft["agreement"].pk])
    assert (response.status_code, response["Location"]) == (
        302,
        f"{review}#afspraak-{commitment.pk}",
    )
    commitment.refresh_from_db()
    assert commitment.content == "Nieuwe inhoud die blijft staan"
    assert commitment.period_end == 2027
    assert sorted(commitment.leads.values_list("abbreviation", flat=True)) == ["BO", "LF"]
    assert commitment.history.first().history_user.username == "corporatie-bewerker"


def test_edit_table_changes_values_through_services(client_for, draft):
    client = client_for("municipality_editor")
    table = draft["table"]
    url = reverse("agreements:edit-table", args=[draft["agreement"].pk, table.key])
    cells = list(table.cells.order_by("col"))
    data = {f"value_{c.pk}": c.value for c in cells} | {f"year_{c.pk}": c.year for c in cells}
    data[f"value_{cells[0].pk}"] = "veel"
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "Vul een geheel getal in." in response.content.decode()
        or "geheel getal" in response.content.decode()
    )
    data[f"value_{cells[0].pk}"] = "35"
    response = client.post(url, data)
    assert response.status_code == 302
    cells[0].refresh_from_db()
    cells[1].refresh_from_db()
    assert (cells[0].value, cells[0].raw, cells[1].value) == (35, "30", 20)


def test_workbook_import_page_applies_or_lists_errors(client_for, draft):
    client = client_for("tenants_member")
    agreement = draft["agreement"]
    commitment = draft["municipality_commitment"]
    data = client.get(reverse("agreements:workbook", args=[agreement.pk])).content
    wb = load_workbook(io.BytesIO(data))
    sheet = next(n for n, _k, o in workbook.sheet_plan(agreement) if o == commitment.theme)
    ws = wb[sheet]
    row = next(
        r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == commitment.pk
    )
    ws.cell(row=row, column=4, value="Gewijzigd in Excel")
    buffer = io.BytesIO()
    wb.save(buffer)
    url = reverse("agreements:import-workbook", args=[agreement.pk])

    ws.cell(row=row, column=7, value="begin")
    broken = io.BytesIO()
    wb.save(broken)
    response = client.post(url, {"file": SimpleUploadedFile("werkmap.xlsx", broken.getvalue())})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Fouten in de werkmap" in text and "geen geheel getal" in text
    commitment.refresh_from_db()
    assert commitment.content != "Gewijzigd in Excel"

    response = client.post(
        url, {"file": SimpleUploadedFile("werkmap.xlsx", buffer.getvalue())}, follow=True
    )
    assert "1 afspraken en 0 cellen gewijzigd" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.content == "Gewijzigd in Excel"


@pytest.mark.skipif(not SEED_002.is_file(), reason="seed 002 not available")
def test_an_admin_who_is_no_party_cannot_import_the_document(client, loaded):
    """An admin elsewhere could not review the draft afterwards, so nothing is kept."""
    from woonmonitor.accounts.models import Membership, Organisation

    admin = get_user_model().objects.create_user("lefier-beheer")
    Membership.objects.create(
        user=admin, organisation=Organisation.objects.get(slug="lefier"), role="admin"
    )
    client.force_login(admin)
    before = _counts()
    response = client.post(
        reverse("agreements:upload"),
        {"file": SimpleUploadedFile(SEED_002.name, SEED_002.read_bytes(), "text/plain")},
    )
    assert response.status_code == 200
    assert "geen bewerker bij een van de partijen" in response.content.decode()
    assert _counts() == before


def test_uploading_a_document_again_links_to_the_existing_draft(staff_client, loaded):
    def upload(**extra):
        file = SimpleUploadedFile(SEED_002.name, SEED_002.read_bytes(), "text/plain")
        return staff_client.post(reverse("agreements:upload"), {"file": file, **extra})

    assert upload().status_code == 302
    first = Agreement.objects.get()
    response = upload()
    assert response.status_code == 409
    text = response.content.decode()
    assert "is al ingelezen" in text
    assert reverse("agreements:review", args=[first.pk]) in text
    assert Agreement.objects.count() == 1
    assert upload(allow_duplicate="on").status_code == 302
    assert Agreement.objects.count() == 2


def test_a_duplicate_draft_of_others_is_not_linked(client, loaded):
    """An organisation admin who is no party of an existing draft learns only that it exists."""
    services.import_agreement_file(path=SEED_002)
    admin = get_user_model().objects.create_user("corporatiebeheerder")
    from woonmonitor.accounts.models import Membership, Organisation

    Membership.objects.create(
        user=admin, organisation=Organisation.objects.get(slug="lefier"), role="admin"
    )
    client.force_login(admin)
    file = SimpleUploadedFile(SEED_002.name, SEED_002.read_bytes(), "text/plain")
    response = client.post(reverse("agreements:upload"), {"file": file})
    assert response.status_code == 409
    text = response.content.decode()
    assert "1 concept dat alleen de partijen ervan zien" in text
    assert "/beoordelen/" not in text
