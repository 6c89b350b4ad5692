"""Load the area groups (villages, clusters of wijken) of ``monitor/data/groups.json``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from woonmonitor.monitor.group_loading import (
    DEFAULT_PATH,
    GroupFileError,
    read_groups,
    store_groups,
)


class Command(BaseCommand):
    help = "Laad de gebiedsgroepen (dorpen, clusters van wijken) uit groups.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            groups = read_groups(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Kan {path} niet lezen: {exc}") from exc
        except GroupFileError as exc:
            problems = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(f"{path} is ongeldig:\n{problems}") from exc
        created, updated = store_groups(groups=groups)
        self.stdout.write(f"Gebiedsgroepen: {created} nieuw, {updated} bijgewerkt ({path.name}).")
