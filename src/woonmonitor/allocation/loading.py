"""Loading the allocation app's reference data: the priority groups with their definitions
(``data/groups.toml``) and the national half-year numbers of statushouders
(``data/national_numbers.toml``). Touches the database; each loader is idempotent: a second run
changes nothing, a changed definition text or number is updated in place only while no task
was set under it (a definition with tasks is kept; a new text needs a new ``valid_from``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Group, GroupDefinition, NationalNumber

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.created} nieuw, {self.updated} bijgewerkt, {self.unchanged} ongewijzigd"
        if self.kept:
            text += f"; bewaard omdat er taken onder vallen: {', '.join(self.kept)}"
        return text


def _read(name: str) -> dict:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def load_groups(*, path: Path | None = None) -> LoadResult:
    """Create or update the groups and their definitions from ``groups.toml``."""
    with (path or DATA / "groups.toml").open("rb") as handle:
        data = tomllib.load(handle)
    result = LoadResult()
    for entry in data["group"]:
        values = {
            "name": entry["name"],
            "unit": entry["unit"],
            "statutory": entry.get("statutory", False),
            "half_yearly": entry.get("half_yearly", False),
            "order": entry.get("order", 0),
        }
        group, created = Group.objects.get_or_create(key=entry["key"], defaults=values)
        if created:
            result.created += 1
        elif any(getattr(group, name) != value for name, value in values.items()):
            Group.objects.filter(pk=group.pk).update(**values)
            result.updated += 1
        else:
            result.unchanged += 1
        for item in entry.get("definition", []):
            _load_definition(group, item, result)
    return result


def _load_definition(group: Group, item: dict, result: LoadResult) -> None:
    text = " ".join(item["text"].split())
    definition = GroupDefinition.objects.filter(group=group, valid_from=item["valid_from"]).first()
    if definition is None:
        GroupDefinition.objects.create(
            group=group, valid_from=item["valid_from"], text=text, source=item["source"]
        )
        result.created += 1
    elif (definition.text, definition.source) == (text, item["source"]):
        result.unchanged += 1
    elif definition.tasks.exists():
        result.kept.append(str(definition))
    else:
        definition.text, definition.source = text, item["source"]
        definition.save(update_fields=["text", "source"])
        result.updated += 1


@transaction.atomic
def load_national_numbers(*, path: Path | None = None) -> LoadResult:
    """Create or update the national half-year numbers from ``national_numbers.toml``.

    A number an administrator entered for a half-year the file does not list is left alone.
    """
    with (path or DATA / "national_numbers.toml").open("rb") as handle:
        data = tomllib.load(handle)
    result = LoadResult()
    for entry in data["half_year"]:
        values = {
            "number": entry.get("number"),
            "national_backlog": entry.get("national_backlog"),
            "announced_on": entry.get("announced_on"),
            "source": entry["source"],
            "note": entry.get("note", ""),
        }
        number, created = NationalNumber.objects.get_or_create(
            year=entry["year"], half=entry["half"], defaults=values
        )
        if created:
            result.created += 1
        elif any(getattr(number, name) != value for name, value in values.items()):
            NationalNumber.objects.filter(pk=number.pk).update(**values)
            result.updated += 1
        else:
            result.unchanged += 1
    return result
