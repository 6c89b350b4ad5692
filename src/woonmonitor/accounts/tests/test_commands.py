"""load_organisations and create_demo_users."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from woonmonitor.accounts.models import Membership, Organisation, OrganisationKind, User
from woonmonitor.accounts.services import DEFAULT_ORGANISATIONS_FILE, DEMO_USERS
from woonmonitor.imports.models import ImportRun

pytestmark = pytest.mark.django_db

SEED_NAMES = (
    "Provincie Drenthe",
    "Gemeente Borger-Odoorn",
    "Gemeente Hoogeveen",
    "Gemeente Hardenberg",
    "Woonservice",
    "Lefier",
    "Domesta",
    "Woonconcept",
    "Actium",
    "'t Huurdertje",
    "Huurdersvereniging Samen Sterk",
    "SHDH",
    "Cascade",
    "MEVM",
)


def load() -> str:
    out = StringIO()
    call_command("load_organisations", stdout=out)
    return out.getvalue()


def test_load_organisations_is_idempotent():
    load()
    counts = (Organisation.objects.count(), Organisation.history.count())
    load()
    assert (Organisation.objects.count(), Organisation.history.count()) == counts
    assert ImportRun.objects.filter(command="load_organisations", status="succeeded").count() == 2


def test_seed_organisations_exist():
    load()
    names = set(Organisation.objects.values_list("name", flat=True))
    assert set(SEED_NAMES) <= names
    assert Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count() == 13
    assert Organisation.objects.get(slug="provincie-drenthe").area_code == "PV22"
    assert Organisation.objects.get(slug="gemeente-borger-odoorn").area_code == "GM1681"
    assert Organisation.objects.get(slug="lefier").short_name == "LF"
    assert Organisation.objects.get(slug="woonservice").working_area_codes == ["GM1681", "GM0118"]
    assert all(org.source for org in Organisation.objects.all())


def test_load_records_run_with_file_hash():
    load()
    run = ImportRun.objects.get()
    assert run.file_name == "organisations.json"
    assert len(run.file_sha256) == 64
    assert run.rows_accepted == run.rows_read == Organisation.objects.count()


def test_bad_records_are_rejected_not_guessed(tmp_path):
    path = tmp_path / "orgs.json"
    path.write_text(
        json.dumps(
            [
                {"slug": "ok", "name": "Goed", "kind": "other"},
                {"slug": "raar", "name": "Raar", "kind": "bank"},
                {"name": "Zonder slug", "kind": "other"},
            ]
        ),
        encoding="utf-8",
    )
    call_command("load_organisations", str(path), stdout=StringIO(), stderr=StringIO())
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["ok"]
    assert ImportRun.objects.get().rows_rejected == 2


def test_unreadable_file_is_a_command_error(tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text("{niet json", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_organisations", str(path), stdout=StringIO())
    assert ImportRun.objects.get().status == "failed"


def test_default_file_is_packaged():
    assert DEFAULT_ORGANISATIONS_FILE.is_file()


def test_create_demo_users_prints_every_login_and_is_idempotent():
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    call_command("create_demo_users", stdout=StringIO())
    output = out.getvalue()
    for demo in DEMO_USERS:
        assert demo.username in output
        assert demo.password in output
        user = User.objects.get(username=demo.username)
        assert user.check_password(demo.password)
    assert "demo" in output.lower()
    assert User.objects.count() == len(DEMO_USERS)
    assert Membership.objects.count() == len(DEMO_USERS) - 1
    admin = User.objects.get(username="beheerder")
    assert admin.is_staff and admin.is_superuser
    assert Membership.objects.get(user__username="provincie").organisation.kind == "province"
    assert Membership.objects.get(user__username="gemeente").role == "editor"
    assert Membership.objects.get(user__username="lezer").role == "reader"


def test_demo_passwords_pass_the_validators():
    load()
    for demo in DEMO_USERS:
        assert validate_password(demo.password, User(username=demo.username)) is None


def test_create_demo_users_with_one_password():
    call_command("create_demo_users", "--password", "Een-ander-wachtwoord-9", stdout=StringIO())
    assert User.objects.get(username="huurders").check_password("Een-ander-wachtwoord-9")


def test_create_demo_users_rejects_weak_password():
    with pytest.raises(CommandError):
        call_command("create_demo_users", "--password", "kort", stdout=StringIO())


def test_counts_add_up_and_the_run_cites_its_source(tmp_path):
    output = load()
    run = ImportRun.objects.get()
    assert run.adds_up and "telt op:" in output
    assert run.data_source.key == "woonmonitor-organisaties"
    assert run.source == "Woonmonitor, Organisaties uit de afsprakendocumenten"
    path = tmp_path / "orgs.json"
    path.write_text(json.dumps([{"slug": "ok", "name": "Goed", "kind": "other"}, "geen"]))
    call_command("load_organisations", str(path), stdout=StringIO(), stderr=StringIO())
    run = ImportRun.objects.order_by("-pk").first()
    assert (run.rows_read, run.rows_accepted, run.rows_rejected, run.adds_up) == (2, 1, 1, True)
