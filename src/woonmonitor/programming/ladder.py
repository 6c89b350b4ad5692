"""The phase ladder as versioned data (``data/phases.toml``). Reads and writes the database.

``load_ladders`` brings the ladders of the TOML file into the database (idempotent: a rung's
name and definition may be corrected; a rung in use by a project is never removed or given
another certainty: make a new version instead). ``current_ladder`` is the ladder in force on a
date; ``phase_by_name`` resolves a phase written in a plan list or the woningbouwkaart.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

from django.db import transaction

from .models import Phase, PhaseLadder

DATA = Path(__file__).resolve().parent / "data" / "phases.toml"


class LadderError(ValueError):
    pass


@transaction.atomic
def load_ladders(path: Path = DATA) -> str:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    ladders = phases = 0
    for item in data.get("ladder", []):
        ladder, _created = PhaseLadder.objects.update_or_create(
            version=str(item["version"]),
            defaults={
                "name": item["name"],
                "valid_from": item["valid_from"],
                "source": item["source"],
            },
        )
        ladders += 1
        keys = []
        for order, rung in enumerate(item["phase"], start=1):
            keys.append(rung["key"])
            existing = Phase.objects.filter(ladder=ladder, key=rung["key"]).first()
            certainty = rung.get("certainty", "")
            if existing and existing.certainty != certainty and existing.projects.exists():
                raise LadderError(
                    f"fase {rung['key']} van fasering {ladder.version} is in gebruik: "
                    "hard/zacht verandert alleen in een nieuwe versie"
                )
            Phase.objects.filter(ladder=ladder, order=order).exclude(key=rung["key"]).update(
                order=1000 + order
            )
            Phase.objects.update_or_create(
                ladder=ladder,
                key=rung["key"],
                defaults={
                    "order": order,
                    "name": rung["name"],
                    "definition": rung["definition"],
                    "certainty": certainty,
                    "realised": rung.get("realised", False),
                    "dropped": rung.get("dropped", False),
                },
            )
            phases += 1
        stale = Phase.objects.filter(ladder=ladder).exclude(key__in=keys)
        if stale.filter(projects__isnull=False).exists():
            raise LadderError(f"fasering {ladder.version}: een fase in gebruik is uit het bestand")
        stale.delete()
    return f"{ladders} fasering(en) met {phases} fasen"


def current_ladder(on: datetime.date | None = None) -> PhaseLadder | None:
    ladders = PhaseLadder.objects.order_by("-valid_from")
    if on is not None:
        ladders = ladders.filter(valid_from__lte=on)
    return ladders.first()


def phases(ladder: PhaseLadder | None = None) -> list[Phase]:
    ladder = ladder or current_ladder()
    if ladder is None:
        return []
    return list(ladder.phases.order_by("order"))


def phase_by_name(text: str, ladder: PhaseLadder | None = None) -> Phase | None:
    """The rung whose key or name is ``text`` (without case); ``None`` when there is none."""
    wanted = " ".join(text.split()).lower()
    for phase in phases(ladder):
        if wanted in (phase.key.lower(), phase.name.lower()):
            return phase
    return None
