"""Password reset by e-mail: the whole flow with Django's outbox, no hint whether an address
has an account, and a limit on the mails per e-mail address and per client address."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from tests.factories import UserFactory

from woonmonitor.accounts import throttling
from woonmonitor.accounts.models import ThrottleScope

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Een-nieuw-Drents-wachtwoord-7"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.WOONMONITOR_THROTTLE_LIMITS = {
        **settings.WOONMONITOR_THROTTLE_LIMITS,
        "login_account": (3, 15 * 60),
        "reset_email": (2, 60 * 60),
        "reset_address": (4, 60 * 60),
    }


def request_reset(client: Client, email: str):
    return client.post("/wachtwoord-vergeten/", {"email": email})


def link_in(message) -> str:
    match = re.search(
        r"https?://testserver(/wachtwoord-vergeten/nieuw-wachtwoord/\S+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def test_login_page_links_to_the_reset_page(client):
    content = client.get("/inloggen/").content.decode()
    assert 'href="/wachtwoord-vergeten/"' in content
    page = client.get("/wachtwoord-vergeten/").content.decode()
    assert '<label class="utrecht-form-label" for="id_email">' in page
    assert 'autocomplete="email"' in page


def test_the_whole_flow(client):
    user = UserFactory(username="iemand", email="iemand@example.org", first_name="Ina")
    response = request_reset(client, "Iemand@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert "Kijk in uw e-mail" in client.get(response["Location"]).content.decode()

    [message] = mail.outbox
    assert message.to == ["iemand@example.org"]
    assert message.subject == "Nieuw wachtwoord voor Woonmonitor"
    assert "Beste Ina" in message.body
    assert "Uw gebruikersnaam is iemand." in message.body
    assert "24 uur geldig" in message.body

    form_page = client.get(link_in(message), follow=True)
    assert form_page.status_code == 200
    assert "Kies een nieuw wachtwoord voor het account iemand" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    assert set_password_url.endswith("/instellen/")

    weak = client.post(set_password_url, {"new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 200
    assert 'aria-invalid="true"' in weak.content.decode()

    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == "/wachtwoord-vergeten/gewijzigd/"
    assert "Wachtwoord gewijzigd" in client.get(done["Location"]).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The link works once.
    again = client.get(link_in(message), follow=True).content.decode()
    assert "Deze link werkt niet (meer)" in again
    login = client.post("/inloggen/", {"username": "iemand", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    UserFactory(username="iemand", email="iemand@example.org")
    known = request_reset(Client(), "iemand@example.org")
    unknown = request_reset(Client(), "niemand@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["iemand@example.org"]]


def test_inactive_users_and_users_without_password_get_no_mail(client):
    UserFactory(username="weg", email="weg@example.org", is_active=False)
    unusable = UserFactory(username="sso", email="sso@example.org")
    unusable.set_unusable_password()
    unusable.save()
    for email in ("weg@example.org", "sso@example.org"):
        assert request_reset(client, email).status_code == 302
    assert mail.outbox == []


def test_mails_per_address_are_limited_without_revealing_accounts(client):
    UserFactory(username="iemand", email="iemand@example.org")
    for _ in range(2):
        assert request_reset(client, "iemand@example.org").status_code == 302
    refused = request_reset(client, "IEMAND@example.org")
    assert refused.status_code == 200
    assert "te vaak een nieuw wachtwoord aangevraagd" in refused.content.decode()
    assert "60 minuten" in refused.content.decode()
    assert len(mail.outbox) == 2
    # An address without an account is counted the same way: the answer reveals nothing.
    elsewhere = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(2):
        assert request_reset(elsewhere, "niemand@example.org").status_code == 302
    refused = request_reset(Client(REMOTE_ADDR="198.51.100.2"), "niemand@example.org")
    assert "te vaak een nieuw wachtwoord aangevraagd" in refused.content.decode()


def test_requests_per_client_address_are_limited(client):
    for number in range(4):
        assert request_reset(client, f"adres{number}@example.org").status_code == 302
    refused = request_reset(client, "nog-een@example.org")
    assert refused.status_code == 200
    assert "te vaak" in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR="198.51.100.1")
    assert request_reset(elsewhere, "nog-een@example.org").status_code == 302


def test_a_reset_unlocks_the_account(client):
    UserFactory(username="iemand", email="iemand@example.org")
    for _ in range(3):
        client.post("/inloggen/", {"username": "iemand", "password": "fout"})
    assert throttling.lockout(scope=ThrottleScope.LOGIN_ACCOUNT, key="iemand")
    request_reset(client, "iemand@example.org")
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert not throttling.lockout(scope=ThrottleScope.LOGIN_ACCOUNT, key="iemand")


def test_reset_pages_need_csrf(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/wachtwoord-vergeten/", {"email": "x@example.org"}).status_code == 403
