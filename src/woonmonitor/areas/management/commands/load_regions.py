"""Load the named regions (groups of gemeenten) from regions.json.

manage.py load_regions [src/woonmonitor/areas/data/regions.json]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandParser

from woonmonitor.areas import services
from woonmonitor.areas.loaders.regions import read_regions
from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.services import RunRecorder

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "regions.json"


class Command(ImportCommand):
    help = "Leest de regio's (groepen gemeenten) in; leden worden gelijkgemaakt aan het bestand."
    source_key = "woonmonitor-regio-indeling"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            type=Path,
            nargs="?",
            default=DEFAULT_FILE,
            help="Standaard: areas/data/regions.json",
        )
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
        for spec in read_regions(self.path):
            recorder.read()
            services.save_region(spec=spec)
            recorder.accept()
