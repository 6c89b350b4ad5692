"""Reading and storing the area groups of ``monitor/data/groups.json`` (``load_area_groups``).

``read_groups`` is pure and says what is wrong with the file (an ``imports.errors.MalformedFile``
listing every problem); ``store_groups`` writes in one
transaction: a group is created or updated by its slug, groups not in the file are left alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from woonmonitor.areas.loaders.codes import level_of
from woonmonitor.imports.errors import MalformedFile

from .models import AreaGroup

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "groups.json"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class GroupSpec:
    slug: str
    name: str
    kind: str
    description: str
    source: str
    member_codes: tuple[str, ...]


def read_groups(text: str) -> list[GroupSpec]:
    """The groups in a groups file; every problem at once in a ``MalformedFile`` (``errors``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedFile([f"geen geldige JSON: {exc}"]) from exc
    errors: list[str] = []
    specs: list[GroupSpec] = []
    seen: set[str] = set()
    for index, item in enumerate(data.get("groups", []) if isinstance(data, dict) else []):
        where = f"groep {index + 1}"
        slug = str(item.get("slug", ""))
        codes = [str(code).upper() for code in item.get("member_codes", [])]
        if not SLUG.match(slug):
            errors.append(f"{where}: ongeldige slug {slug!r}")
        elif slug in seen:
            errors.append(f"{where}: slug {slug!r} komt twee keer voor")
        seen.add(slug)
        if not item.get("name"):
            errors.append(f"{where}: naam ontbreekt")
        if item.get("kind") not in AreaGroup.Kind.values:
            errors.append(f"{where}: soort moet een van {', '.join(AreaGroup.Kind.values)} zijn")
        if not item.get("source"):
            errors.append(f"{where}: bron ontbreekt (waaruit blijkt de samenstelling?)")
        if len(codes) < 2:
            errors.append(f"{where}: een groep heeft minstens twee leden")
        bad = [code for code in codes if level_of(code) not in ("wijk", "buurt")]
        if bad:
            errors.append(f"{where}: geen wijk- of buurtcode: {', '.join(bad)}")
        if len(set(codes)) != len(codes):
            errors.append(f"{where}: een lid staat er twee keer in")
        specs.append(
            GroupSpec(
                slug,
                str(item.get("name", "")),
                str(item.get("kind", "")),
                str(item.get("description", "")),
                str(item.get("source", "")),
                tuple(codes),
            )
        )
    if not specs and not errors:
        errors.append("het bestand bevat geen groepen")
    if errors:
        raise MalformedFile(errors)
    return specs


@transaction.atomic
def store_groups(*, groups: list[GroupSpec]) -> tuple[int, int]:
    """Create or update the groups by slug; returns (created, updated)."""
    created = updated = 0
    for spec in groups:
        _group, was_created = AreaGroup.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "description": spec.description,
                "source": spec.source,
                "member_codes": list(spec.member_codes),
            },
        )
        created += was_created
        updated += not was_created
    return created, updated
