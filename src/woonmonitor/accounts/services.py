"""Loading the organisations of the seed documents, creating demo users, and API tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.services import RunRecorder, recording_import

from . import throttling
from .models import ApiToken, Membership, Organisation, OrganisationKind, Role, User
from .tokens import hash_token, new_token

DEFAULT_ORGANISATIONS_FILE = Path(__file__).resolve().parent / "data" / "organisations.json"
#: The organisations' key in the sources table (imports/data/sources.toml).
ORGANISATIONS_SOURCE = "woonmonitor-organisaties"
ORGANISATION_FIELDS = (
    "name",
    "kind",
    "short_name",
    "area_code",
    "working_area_codes",
    "website",
    "source",
)


def read_organisations(path: Path) -> list[dict]:
    """The organisation records of a JSON file: a list, or an object with key ``organisations``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MalformedFile(f"{path.name} is geen leesbaar JSON-bestand: {exc}") from exc
    records = data.get("organisations") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise MalformedFile(f"{path.name} bevat geen lijst met organisaties")
    return records


def _clean(record: object) -> dict | str:
    """The model fields of one record, or the reason it cannot be used."""
    if not isinstance(record, dict):
        return "geen object"
    if not record.get("slug") or not record.get("name"):
        return "slug of naam ontbreekt"
    if record.get("kind") not in OrganisationKind.values:
        return f"onbekende soort: {record.get('kind')!r}"
    codes = record.get("working_area_codes") or []
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        return "werkgebied is geen lijst met gemeentecodes"
    return {
        field: record.get(field) or ([] if field == "working_area_codes" else "")
        for field in ORGANISATION_FIELDS
    }


def store_organisations(records: list, recorder: RunRecorder) -> None:
    """Create or update each organisation by slug; unusable records are rejected, not guessed."""
    for number, record in enumerate(records, start=1):
        recorder.read()
        fields = _clean(record)
        label = record.get("slug", number) if isinstance(record, dict) else number
        if isinstance(fields, str):
            recorder.reject(str(label), fields)
            continue
        organisation = Organisation.objects.filter(slug=record["slug"]).first()
        if organisation is None:
            Organisation.objects.create(slug=record["slug"], **fields)
        elif any(getattr(organisation, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(organisation, name, value)
            organisation.save()
        recorder.accept()


def load_organisations(path: Path | None = None) -> RunRecorder:
    """Load the organisations file inside a recorded import run (idempotent)."""
    path = path or DEFAULT_ORGANISATIONS_FILE
    with recording_import(
        command="load_organisations", source_key=ORGANISATIONS_SOURCE, path=path
    ) as recorder:
        store_organisations(read_organisations(path), recorder)
    return recorder


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    organisation_slug: str | None
    role: str | None
    is_admin: bool = False

    @property
    def email(self) -> str:
        """An address that can never be delivered (.invalid): password-reset mails for the
        demo users only appear on the console."""
        return f"{self.username}@demo.woonmonitor.invalid"

    @property
    def role_label(self) -> str:
        if self.is_admin:
            return "beheerder (staf en superuser, /beheer/)"
        return str(Role(self.role).label)


DEMO_USERS = (
    DemoUser("gemeente", "Drenthe-demo-gemeente-2025", "gemeente-borger-odoorn", Role.EDITOR),
    DemoUser("lezer", "Drenthe-demo-lezer-2025", "gemeente-hoogeveen", Role.READER),
    DemoUser("corporatie", "Drenthe-demo-corporatie-2025", "lefier", Role.EDITOR),
    DemoUser("huurders", "Drenthe-demo-huurders-2025", "t-huurdertje", Role.EDITOR),
    DemoUser("provincie", "Drenthe-demo-provincie-2025", "provincie-drenthe", Role.EDITOR),
    DemoUser("beheerder", "Drenthe-demo-beheerder-2025", None, None, is_admin=True),
)


def ensure_demo_user(
    demo: DemoUser, password: str | None = None
) -> tuple[User, Organisation | None]:
    """Create or update one demo user with exactly the demo membership; unlock its login."""
    user, _created = User.objects.get_or_create(username=demo.username)
    user.set_password(password or demo.password)
    user.email = user.email or demo.email
    user.is_staff = demo.is_admin
    user.is_superuser = demo.is_admin
    user.save()
    throttling.clear_login_failures(demo.username)
    if demo.organisation_slug is None:
        return user, None
    organisation = Organisation.objects.get(slug=demo.organisation_slug)
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": demo.role}
    )
    return user, organisation


def missing_demo_organisations() -> list[str]:
    wanted = {demo.organisation_slug for demo in DEMO_USERS if demo.organisation_slug}
    present = set(Organisation.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    return sorted(wanted - present)


def visible_members(user, organisation: Organisation) -> QuerySet[Membership]:
    """The memberships of an organisation that this user may see (empty if none)."""
    return (
        Membership.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def area_url(code: str) -> str:
    """The public page of a CBS area (``/gebieden/<code>/``)."""
    return reverse("areas:detail", kwargs={"code": code})


# ----------------------------------------------------------------------------- API tokens


@transaction.atomic
def create_api_token(
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for this user, and its secret: shown once, never stored."""
    prefix, secret = new_token()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=prefix,
        secret_hash=hash_token(secret),
        expires_at=expires_at,
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, token: ApiToken, now: datetime | None = None) -> ApiToken:
    """Revoke for good (idempotent: the first revocation time is kept)."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
