"""The import history pages."""

from __future__ import annotations

import pytest
from tests.factories import ImportRunFactory


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def runs(db):
    ok = ImportRunFactory(
        source="CBS Kerncijfers wijken en buurten 2024",
        file_name="kwb-2024.csv",
        file_sha256="a" * 64,
        vintage=2024,
        rows_read=3,
        rows_accepted=1,
        rows_rejected=2,
        rejections=[{"row": "7", "reason": "onbekende gemeentecode"}],
        warnings=[{"row": "9", "message": "lege geometrie"}],
        message="3 rijen gelezen",
    )
    failed = ImportRunFactory(status="failed", message="Kolom ontbreekt: gwb_code")
    return ok, failed


def test_list_shows_runs(client_for, runs):
    content = client_for("tenants_member").get("/importhistorie/").content.decode()
    assert "CBS Kerncijfers wijken en buurten 2024" in content
    assert "kwb-2024.csv" in content
    assert "<caption" in content
    assert "mislukt" in content


def test_list_empty_for_member_is_200(client_for, cast):
    assert client_for("municipality_editor").get("/importhistorie/").status_code == 200


def test_detail_shows_everything(client_for, runs):
    ok, failed = runs
    content = client_for("province_reader").get(f"/importhistorie/{ok.pk}/").content.decode()
    for text in ("a" * 64, "2024", "onbekende gemeentecode", "lege geometrie", "3 rijen gelezen"):
        assert text in content
    assert content.count("<caption") == 2
    failed_page = client_for("province_reader").get(f"/importhistorie/{failed.pk}/")
    assert "Kolom ontbreekt: gwb_code" in failed_page.content.decode()


@pytest.mark.parametrize("name", ["anonymous", "outsider"])
def test_no_access_is_404_not_redirect(client_for, runs, name):
    ok, _failed = runs
    client = client_for(name)
    assert client.get("/importhistorie/").status_code == 404
    assert client.get(f"/importhistorie/{ok.pk}/").status_code == 404


@pytest.fixture
def draft_run(db, organisations):
    """The run that imported a draft of the cast's agreement, and one of a failed try."""
    from woonmonitor.agreements.tests.conftest import make_agreement

    draft = make_agreement(organisations, status="draft")["agreement"]
    run = ImportRunFactory(command="import_agreement", source="Prestatieafspraken: concept")
    draft.import_run = run
    draft.save()
    return run


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        ("municipality_editor", True),
        ("association_editor", True),
        ("tenants_member", True),
        ("province_reader", True),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_a_drafts_run_only_for_its_parties_and_the_province(client_for, draft_run, name, sees):
    client = client_for(name)
    detail = client.get(f"/importhistorie/{draft_run.pk}/")
    assert detail.status_code == (200 if sees else 404)
    listing = client.get("/importhistorie/")
    assert ("Prestatieafspraken: concept" in listing.content.decode()) == sees


def test_a_member_of_another_organisation_does_not_see_a_drafts_run(client, draft_run):
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    other = UserFactory(username="ander")
    MembershipFactory(user=other, organisation=OrganisationFactory(slug="domesta"), role="editor")
    client.force_login(other)
    assert client.get(f"/importhistorie/{draft_run.pk}/").status_code == 404
    assert "Prestatieafspraken: concept" not in client.get("/importhistorie/").content.decode()
    public = ImportRunFactory(source="CBS Kerncijfers 2024")
    assert client.get(f"/importhistorie/{public.pk}/").status_code == 200


def test_a_failed_agreement_import_is_seen_by_who_started_it(client, cast):
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    starter = UserFactory(username="starter")
    MembershipFactory(user=starter, organisation=OrganisationFactory(slug="actium"), role="admin")
    run = ImportRunFactory(command="import_agreement", status="failed", started_by=starter)
    client.force_login(starter)
    assert client.get(f"/importhistorie/{run.pk}/").status_code == 200
    client.force_login(cast["association_editor"])
    assert client.get(f"/importhistorie/{run.pk}/").status_code == 404


def test_the_sources_in_the_footer_never_name_a_draft(client_for, draft_run):
    ImportRunFactory(source="CBS Kerncijfers 2024")
    for name in ("anonymous", "outsider"):
        text = client_for(name).get("/bronnen/").content.decode()
        assert "CBS Kerncijfers 2024" in text
        assert "Prestatieafspraken: concept" not in text
