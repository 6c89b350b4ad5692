"""Load measurable targets for commitments from a JSON data file (all or nothing)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from woonmonitor.agreements import services

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "targets.json"


class Command(BaseCommand):
    help = "Laadt meetbare doelen bij afspraken uit een JSON-bestand."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            entries = json.loads(file.read_text(encoding="utf-8"))["targets"]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"{file}: geen geldig doelenbestand ({exc})") from exc
        saved, problems = services.load_targets(entries=entries)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} doelen afgewezen; er is niets gewijzigd.")
        self.stdout.write(self.style.SUCCESS(f"{saved} meetbare doelen geladen uit {file.name}."))
