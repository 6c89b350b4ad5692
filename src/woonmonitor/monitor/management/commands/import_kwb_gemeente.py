"""Read one yearly KWB gemeente file (original KWB column names) into monitor values.

    manage.py import_kwb_gemeente kwb2020_clean.csv [--gemeenten GM1681]

The year comes from the file's ``year`` column; each file is on the gemeente indeling of its own
year, so the values belong to the gemeenten of that vintage (created when new, with the names of
the file). WOZ is divided by 1000 (see ``importers/kwb_gemeente``).
"""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.kwb_gemeente import file_year, read_kwb_gemeente_file

from ._values import ValueImportCommand


class Command(ValueImportCommand):
    help = "Leest een jaarbestand met KWB-cijfers per gemeente (wonen, huishoudens) in."
    source_key = "cbs-kwb-gemeente-kolommen"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path = self.existing_file(options)
        municipalities = self.municipalities(options["gemeenten"])
        with self.refused():
            year = file_year(path)
        if year is None:
            raise CommandError(
                f"Import afgebroken, niets gewijzigd: {path.name} heeft geen kolom 'year' met een "
                "jaartal."
            )

        def parse(recorder: RunRecorder) -> Parsed:
            parsed = read_kwb_gemeente_file(path, municipalities=municipalities)
            self.stdout.write(f"  jaar {year}; {parsed.skipped_rows} regels overgeslagen")
            return parsed

        self.import_values(
            path=path,
            source=options["source"],
            vintage=year,
            value_vintage=None,
            parse=parse,
        )
