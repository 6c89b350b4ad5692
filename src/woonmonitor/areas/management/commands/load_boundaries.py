"""Load area boundaries of one level and vintage from a GeoJSON file.

Examples::

    manage.py load_boundaries NLD_prov_2022_rd.geojson --vintage 2022 --level provincie --only PV22
    manage.py load_boundaries wijk_2022.geojson --vintage 2022 --level wijk --gemeenten GM1681
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import CommandError, CommandParser

from woonmonitor.areas import services
from woonmonitor.areas.importing import OUTSIDE_GEMEENTEN, AreaImportCommand
from woonmonitor.areas.loaders.codes import in_municipalities, parse_code_list
from woonmonitor.areas.loaders.geojson import (
    BoundaryRecord,
    detect_crs,
    iter_records,
    read_collection,
    simplified_geometry,
)
from woonmonitor.areas.loaders.geometry import DEFAULT_TOLERANCE, WGS84
from woonmonitor.areas.models import Area
from woonmonitor.imports.errors import InvalidRow
from woonmonitor.imports.services import RunRecorder

LEVELS = ("provincie", "gemeente", "wijk", "buurt")


NOT_CHOSEN = "niet bij de gekozen codes (--only)"


class Command(AreaImportCommand):
    help = "Leest gebiedsgrenzen (GeoJSON) van één niveau en jaargang in."
    source_key = "cbs-pdok-grenzen"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_vintage_argument(parser)
        parser.add_argument(
            "--level", required=True, choices=LEVELS, help="Niveau van de gebieden."
        )
        self.add_gemeenten_argument(parser)
        parser.add_argument("--only", default="", help="Alleen deze codes, bijv. PV22,PV23.")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=None,
            help="Vereenvoudiging in graden (standaard 0.001 voor provincie/gemeente, "
            "0.0005 voor wijk/buurt; 0 = niet vereenvoudigen).",
        )
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path = self.path = options["file"]
        self.vintage = options["vintage"]
        self.level = options["level"]
        self.gemeenten = self.municipalities(options["gemeenten"])
        try:
            self.only = parse_code_list(options["only"])
        except ValueError as exc:
            raise CommandError(f"Ongeldige --only: {exc}") from exc
        tolerance = options["tolerance"]
        self.tolerance = DEFAULT_TOLERANCE[self.level] if tolerance is None else tolerance
        self.source = options["source"]
        self.run_import(
            path=path,
            source_key=self.chosen_source_key(options),
            source=self.source,
            vintage=self.vintage,
            work=self.load,
        )

    def outside(self, code: str) -> str:
        """Why a feature is left out ("" when it is wanted)."""
        if self.only and code not in self.only:
            return NOT_CHOSEN
        if self.level == "provincie" or in_municipalities(code, self.gemeenten):
            return ""
        return OUTSIDE_GEMEENTEN

    def load(self, recorder: RunRecorder) -> None:
        collection = read_collection(self.path)
        source_crs = detect_crs(collection)
        if source_crs != WGS84:
            self.stdout.write(f"Coördinaten in {source_crs}: omgerekend naar WGS84.")
        source = self.source or recorder.run.source
        touched: list[Area] = []
        skipped: Counter[str] = Counter()
        for item in iter_records(collection, self.level):
            if isinstance(item, InvalidRow):
                recorder.read()
                recorder.reject(item.row, str(item))
                continue
            reason = self.outside(item.code)
            if reason:
                skipped[reason] += 1
                continue
            recorder.read()
            self.progress(recorder)
            try:
                geometry = simplified_geometry(
                    item, source_crs=source_crs, tolerance=self.tolerance
                )
            except InvalidRow as exc:
                recorder.reject(item.row, str(exc))
                continue
            area = self.save_area(item, recorder)
            if geometry is None:
                recorder.warn(
                    item.row, "geen geometrie (null of leeg): gebied zonder grens opgeslagen"
                )
            else:
                services.set_boundary(
                    area=area, geometry=geometry, source=source, import_run=recorder.run
                )
            touched.append(area)
            recorder.accept()
        for reason, count in sorted(skipped.items()):
            self.skip_outside(recorder, count, reason)
        self.link(touched, recorder)

    def save_area(self, record: BoundaryRecord, recorder: RunRecorder) -> Area:
        run = recorder.run
        if self.level == "provincie":
            return services.save_province(
                code=record.code, vintage=self.vintage, name=record.name, import_run=run
            )
        area, _ = services.save_area(
            code=record.code, vintage=self.vintage, name=record.name, import_run=run
        )
        if self.level == "gemeente":
            province = None
            if record.province_code:
                province = services.province_by_code(
                    code=record.province_code, vintage=self.vintage
                )
            elif record.province_name:
                province = services.province_by_name(
                    name=record.province_name, vintage=self.vintage
                )
            services.set_parent(area=area, parent=province)
            if area.parent_id is None:
                label = record.province_name or record.province_code or "niet in het bestand"
                recorder.warn(record.row, f"provincie onbekend ({label}): geen bovenliggend gebied")
        return area

    def link(self, touched: list[Area], recorder: RunRecorder) -> None:
        if self.level in ("wijk", "buurt"):
            services.link_to_parents(areas=touched)
            for area in touched:
                if area.parent_id is None:
                    recorder.warn(area.code, "bovenliggend gebied niet gevonden in enige jaargang")
        services.relink_children(parents=touched)
