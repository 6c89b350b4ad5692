"""Read a CBS StatLine export per gemeente keyed by NAME into monitor values (one import run).

    manage.py import_statline_gemeente Regionale_kerncijfers_Nederland_....csv [--indeling 2024]
    manage.py import_statline_gemeente Inkomen_van_huishoudens__regio_....csv

Names are matched to codes through the gemeenten of ONE vintage, the list of the same year as
the figures (``--indeling``, by default the year of the figures). When that list is not loaded,
the command says so and stops, unless ``--indeling`` names the list to use; the run then records
which list matched. Every name that matches no gemeente is listed in the run's rejections (or,
without figures, its skipped rows) and in the summary here: a code is never guessed.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from woonmonitor.areas.models import Area, Level
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.statline import (
    GemeenteNames,
    detect_shape,
    physical_lines,
    read_statline,
    unmatched_names,
    unwrap_doubled_quotes,
)
from woonmonitor.monitor.importers.statline import parse_period as statline_period

from ._values import ValueImportCommand

SOURCE_KEYS = {
    "regionale-kerncijfers": "cbs-regionale-kerncijfers",
    "inkomen-huishoudens": "cbs-inkomen-huishoudens-regio",
}


def file_head(path: Path) -> tuple[int, str]:
    """The year of the figures (the ``Perioden`` cell of the first data line) and the shape."""
    from woonmonitor.imports.files import csv_rows

    from ...importers.kwb_buurt import title

    rows = csv_rows(unwrap_doubled_quotes(physical_lines(path)), delimiter=";")
    header = [title(c) for c in next(rows, [])]
    shape = detect_shape(header)
    if "perioden" not in header:
        raise MalformedFile(f"{path.name}: kolom 'Perioden' ontbreekt.")
    at = header.index("perioden")
    for row in rows:
        if len(row) > at and row[at].strip():
            try:
                return statline_period(row[at])[0], shape
            except ValueError as exc:
                raise MalformedFile(f"{path.name}: {exc}") from exc
    raise MalformedFile(f"{path.name}: geen regels met een periode.")


class Command(ValueImportCommand):
    help = "Leest een StatLine-export per gemeentenaam (Regionale kerncijfers, inkomen) in."

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        parser.add_argument(
            "--indeling",
            type=int,
            default=None,
            help="Jaargang van de gemeentelijst voor de namen (standaard het jaar van de cijfers).",
        )
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path = self.existing_file(options)
        municipalities = self.municipalities(options["gemeenten"])
        with self.refused():
            period, shape = file_head(path)
        vintage = options["indeling"] or period
        names = GemeenteNames(
            Area.objects.filter(level=Level.MUNICIPALITY, vintage=vintage).values_list(
                "code", "name"
            ),
            vintage=vintage,
        )
        if not len(names):
            raise CommandError(
                f"Geen gemeentelijst van {vintage} geladen: de namen zijn niet te koppelen. Laad "
                "die lijst, of noem met --indeling de lijst die geldt (en zeg waarom)."
            )
        self.source_key = SOURCE_KEYS[shape]
        self.unmatched: list[str] = []

        def parse(recorder: RunRecorder) -> Parsed:
            _shape, parsed = read_statline(path, names=names, municipalities=municipalities)
            if vintage != period:
                parsed.warn(
                    "gemeentelijst",
                    f"cijfers over {period}, namen gekoppeld via de gemeentelijst van {vintage} "
                    "(--indeling); de waarden horen bij de gemeenten van die jaargang",
                )
            self.unmatched = unmatched_names(parsed)
            self.stdout.write(
                f"  {shape}, {period}; namen via de gemeentelijst van {vintage}: "
                f"{parsed.rows_accepted} gekoppeld, {len(self.unmatched)} niet gekoppeld"
                + (f" ({', '.join(self.unmatched)})" if self.unmatched else "")
                + f"; {parsed.skipped_rows} regels overgeslagen"
            )
            return parsed

        self.import_values(
            path=path,
            source=options["source"],
            vintage=vintage,
            value_vintage=vintage,
            parse=parse,
        )
        if self.unmatched:
            self.stdout.write(
                f"  NIET GEKOPPELD ({len(self.unmatched)}): {', '.join(self.unmatched)}"
            )
