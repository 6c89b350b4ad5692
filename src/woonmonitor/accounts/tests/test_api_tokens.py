"""API tokens on /mijn-account/: made with a name, the secret shown once, listed, revoked;
only a hash is stored; one user never sees or revokes another's tokens."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from woonmonitor.accounts.models import ApiToken
from woonmonitor.accounts.services import create_api_token, revoke_api_token
from woonmonitor.accounts.tokens import TOKEN_PREFIX, hash_token, new_token

CREATE = "/mijn-account/api-sleutels/"
TOKEN_PATTERN = re.compile(r"wm_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def revoke_url(token: ApiToken) -> str:
    return f"/mijn-account/api-sleutels/{token.pk}/intrekken/"


def test_new_tokens_are_random_and_only_their_hash_is_kept():
    prefix, secret = new_token()
    assert TOKEN_PATTERN.fullmatch(secret)
    assert secret.startswith(f"{TOKEN_PREFIX}{prefix}_")
    assert new_token()[1] != secret
    assert hash_token(secret) == hash_token(secret)
    assert len(hash_token(secret)) == 64 and secret not in hash_token(secret)


def test_create_shows_the_secret_once(client_for, cast):
    client = client_for("association_editor")
    response = client.post(CREATE, {"name": "Koppeling Lefier", "valid_for": "90"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    [secret] = set(TOKEN_PATTERN.findall(content))
    assert "maar één keer getoond" in content

    token = ApiToken.objects.get()
    assert token.user == cast["association_editor"]
    assert token.name == "Koppeling Lefier"
    assert token.secret_hash == hash_token(secret)
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(secret in value or value in secret for value in stored if len(value) > 8)
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)

    page = client.get("/mijn-account/").content.decode()
    assert "Koppeling Lefier" in page
    assert token.display_prefix in page
    assert secret not in page
    assert not TOKEN_PATTERN.search(page)


def test_tokens_without_expiry_and_names_required(client_for):
    client = client_for("municipality_editor")
    client.post(CREATE, {"name": "Zonder einde", "valid_for": ""})
    assert ApiToken.objects.get().expires_at is None
    response = client.post(CREATE, {"name": "  ", "valid_for": "30"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_revoke_own_token(client_for, cast):
    client = client_for("association_editor")
    token, _secret = create_api_token(user=cast["association_editor"], name="Oud")
    response = client.post(revoke_url(token))
    assert response.status_code == 302
    assert response["Location"] == "/mijn-account/#api-sleutels"
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get("/mijn-account/").content.decode()
    assert "is ingetrokken" in page
    assert "ingetrokken op" in page
    assert revoke_url(token) not in page  # no button for a revoked token
    first = token.revoked_at
    revoke_api_token(token=token)
    assert token.revoked_at == first


def test_tokens_of_one_user_are_invisible_to_another(client_for, cast):
    token, _secret = create_api_token(user=cast["association_editor"], name="Van Lefier")
    client = client_for("municipality_editor")
    assert "Van Lefier" not in client.get("/mijn-account/").content.decode()
    assert client.post(revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert list(ApiToken.objects.visible_to(cast["municipality_editor"])) == []
    assert list(ApiToken.objects.visible_to(cast["anonymous"])) == []


def test_anonymous_cannot_make_or_revoke_tokens(client_for, cast):
    token, _secret = create_api_token(user=cast["association_editor"], name="Van Lefier")
    client = client_for("anonymous")
    assert client.post(CREATE, {"name": "x"})["Location"].startswith("/inloggen/")
    assert client.post(revoke_url(token))["Location"].startswith("/inloggen/")
    assert ApiToken.objects.count() == 1


def test_token_pages_are_post_only_and_need_csrf(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["association_editor"])
    assert client.get(CREATE).status_code == 405
    assert client.post(CREATE, {"name": "Zonder CSRF"}).status_code == 403
    token, _secret = create_api_token(user=cast["association_editor"], name="Blijft")
    assert client.post(revoke_url(token)).status_code == 403
    assert ApiToken.objects.count() == 1

    page = client.get("/mijn-account/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(CREATE, {"name": "Met CSRF", "csrfmiddlewaretoken": csrf})
    assert response.status_code == 200
    assert ApiToken.objects.count() == 2


def test_admin_shows_tokens_without_secret(client, cast):
    from tests.factories import UserFactory

    token, secret = create_api_token(user=cast["association_editor"], name="In beheer")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = client.get("/beheer/accounts/apitoken/").content.decode()
    assert "In beheer" in listing
    change = client.get(f"/beheer/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.display_prefix in change
    assert secret not in change and token.secret_hash not in change
    assert client.get("/beheer/accounts/apitoken/add/").status_code == 403
    client.post(
        "/beheer/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/beheer/accounts/throttleevent/").status_code == 200
