"""Read the PBL/CBS population prognosis per gemeente 2021-2030 into monitor values.

    manage.py import_prognosis plancapaciteit_databewijst.xlsx

Sheet "Bevolkingsprognose CBS", regional classification 2018, by gemeente *name*, in
thousands. Names are resolved to codes through the gemeenten already known (nearest vintage
to 2018 first: 2019, 2022, 2024), so load those first; a name that cannot be resolved is a
warning with the name, never a guess.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandParser

from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor import loading
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.prognosis import VINTAGE, read_prognosis_file, resolve_prognosis

from ._values import ValueImportCommand

NAME_VINTAGES = (2019, 2022, 2024)


class Command(ValueImportCommand):
    help = "Leest de PBL/CBS-bevolkingsprognose per gemeente (2021-2030) in."
    source_key = "pbl-cbs-prognose"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        municipalities = self.municipalities(options["gemeenten"])

        def parse(recorder: RunRecorder) -> Parsed:
            rows = read_prognosis_file(path)
            index = loading.municipality_names(NAME_VINTAGES, target=VINTAGE)
            parsed = resolve_prognosis(rows, index, municipalities=municipalities)
            unresolved = [m for _, m in parsed.warnings if m.endswith("niet ingelezen")]
            self.stdout.write(
                f"  {len(rows)} regels; {len(unresolved)} gemeentenamen niet te koppelen"
            )
            return parsed

        self.import_values(
            path=path,
            source_key=self.chosen_source_key(options),
            source=options["source"],
            vintage=VINTAGE,
            value_vintage=VINTAGE,
            parse=parse,
        )
