"""Use the boundaries of an earlier year for the areas of a later year that CBS says did not
change (KWB indelingswijziging 1: code and boundary the same as the year before).

    manage.py carry_boundaries buurt_2023_GM1681_wgs84.geojson --from-vintage 2023 \
        --kwb Kerncijfers_wijken_en_buurten_2024_geslachten.csv --vintage 2024 --level buurt

Only consecutive years (the indelingswijziging compares with the year before). A feature whose
code is not in the later year's areas, whose indelingswijziging is not 1, or that has no
geometry is skipped with the reason: that area gets no shape. The boundary's source says which
year it is from and why it is used.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from woonmonitor.areas import services
from woonmonitor.areas.importing import AreaImportCommand
from woonmonitor.areas.loaders.codes import in_municipalities
from woonmonitor.areas.loaders.geojson import (
    BoundaryRecord,
    detect_crs,
    iter_records,
    read_collection,
    simplified_geometry,
)
from woonmonitor.areas.loaders.geometry import DEFAULT_TOLERANCE
from woonmonitor.areas.models import Area
from woonmonitor.imports.errors import InvalidRow
from woonmonitor.imports.services import RunRecorder
from woonmonitor.imports.sources import resolve
from woonmonitor.monitor.importers.kwb_buurt import UNCHANGED, read_kwb_buurt

LEVELS = ("gemeente", "wijk", "buurt")


def carried_source(citation: str, earlier: int, later: int) -> str:
    return (
        f"{citation}, grens {earlier} gebruikt voor {later}: CBS meldt in de Kerncijfers wijken en "
        f"buurten {later} indelingswijziging 1 (code en afbakening ongewijzigd)"
    )[:300]


class Command(AreaImportCommand):
    help = "Gebruikt grenzen van het jaar ervoor voor gebieden die volgens CBS niet veranderden."
    source_key = "cbs-pdok-grenzen"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        parser.add_argument("--from-vintage", type=int, required=True)
        self.add_vintage_argument(parser)
        parser.add_argument("--level", required=True, choices=LEVELS)
        parser.add_argument(
            "--kwb", type=Path, required=True, help="KWB-export met de indelingswijziging."
        )
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        self.path: Path = options["file"]
        self.earlier, self.later = options["from_vintage"], options["vintage"]
        if self.later != self.earlier + 1:
            raise CommandError(
                "Alleen opeenvolgende jaren: de indelingswijziging vergelijkt met het jaar ervoor."
            )
        self.level = options["level"]
        self.kwb = Path(options["kwb"])
        if not self.kwb.is_file():
            raise CommandError(f"Bestand niet gevonden: {self.kwb}")
        self.gemeenten = self.municipalities(options["gemeenten"])
        self.source = carried_source(
            options["source"] or resolve(self.source_key, self.earlier).citation,
            self.earlier,
            self.later,
        )
        self.run_import(path=self.path, source=self.source, vintage=self.later, work=self.load)

    def load(self, recorder: RunRecorder) -> None:
        changes = read_kwb_buurt(self.kwb, period=self.later).changes
        collection = read_collection(self.path)
        source_crs = detect_crs(collection)
        areas = {
            area.code: area for area in Area.objects.filter(vintage=self.later, level=self.level)
        }
        for item in iter_records(collection, self.level):
            recorder.read()
            if not isinstance(item, BoundaryRecord):
                recorder.reject(getattr(item, "row", "?"), str(item))
                continue
            if self.gemeenten and not in_municipalities(item.code, self.gemeenten):
                recorder.skip(item.row, "buiten de gekozen gemeenten")
                continue
            change = changes.get(item.code)
            area = areas.get(item.code)
            if area is None:
                recorder.skip(item.row, f"{item.code} bestaat niet in {self.later}: geen grens")
                continue
            if change != UNCHANGED:
                recorder.skip(
                    item.row,
                    f"indelingswijziging {change or 'onbekend'} in {self.later}: de grens van "
                    f"{self.earlier} geldt niet, geen grens",
                )
                continue
            try:
                geometry = simplified_geometry(
                    item, source_crs=source_crs, tolerance=DEFAULT_TOLERANCE[self.level]
                )
            except InvalidRow as exc:
                recorder.reject(item.row, str(exc))
                continue
            if geometry is None:
                recorder.skip(item.row, "geen geometrie in de bron (null of leeg): geen grens")
                continue
            services.set_boundary(
                area=area, geometry=geometry, source=self.source, import_run=recorder.run
            )
            recorder.accept()
