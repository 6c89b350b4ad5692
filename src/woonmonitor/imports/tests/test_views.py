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
