"""Read a Kerncijfers wijken en buurten file into monitor values (one import run).

    manage.py import_kwb_values stripped_filtered_data_2024.json --vintage 2024
    manage.py import_kwb_values kwb2022_gm_wk_attributes_nl.csv --vintage 2022 --gemeenten GM1681
    manage.py import_kwb_values kwb-2019.csv --vintage 2019

The shape is detected from the content: a CBS OData response, the stripped JSON, a StatLine
CSV (columns mapped to indicators through the catalogue's ``source_variable``), the tmap
attributes CSV (2022) or the renamed KWB 2019 gemeente CSV.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor import loading
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.kwb import read_kwb_file
from woonmonitor.monitor.importers.kwb2019 import read_kwb2019_file
from woonmonitor.monitor.importers.tmap import read_tmap_file

from ._values import ValueImportCommand

#: The source (a key of imports/data/sources.toml) of each shape of file.
SOURCE_KEYS = {"tmap": "cbs-kwb-tmap", "kwb2019": "cbs-kwb-hernoemd", "cbs": "cbs-kwb"}


def detect_csv_kind(path: Path) -> str:
    """``tmap``, ``kwb2019`` or ``cbs`` (anything CBS-shaped, JSON or StatLine CSV)."""
    try:
        with path.open("r", encoding="utf-8-sig") as handle:
            first = handle.readline()
    except UnicodeDecodeError as exc:
        raise MalformedFile(f"{path.name} is geen UTF-8-tekst.") from exc
    columns = {part.strip().strip('"') for part in first.replace(";", ",").split(",")}
    if {"code", "population", "dwelling_total"} <= columns:
        return "tmap"
    if {"unique_id", "population"} <= columns:
        return "kwb2019"
    return "cbs"


class Command(ValueImportCommand):
    help = "Leest een bestand met Kerncijfers wijken en buurten in als monitorwaarden."
    source_key = "cbs-kwb"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_vintage_argument(parser)
        parser.add_argument(
            "--period", type=int, default=None, help="Jaar van de cijfers (standaard de jaargang)."
        )
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        vintage: int = options["vintage"]
        period: int = options["period"] or vintage
        municipalities = self.municipalities(options["gemeenten"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        with self.refused():
            kind = detect_csv_kind(path)
        source_key = self.chosen_source_key(options, SOURCE_KEYS[kind])

        def parse(recorder: RunRecorder) -> Parsed:
            shape = kind
            if kind == "tmap":
                parsed = read_tmap_file(path, period=period, municipalities=municipalities)
            elif kind == "kwb2019":
                parsed = read_kwb2019_file(path, period=period, municipalities=municipalities)
            else:
                variables = loading.kwb_variables()
                if not variables:
                    raise MalformedFile(
                        "De catalogus noemt geen CBS-variabelen: laad eerst de indicatoren "
                        "(manage.py load_indicators)."
                    )
                shape, parsed = read_kwb_file(
                    path, variables=variables, period=period, municipalities=municipalities
                )
            self.stdout.write(f"  vorm: {shape}")
            return parsed

        self.import_values(
            path=path,
            source_key=source_key,
            source=options["source"],
            vintage=vintage,
            value_vintage=vintage,
            parse=parse,
        )
