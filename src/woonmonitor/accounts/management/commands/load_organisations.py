"""Load the organisations named in the seed documents (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from woonmonitor.accounts.services import DEFAULT_ORGANISATIONS_FILE, load_organisations
from woonmonitor.imports.services import MalformedFile


class Command(BaseCommand):
    help = (
        "Laadt de organisaties uit de brondocumenten (standaard accounts/data/organisations.json)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            type=Path,
            default=DEFAULT_ORGANISATIONS_FILE,
            help="JSON-bestand met organisaties",
        )

    def handle(self, *args, file: Path, **options) -> None:
        try:
            recorder = load_organisations(file)
        except MalformedFile as exc:
            raise CommandError(str(exc)) from exc
        for rejection in recorder.rejections:
            self.stderr.write(f"Afgewezen {rejection['row']}: {rejection['reason']}")
        self.stdout.write(self.style.SUCCESS(f"Organisaties geladen: {recorder.summary()}"))
