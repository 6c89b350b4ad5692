"""Load the organisations named in the seed documents (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandParser

from woonmonitor.accounts.services import (
    DEFAULT_ORGANISATIONS_FILE,
    ORGANISATIONS_SOURCE,
    read_organisations,
    store_organisations,
)
from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.services import RunRecorder


class Command(ImportCommand):
    help = (
        "Laadt de organisaties uit de brondocumenten (standaard accounts/data/organisations.json)."
    )
    source_key = ORGANISATIONS_SOURCE

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(
            parser,
            nargs="?",
            default=DEFAULT_ORGANISATIONS_FILE,
            help="JSON-bestand met organisaties",
        )

    def handle(self, *args, file: Path, **options) -> None:
        self.path = file
        recorder = self.run_import(path=file, work=self.load)
        for rejection in recorder.rejections:
            self.stderr.write(f"Afgewezen {rejection['row']}: {rejection['reason']}")

    def load(self, recorder: RunRecorder) -> None:
        store_organisations(read_organisations(self.path), recorder)
