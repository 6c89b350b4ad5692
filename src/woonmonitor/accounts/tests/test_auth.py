"""Logging in and out with the test client."""

from __future__ import annotations

from tests.factories import UserFactory

PASSWORD = "wachtwoord-voor-tests"


def test_login_page_has_labelled_fields(client, db):
    content = client.get("/inloggen/").content.decode()
    assert '<label class="utrecht-form-label" for="id_username">' in content
    assert '<label class="utrecht-form-label" for="id_password">' in content


def test_login_and_logout(client, cast):
    response = client.post("/inloggen/", {"username": "gemeente-bewerker", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/mijn-account/"
    me = client.get("/mijn-account/")
    assert me.status_code == 200
    assert "Gemeente Borger-Odoorn" in me.content.decode()

    assert client.get("/uitloggen/").status_code == 405  # logout is POST only
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    assert client.get("/mijn-account/").status_code == 302


def test_login_follows_next(client, cast):
    response = client.post(
        "/inloggen/?next=/importhistorie/",
        {"username": "provincie-lezer", "password": PASSWORD, "next": "/importhistorie/"},
    )
    assert response["Location"] == "/importhistorie/"


def test_wrong_password_shows_error(client, db):
    UserFactory(username="iemand")
    response = client.post("/inloggen/", {"username": "iemand", "password": "fout-wachtwoord"})
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session
