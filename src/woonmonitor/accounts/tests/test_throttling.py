"""Login throttling: per account and per client address, on the login page, the admin and the
API's basic auth. The counts are rows in the database, so every test starts unlocked."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client, RequestFactory
from django.utils import timezone
from tests.factories import UserFactory

from woonmonitor.accounts import throttling
from woonmonitor.accounts.models import ThrottleEvent, ThrottleScope

PASSWORD = "wachtwoord-voor-tests"
LIMITS = {
    "login_account": (3, 15 * 60),
    "login_address": (5, 15 * 60),
    "reset_email": (2, 60 * 60),
    "reset_address": (4, 60 * 60),
}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.WOONMONITOR_THROTTLE_LIMITS = LIMITS
    settings.WOONMONITOR_PROXY_COUNT = 0


def login(client: Client, username: str, password: str = "fout-wachtwoord", **extra):
    return client.post("/inloggen/", {"username": username, "password": password}, **extra)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def age_all_events(minutes: int) -> None:
    ThrottleEvent.objects.update(at=F("at") - timedelta(minutes=minutes))


# ----------------------------------------------------------------------------- client address


def request_with(remote: str = "192.0.2.10", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_header_is_ignored_without_a_trusted_proxy():
    request = request_with("192.0.2.10", forwarded="203.0.113.5")
    assert throttling.client_address(request) == "192.0.2.10"


def test_forwarded_header_is_read_from_the_right_behind_trusted_proxies(settings):
    settings.WOONMONITOR_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the address it saw.
    request = request_with("10.0.0.2", forwarded="198.51.100.1, 203.0.113.5")
    assert throttling.client_address(request) == "203.0.113.5"
    settings.WOONMONITOR_PROXY_COUNT = 2
    assert throttling.client_address(request) == "198.51.100.1"
    settings.WOONMONITOR_PROXY_COUNT = 3  # fewer entries than proxies: not their header
    assert throttling.client_address(request) == "10.0.0.2"
    settings.WOONMONITOR_PROXY_COUNT = 1
    assert throttling.client_address(request_with("10.0.0.2")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("192.0.2.1:443", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("[2001:db8:1:2::9]:443", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("", throttling.UNKNOWN_ADDRESS),
        ("not-an-address", throttling.UNKNOWN_ADDRESS),
    ],
)
def test_addresses_are_normalised(value, expected):
    assert throttling.normalise_address(value) == expected


# ----------------------------------------------------------------------------- the lockout itself


def test_lockout_waits_until_the_oldest_counted_event_leaves_the_window():
    now = timezone.now()
    for minutes_ago in (10, 5, 1):
        throttling.record(
            scope="login_account", key="iemand", now=now - timedelta(minutes=minutes_ago)
        )
    found = throttling.lockout(scope="login_account", key="iemand", now=now)
    assert found is not None
    assert found.seconds == 5 * 60  # the one of 10 minutes ago leaves a 15-minute window
    assert found.minutes == 5
    later = now + timedelta(minutes=4, seconds=59)
    assert throttling.lockout(scope="login_account", key="iemand", now=later)
    later = now + timedelta(minutes=5)
    assert not throttling.lockout(scope="login_account", key="iemand", now=later)
    assert not throttling.lockout(scope="login_account", key="iemand-anders", now=now)


def test_the_message_says_how_many_minutes_to_wait():
    message = throttling.login_message
    assert "over 1 minuut opnieuw" in message(throttling.Lockout("login_account", 30))
    assert "over 2 minuten opnieuw" in message(throttling.Lockout("login_account", 61))


def test_old_events_are_deleted_when_new_ones_are_written():
    now = timezone.now()
    throttling.record(scope="login_account", key="oud", now=now - timedelta(hours=2))
    throttling.record(scope="login_account", key="nieuw", now=now)
    assert list(ThrottleEvent.objects.values_list("key", flat=True)) == ["nieuw"]


# ----------------------------------------------------------------------------- login page


def test_account_is_locked_after_repeated_failures_with_a_dutch_message(client):
    UserFactory(username="iemand")
    for _ in range(3):
        response = login(client, "iemand")
        assert "klopt niet" in response.content.decode()
    response = login(client, "iemand", PASSWORD)  # the right password, but locked
    assert response.status_code == 200
    content = response.content.decode()
    assert "Te veel mislukte inlogpogingen" in content
    assert "15 minuten" in content
    assert not logged_in(client)
    # A refused attempt is not counted: the lockout ends on time.
    assert ThrottleEvent.objects.filter(scope=ThrottleScope.LOGIN_ACCOUNT).count() == 3


def test_lockout_ends_after_the_window(client):
    UserFactory(username="iemand")
    for _ in range(3):
        login(client, "iemand")
    age_all_events(16)
    login(client, "iemand", PASSWORD)
    assert logged_in(client)


def test_the_account_lockout_holds_for_every_client_and_ignores_case(client):
    UserFactory(username="iemand")
    for number in range(3):
        login(Client(REMOTE_ADDR=f"192.0.2.{number}"), "IEMAND ")
    other = Client(REMOTE_ADDR="198.51.100.7")  # another machine, another process
    response = login(other, "iemand", PASSWORD)
    assert "Te veel mislukte" in response.content.decode()
    assert not logged_in(other)


def test_a_successful_login_resets_the_account_count(client):
    UserFactory(username="iemand")
    for _ in range(2):
        login(client, "iemand")
    login(client, "iemand", PASSWORD)
    assert logged_in(client)
    client.logout()
    for _ in range(2):
        login(client, "iemand")
    login(client, "iemand", PASSWORD)
    assert logged_in(client)
    # The address keeps its count: a success of one account does not reset it.
    assert ThrottleEvent.objects.filter(scope=ThrottleScope.LOGIN_ADDRESS).count() == 4


def test_an_address_trying_many_accounts_is_locked(client):
    UserFactory(username="iemand")
    for number in range(5):
        login(client, f"gok{number}")
    response = login(client, "iemand", PASSWORD)
    assert "Te veel mislukte" in response.content.decode()
    assert not logged_in(client)
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    login(other, "iemand", PASSWORD)
    assert logged_in(other)


def test_forged_forwarded_headers_do_not_escape_the_address_lock(client):
    UserFactory(username="iemand")
    for number in range(5):
        login(client, f"gok{number}", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    response = login(client, "iemand", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert "Te veel mislukte" in response.content.decode()


def test_behind_a_trusted_proxy_clients_are_told_apart(client, settings):
    settings.WOONMONITOR_PROXY_COUNT = 1
    UserFactory(username="iemand")
    for number in range(5):
        login(client, f"gok{number}", HTTP_X_FORWARDED_FOR="203.0.113.1")
    login(client, "iemand", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert logged_in(client)
    assert set(
        ThrottleEvent.objects.filter(scope=ThrottleScope.LOGIN_ADDRESS).values_list(
            "key", flat=True
        )
    ) == {"203.0.113.1"}


def test_admin_login_is_locked_too(client):
    UserFactory(username="baas", is_staff=True, is_superuser=True)
    for _ in range(3):
        client.post("/beheer/login/", {"username": "baas", "password": "fout"})
    response = client.post("/beheer/login/", {"username": "baas", "password": PASSWORD})
    assert response.status_code == 200
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert not logged_in(client)


def test_unlocking_a_demo_user_by_running_create_demo_users_again(client):
    from django.core.management import call_command

    call_command("create_demo_users", "--password", "Een-ander-wachtwoord-9", verbosity=0)
    for _ in range(3):
        login(client, "gemeente")
    assert throttling.lockout(scope="login_account", key="gemeente")
    call_command("create_demo_users", "--password", "Een-ander-wachtwoord-9", verbosity=0)
    assert not throttling.lockout(scope="login_account", key="gemeente")


# ----------------------------------------------------------------------------- API basic auth


def basic(username: str, password: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {encoded}"}


def test_basic_auth_is_locked_with_429_and_retry_after(client):
    UserFactory(username="machine")
    for _ in range(3):
        response = client.get("/api/v1/organisations/", **basic("machine", "fout"))
        assert response.status_code == 401
    response = client.get("/api/v1/organisations/", **basic("machine", PASSWORD))
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "Te veel mislukte inlogpogingen" in response.json()["detail"]
    # The login page shares the count: the account is locked there as well.
    assert "Te veel mislukte" in login(client, "machine", PASSWORD).content.decode()


def test_basic_auth_success_resets_the_account_count(client):
    UserFactory(username="machine")
    for _ in range(2):
        client.get("/api/v1/organisations/", **basic("machine", "fout"))
    assert client.get("/api/v1/organisations/", **basic("machine", PASSWORD)).status_code == 200
    for _ in range(2):
        client.get("/api/v1/organisations/", **basic("machine", "fout"))
    assert client.get("/api/v1/organisations/", **basic("machine", PASSWORD)).status_code == 200


def test_failed_api_tokens_count_for_the_address(client):
    UserFactory(username="iemand")
    for number in range(5):
        response = client.get(
            "/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token wm_0000000{number}_geraden"
        )
        assert response.status_code == 401
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION="Token wm_00000000_x")
    assert response.status_code == 429
    assert "Retry-After" in response
    # The same address may not guess passwords now either.
    assert "Te veel mislukte" in login(client, "iemand", PASSWORD).content.decode()
