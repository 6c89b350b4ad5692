"""Load CBS Kerncijfers wijken en buurten (inhabitants, homes, surface) for one vintage.

The format is detected from the content: the stripped JSON dict (code -> variables), a CBS
OData v3 TypedDataSet response, a CBS CSV export, or the tmap attributes CSV.

    manage.py load_kwb stripped_filtered_data_2024.json --vintage 2024 --gemeenten GM1681
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.management.base import CommandParser

from woonmonitor.areas import services
from woonmonitor.areas.importing import AreaImportCommand
from woonmonitor.areas.loaders.codes import in_municipalities, level_of
from woonmonitor.areas.loaders.kwb import KwbRecord, is_tmap_file, read_kwb
from woonmonitor.areas.models import Area
from woonmonitor.imports.errors import InvalidRow
from woonmonitor.imports.services import RunRecorder

NATIONAL_ROW = "land of provincie: de kerncijfers gaan over gemeenten, wijken en buurten"


class Command(AreaImportCommand):
    help = "Leest CBS Kerncijfers wijken en buurten (inwoners, woningen, oppervlakte) in."
    source_key = "cbs-kwb"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_vintage_argument(parser)
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        self.path = options["file"]
        self.vintage = options["vintage"]
        self.gemeenten = self.municipalities(options["gemeenten"])
        key = self.chosen_source_key(
            options, "cbs-kwb-tmap" if is_tmap_file(self.path) else self.source_key
        )
        self.source = options["source"]
        self.reference_date = date(self.vintage, 1, 1)
        self.run_import(
            path=self.path, source_key=key, source=self.source, vintage=self.vintage, work=self.load
        )

    def load(self, recorder: RunRecorder) -> None:
        fmt, records = read_kwb(self.path)
        self.stdout.write(f"Formaat herkend: {fmt}, {len(records)} rijen.")
        source = self.source or recorder.run.source
        touched: list[Area] = []
        self.figures: list[tuple[Area, str, Decimal]] = []
        outside = 0
        for item in records:
            if isinstance(item, InvalidRow):
                recorder.read()
                recorder.reject(item.row, str(item))
                continue
            if level_of(item.code) in ("land", "provincie"):
                recorder.read()
                recorder.skip(item.row, NATIONAL_ROW)
                continue
            if not in_municipalities(item.code, self.gemeenten):
                outside += 1
                continue
            recorder.read()
            self.progress(recorder)
            touched.append(self.save(item, recorder))
            recorder.accept()
        self.skip_outside(recorder, outside)
        services.save_key_figures(
            figures=self.figures,
            reference_date=self.reference_date,
            source=source,
            import_run=recorder.run,
        )
        services.link_to_parents(areas=touched)
        for area in touched:
            if area.parent_id is None and area.level != "gemeente":
                recorder.warn(area.code, "bovenliggend gebied niet gevonden in enige jaargang")
        services.relink_children(parents=touched)

    def save(self, record: KwbRecord, recorder: RunRecorder) -> Area:
        run = recorder.run
        area, _ = services.save_area(
            code=record.code, vintage=self.vintage, name=record.name, import_run=run
        )
        if area.level == "gemeente":
            if record.province_name:
                province = services.province_by_name(
                    name=record.province_name, vintage=self.vintage
                )
                services.set_parent(area=area, parent=province)
            if area.parent_id is None:
                recorder.warn(record.row, "provincie van deze gemeente onbekend")
        self.figures.extend((area, key, value) for key, value in record.figures.items())
        for key, reason in record.skipped.items():
            recorder.warn(record.row, f"{key} niet opgeslagen: {reason}")
        return area
