"""Read a CBS maatwerk table per gemeente or wijk into monitor values (one import run).

    manage.py import_maatwerk kvk2020-wb2023.csv
    manage.py import_maatwerk gem-autobezit-huishouden_2023_wijk.csv [--gemeenten GM1681]

Income per gemeente and wijk (the title names the year of the income and the gemeente indeling)
or cars per household per gemeente or wijk (the title names the reference date); see
``importers/maatwerk``. The values belong to the areas of the table's indeling (created when
new, wijken under their gemeente of that vintage).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandParser

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.files import csv_rows
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.maatwerk import read_cars, read_income

from ._values import ValueImportCommand

SOURCE_KEYS = {"inkomen": "cbs-maatwerk-inkomen-wijk", "autobezit": "cbs-maatwerk-autobezit"}


def detect_kind(path: Path) -> str:
    """``inkomen`` or ``autobezit`` from the title and header lines."""
    head = []
    for row in csv_rows(path, delimiter=";"):
        head.append(" ".join(row).lower())
        if len(head) >= 20:
            break
    text = " ".join(head)
    if "personenauto's per huishouden" in text:
        return "autobezit"
    if "persoonlijk inkomen" in text or "gemeentecode wijkcode regionaam" in " ".join(text.split()):
        return "inkomen"
    raise MalformedFile(
        f"{path.name}: geen CBS-maatwerktabel inkomen of autobezit per gemeente en wijk."
    )


class Command(ValueImportCommand):
    help = "Leest een CBS-maatwerktabel (inkomen of autobezit per gemeente en wijk) in."

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path = self.existing_file(options)
        municipalities = self.municipalities(options["gemeenten"])
        with self.refused():
            kind = detect_kind(path)
            reader = read_income if kind == "inkomen" else read_cars
            parsed = reader(path, municipalities=municipalities)

        self.source_key = SOURCE_KEYS[kind]

        def parse(recorder: RunRecorder) -> Parsed:
            self.stdout.write(
                f"  {kind} {parsed.period} op de indeling van {parsed.vintage}; "
                f"{parsed.skipped_rows} regels overgeslagen"
            )
            return parsed

        self.import_values(
            path=path,
            source=options["source"],
            vintage=parsed.vintage,
            value_vintage=parsed.vintage,
            parse=parse,
        )
