"""Load the national rent thresholds per year (huurprijsgrenzen.csv).

manage.py load_rent_thresholds /work/shared/data/huurprijsgrenzen/huurprijsgrenzen.csv
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from woonmonitor.housing.services import parse_rent_thresholds, save_rent_thresholds
from woonmonitor.imports.services import MalformedFile, recording_import

DEFAULT_SOURCE = "Huurprijsgrenzen per jaar, samengesteld uit openbare bronnen (kolom bron)"


class Command(BaseCommand):
    help = "Leest de huurprijsgrenzen per jaar in (met bron en verificatiestatus)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default=DEFAULT_SOURCE)

    def handle(self, *args, **options) -> None:
        path = options["file"]
        try:
            with recording_import(
                command="load_rent_thresholds", source=options["source"], path=path
            ) as recorder:
                for item in parse_rent_thresholds(path):
                    recorder.read()
                    if isinstance(item, tuple):
                        recorder.reject(*item)
                        continue
                    save_rent_thresholds(values=item.values, import_run=recorder.run)
                    recorder.accept()
        except MalformedFile as exc:
            raise CommandError(f"Import afgebroken, niets gewijzigd: {exc}") from exc
        self.stdout.write(f"load_rent_thresholds {path.name}: {recorder.summary()}")
