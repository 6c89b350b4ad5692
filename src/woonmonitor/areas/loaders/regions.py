"""Reader for the region definitions in ``areas/data/regions.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from woonmonitor.imports.errors import InvalidRow, MalformedFile

from .codes import normalise_code


@dataclass(frozen=True)
class RegionSpec:
    slug: str
    name: str
    description: str
    source: str
    municipality_codes: tuple[str, ...]


def read_regions(path: Path) -> list[RegionSpec]:
    """Parse and validate the regions file; any fault makes the whole file unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise MalformedFile(f"Geen geldige JSON in {path.name}: {exc}") from exc
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, list):
        raise MalformedFile(f"{path.name} heeft geen lijst 'regions'.")
    specs: list[RegionSpec] = []
    for index, item in enumerate(regions, start=1):
        if not isinstance(item, dict) or not item.get("slug") or not item.get("name"):
            raise MalformedFile(f"Regio {index} in {path.name} mist 'slug' of 'name'.")
        members = item.get("members")
        if not isinstance(members, list) or not members:
            raise MalformedFile(f"Regio {item['slug']} heeft geen lijst 'members'.")
        try:
            codes = tuple(
                sorted(
                    {
                        normalise_code(m.get("code") if isinstance(m, dict) else m, "gemeente")
                        for m in members
                    }
                )
            )
        except InvalidRow as exc:
            raise MalformedFile(f"Regio {item['slug']}: {exc}") from exc
        slug = str(item["slug"]).strip()
        if slugify(slug) != slug:
            raise MalformedFile(f"Ongeldige slug {slug!r}.")
        specs.append(
            RegionSpec(
                slug=slug,
                name=str(item["name"]).strip(),
                description=str(item.get("description", "")).strip(),
                source=str(item.get("source", "")).strip(),
                municipality_codes=codes,
            )
        )
    if len({spec.slug for spec in specs}) != len(specs):
        raise MalformedFile(f"Dubbele slug in {path.name}.")
    return specs
