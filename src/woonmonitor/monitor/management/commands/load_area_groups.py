"""Load the area groups (villages, clusters of wijken) of ``monitor/data/groups.json``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandParser

from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.group_loading import DEFAULT_PATH, read_groups, store_groups


class Command(ImportCommand):
    help = "Laad de gebiedsgroepen (dorpen, clusters van wijken) uit groups.json."
    source_key = "woonmonitor-gebiedsgroepen"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(
            parser, nargs="?", default=DEFAULT_PATH, help="Standaard: monitor/data/groups.json"
        )
        self.add_source_argument(parser)

    def handle(self, *args, file: Path, **options) -> None:
        self.path = file
        self.run_import(
            path=file,
            source_key=self.chosen_source_key(options),
            source=options["source"],
            work=self.load,
        )

    def load(self, recorder: RunRecorder) -> None:
        try:
            groups = read_groups(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise MalformedFile(f"Kan {self.path.name} niet lezen: {exc}") from exc
        except MalformedFile as exc:
            problems = "\n".join(f"  - {error}" for error in exc.errors)
            raise MalformedFile(f"{self.path.name} is ongeldig:\n{problems}") from exc
        recorder.read(len(groups))
        created, updated = store_groups(groups=groups)
        recorder.accept(created + updated)
        self.stdout.write(
            f"Gebiedsgroepen: {created} nieuw, {updated} bijgewerkt ({self.path.name})."
        )
