"""Load provinces and the province of each gemeente from KoppelCodes.csv for one vintage.

manage.py load_municipality_provinces KoppelCodes.csv --vintage 2024 --gemeenten GM1681
"""

from __future__ import annotations

from django.core.management.base import CommandParser

from woonmonitor.areas import services
from woonmonitor.areas.importing import AreaImportCommand
from woonmonitor.areas.loaders.codes import in_municipalities
from woonmonitor.areas.loaders.koppelcodes import read_municipality_provinces
from woonmonitor.areas.models import Area
from woonmonitor.imports.errors import InvalidRow
from woonmonitor.imports.services import RunRecorder


class Command(AreaImportCommand):
    help = "Leest provincies en de provincie van elke gemeente in (KoppelCodes.csv)."
    source_key = "koppeltabel-gemeente-provincie"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_vintage_argument(parser)
        self.add_gemeenten_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        self.path = options["file"]
        self.vintage = options["vintage"]
        self.gemeenten = self.municipalities(options["gemeenten"])
        self.run_import(
            path=self.path,
            source_key=self.chosen_source_key(options),
            source=options["source"],
            vintage=self.vintage,
            work=self.load,
        )

    def load(self, recorder: RunRecorder) -> None:
        run = recorder.run
        provinces: dict[str, Area] = {}
        touched: list[Area] = []
        outside = 0
        for item in read_municipality_provinces(self.path):
            if isinstance(item, InvalidRow):
                recorder.read()
                recorder.reject(item.row, str(item))
                continue
            if not in_municipalities(item.municipality_code, self.gemeenten):
                outside += 1
                continue
            recorder.read()
            self.progress(recorder)
            province = provinces.get(item.province_code)
            if province is None:
                province = services.save_province(
                    code=item.province_code,
                    vintage=self.vintage,
                    name=item.province_name,
                    import_run=run,
                )
                provinces[item.province_code] = province
            area = Area.objects.filter(code=item.municipality_code, vintage=self.vintage).first()
            if area is None:
                area, _ = services.save_area(
                    code=item.municipality_code,
                    vintage=self.vintage,
                    name=item.municipality_name,
                    import_run=run,
                )
            services.set_parent(area=area, parent=province)
            touched.append(area)
            recorder.accept()
        self.skip_outside(recorder, outside)
        services.relink_children(parents=touched)
