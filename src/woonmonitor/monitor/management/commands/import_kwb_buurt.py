"""Read the KWB StatLine exports per buurt (whole country) into monitor values (one import run).

    manage.py import_kwb_buurt Kerncijfers_..._geslachten.csv --period 2024 \
        --origin Kerncijfers_..._141648.csv [--gemeenten GM1681]

Gemeenten, wijken and buurten of the year are created where new (in bulk, each buurt under its
wijk of the same year, with the names of the file). The origin export has no code column and is
joined by row order only when every line agrees (``importers/kwb_buurt``). CBS's
indelingswijziging is kept as continuity: code 1 (unchanged) or 3 (boundary changed) between the
previous year's area and this year's, where both are loaded.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from woonmonitor.imports.services import RunRecorder
from woonmonitor.imports.sources import resolve
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.kwb_buurt import read_kwb_buurt
from woonmonitor.monitor.loading.indeling import record_indeling_continuity

from ._values import ValueImportCommand


class Command(ValueImportCommand):
    help = "Leest de Kerncijfers wijken en buurten per buurt (StatLine-exports) in."
    source_key = "cbs-kwb-buurt-statline"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        parser.add_argument(
            "--period", type=int, required=True, help="Jaar (en jaargang) van de cijfers."
        )
        parser.add_argument(
            "--origin", type=Path, default=None, help="De export met herkomst (zonder codes)."
        )
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        origin = Path(options["origin"]) if options["origin"] else None
        period: int = options["period"]
        for item in (path, origin):
            if item is not None and not item.is_file():
                raise CommandError(f"Bestand niet gevonden: {item}")
        municipalities = self.municipalities(options["gemeenten"])
        self.changes: dict[str, str] = {}

        def parse(recorder: RunRecorder) -> Parsed:
            found = read_kwb_buurt(path, origin, period=period, municipalities=municipalities)
            self.changes = found.changes
            self.stdout.write(
                f"  {len(found.kinds)} gebieden; herkomst "
                f"{'gekoppeld op regelvolgorde (elke regel klopt)' if origin else 'niet gegeven'}"
            )
            return found.parsed

        def after(recorder: RunRecorder, parsed: Parsed) -> None:
            source = resolve(self.source_key, period).citation
            recorded, unchanged = record_indeling_continuity(
                self.changes, vintage=period, source=source
            )
            self.stdout.write(
                f"  continuïteit uit de indelingswijziging ({period - 1}-{period}): "
                f"{recorded} vastgelegd, {unchanged} ongewijzigd"
            )

        self.import_values(
            path=path,
            source=options["source"],
            vintage=period,
            value_vintage=period,
            parse=parse,
            after=after,
        )
