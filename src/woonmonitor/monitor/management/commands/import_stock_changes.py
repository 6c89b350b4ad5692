"""Read CBS 81955NED housing stock changes per gemeente into monitor values (one import run).

    manage.py import_stock_changes cbs_woningvoorraad_gemeenten_2012-2020.csv [--gemeenten GM1681]

The table uses the regional classification of each year, so every value belongs to the area
of its own year (vintage = period). Rows of a gemeente that did not exist in a year are all
empty: they are counted and skipped.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.core.management.base import CommandParser

from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.stock import read_stock_file

from ._values import ValueImportCommand


class Command(ValueImportCommand):
    help = "Leest de woningvoorraad en haar mutaties per gemeente (CBS 81955NED) in."
    source_key = "cbs-woningvoorraad-mutaties"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        municipalities = self.municipalities(options["gemeenten"])

        def parse(recorder: RunRecorder) -> Parsed:
            parsed = read_stock_file(path, municipalities=municipalities)
            for reason, count in sorted(Counter(reason for _, reason in parsed.skipped).items()):
                self.stdout.write(f"  {count} rijen overgeslagen: {reason}")
            return parsed

        self.import_values(
            path=path,
            source_key=self.chosen_source_key(options),
            source=options["source"],
            vintage=None,
            value_vintage=None,
            parse=parse,
        )
