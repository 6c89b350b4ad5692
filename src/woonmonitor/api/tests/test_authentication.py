"""Authenticating to the API: tokens act exactly as their user's session, anonymous writes get
401 with a challenge, and browser sessions keep writing with their CSRF token."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from woonmonitor.accounts.models import ApiToken
from woonmonitor.accounts.services import create_api_token, revoke_api_token
from woonmonitor.agreements.models import RealisedFigure
from woonmonitor.agreements.tests.conftest import draft, published  # noqa: F401

API = "/api/v1/agreements/"
FIGURE = {"party": "LF", "measure": "new_build", "year": 2023, "value": 12}


def realised_url(case: dict) -> str:
    return f"{API}{case['agreement'].pk}/realised/"


def write_urls(case: dict) -> list[str]:
    base = f"{API}{case['agreement'].pk}/"
    commitment = f"{base}commitments/{case['lefier_commitment'].pk}/"
    return [f"{commitment}progress/", f"{commitment}comments/", f"{base}realised/"]


def token_client(secret: str, keyword: str = "Token", **kwargs) -> Client:
    return Client(headers={"Authorization": f"{keyword} {secret}"}, **kwargs)


def post(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def lefier_token(cast):
    return create_api_token(user=cast["association_editor"], name="Lefier-koppeling")


# ----------------------------------------------------------------------------- 401


@pytest.mark.parametrize("credentials", [None, "Token wm_00000000_onbekend", "Token", "Basic eA=="])
def test_every_write_without_valid_credentials_is_401_with_a_challenge(
    published,  # noqa: F811
    draft,  # noqa: F811
    credentials,
):
    headers = {"Authorization": credentials} if credentials else {}
    client = Client(headers=headers)
    for case in (published, draft):
        for url in write_urls(case):
            response = post(client, url, FIGURE)
            assert response.status_code == 401, (url, response.content)
            assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert RealisedFigure.objects.count() == 0


def test_reads_stay_open_and_ignore_a_missing_token(published):  # noqa: F811
    assert Client().get(realised_url(published)).status_code == 200
    bad = token_client("wm_00000000_onbekend").get(realised_url(published))
    assert bad.status_code == 401  # a wrong token is an error, not anonymity


# ----------------------------------------------------------------------------- tokens as users


def test_a_token_posts_for_its_own_association_like_the_session(
    client_for,
    published,  # noqa: F811
    lefier_token,
):
    token, secret = lefier_token
    response = post(token_client(secret), realised_url(published), FIGURE)
    assert response.status_code == 201, response.content
    assert RealisedFigure.objects.get().author == token.user
    session = post(client_for("association_editor"), realised_url(published), FIGURE)
    assert session.status_code == 201
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_cannot_post_for_another_party(published, lefier_token):  # noqa: F811
    _token, secret = lefier_token
    client = token_client(secret)
    assert post(client, realised_url(published), FIGURE | {"party": "BO"}).status_code == 403
    agreement, commitment = published["agreement"], published["municipality_commitment"]
    progress = f"{API}{agreement.pk}/commitments/{commitment.pk}/progress/"
    report = {"party": "LF", "year": 2023, "status": "done", "text": "Klaar."}
    assert post(client, progress, report).status_code == 403
    assert RealisedFigure.objects.count() == 0


def test_bearer_works_too(published, lefier_token):  # noqa: F811
    _token, secret = lefier_token
    response = post(token_client(secret, "Bearer"), realised_url(published), FIGURE)
    assert response.status_code == 201


def test_revoked_expired_and_inactive_tokens_are_401(published, cast):  # noqa: F811
    user = cast["association_editor"]
    revoked, revoked_secret = create_api_token(user=user, name="ingetrokken")
    revoke_api_token(token=revoked)
    _expired, expired_secret = create_api_token(
        user=user, name="verlopen", expires_at=timezone.now() - timedelta(seconds=1)
    )
    for secret in (revoked_secret, expired_secret):
        response = post(token_client(secret), realised_url(published), FIGURE)
        assert response.status_code == 401
        assert "onbekend, ingetrokken of verlopen" in response.json()["detail"]
    _active, secret = create_api_token(user=user, name="actief")
    user.is_active = False
    user.save()
    assert post(token_client(secret), realised_url(published), FIGURE).status_code == 401
    assert RealisedFigure.objects.count() == 0


def test_a_draft_is_seen_through_the_token_as_through_the_session(
    draft,  # noqa: F811
    lefier_token,
    cast,
):
    _token, secret = lefier_token
    assert token_client(secret).get(f"{API}{draft['agreement'].pk}/").status_code == 200
    _outsider, outsider_secret = create_api_token(user=cast["outsider"], name="buiten")
    assert token_client(outsider_secret).get(f"{API}{draft['agreement'].pk}/").status_code == 404


def test_a_token_of_one_user_never_acts_as_another(published, cast):  # noqa: F811
    _token, secret = create_api_token(user=cast["tenants_member"], name="huurders")
    response = post(token_client(secret), realised_url(published), FIGURE)
    assert response.status_code == 403  # the tenants' organisation enters no figures
    assert not ApiToken.objects.filter(user=cast["association_editor"]).exists()


# ----------------------------------------------------------------------------- sessions and CSRF


def test_session_writes_need_the_csrf_token(cast, published):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["association_editor"])
    refused = post(client, realised_url(published), FIGURE)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/mijn-account/")  # sets the CSRF cookie, as any page does
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        realised_url(published), FIGURE, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 201


def test_tokens_need_no_csrf(published, lefier_token):  # noqa: F811
    _token, secret = lefier_token
    client = token_client(secret, enforce_csrf_checks=True)
    assert post(client, realised_url(published), FIGURE).status_code == 201


def test_basic_auth_still_works(published, cast):  # noqa: F811
    encoded = base64.b64encode(b"corporatie-bewerker:wachtwoord-voor-tests").decode()
    client = Client(headers={"Authorization": f"Basic {encoded}"})
    assert post(client, realised_url(published), FIGURE).status_code == 201


# ----------------------------------------------------------------------------- the schema


def test_schema_describes_the_token_and_the_401(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["type"] == "http"
    assert schemes["tokenAuth"]["scheme"] == "bearer"
    assert schemes["basicAuth"]["scheme"] == "basic"
    realised = schema["paths"]["/api/v1/agreements/{agreement_id}/realised/"]
    assert {"tokenAuth": []} in realised["post"]["security"]
    assert {} not in realised["post"]["security"]  # writes need credentials
    assert {} in realised["get"]["security"]
    assert {"401", "403", "404", "429"} <= set(realised["post"]["responses"])
