"""Load the named regions (groups of gemeenten) from regions.json.

manage.py load_regions [src/woonmonitor/areas/data/regions.json]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandParser

from woonmonitor.areas import services
from woonmonitor.areas.loaders.regions import read_regions
from woonmonitor.imports.services import RunRecorder

from ._base import ImportCommand

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "regions.json"
DEFAULT_SOURCE = "Regio-indeling Woonmonitor (Drentse Woonagenda, seed 000)"


class Command(ImportCommand):
    help = "Leest de regio's (groepen gemeenten) in; leden worden gelijkgemaakt aan het bestand."

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
        source = options["source"] or DEFAULT_SOURCE
        self.run_import(path=self.path, source=source, vintage=None, work=self.load)

    def load(self, recorder: RunRecorder) -> None:
        for spec in read_regions(self.path):
            recorder.read()
            services.save_region(spec=spec)
            recorder.accept()
