"""Load the national rent thresholds per year (huurprijsgrenzen.csv).

manage.py load_rent_thresholds /work/shared/data/huurprijsgrenzen/huurprijsgrenzen.csv
"""

from __future__ import annotations

from django.core.management.base import CommandParser

from woonmonitor.housing.services import parse_rent_thresholds, save_rent_thresholds
from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.services import RunRecorder


class Command(ImportCommand):
    help = "Leest de huurprijsgrenzen per jaar in (met bron en verificatiestatus)."
    source_key = "huurprijsgrenzen"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        self.path = options["file"]
        self.run_import(
            path=self.path,
            source_key=self.chosen_source_key(options),
            source=options["source"],
            work=self.load,
        )

    def load(self, recorder: RunRecorder) -> None:
        for item in parse_rent_thresholds(self.path):
            recorder.read()
            if isinstance(item, tuple):
                recorder.reject(*item)
                continue
            save_rent_thresholds(values=item.values, import_run=recorder.run)
            recorder.accept()
