"""Read the published plan capacity per municipality of 2021 into ``PlanCapacity``.

    manage.py import_plan_capacity plancapaciteit_databewijst.xlsx

Sheet ``plancapaciteit_nl`` (Data Bewijst / Follow the Money 2021, MIT); the rules are in
``programming/importing_capacity.py``. Names are resolved to codes through the municipalities
already loaded (every vintage the platform knows, nearest to 2021 first), so load those first.
A rerun replaces the rows of 2021: the run is the whole picture of that year.
"""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from woonmonitor.areas.models import Area, Level
from woonmonitor.imports.commands import ImportCommand
from woonmonitor.imports.services import RunRecorder

from ...importing_capacity import REFERENCE_YEAR, read_capacity_file, store_capacity
from ...importing_names import known_vintages, name_index
from ...models import PlanCapacity
from ...parsing.duplicates import normalise


class Command(ImportCommand):
    help = "Leest de plancapaciteit per gemeente van 2021 (Data Bewijst / Follow the Money) in."
    source_key = "plancapaciteit-2021"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_file_argument(parser)
        self.add_source_argument(parser)

    def handle(self, *args, **options) -> None:
        path = self.existing_file(options)
        key = self.chosen_source_key(options)
        vintages = known_vintages()
        if not vintages:
            raise CommandError(
                "Geen gemeenten bekend: laad eerst de gebieden (load_demo_data of load_kwb); "
                "gemeentenamen worden niet geraden."
            )
        with self.refused():
            rows = read_capacity_file(path)
        self.stdout.write(f"{self.command_name} {path.name}: {len(rows)} regels op het blad")
        index = name_index(REFERENCE_YEAR, vintages)
        provinces: dict[str, set[str]] = {}
        for code, province in Area.objects.filter(
            level=Level.MUNICIPALITY, parent__level=Level.PROVINCE
        ).values_list("code", "parent__name"):
            provinces.setdefault(code, set()).add(normalise(province))
        stored = {"rows": 0}

        def work(recorder: RunRecorder) -> None:
            source = options["source"] or recorder.run.source
            stored["rows"] = store_capacity(
                recorder, rows, index, source=source, provinces=provinces, say=self.stdout.write
            )

        recorder = self.run_import(
            path=path, source_key=key, source=options["source"], vintage=REFERENCE_YEAR, work=work
        )
        for item in recorder.rejections[:15]:
            self.stdout.write(f"    afgewezen {item['row']}: {item['reason']}")
        if recorder.rows_rejected > 15:
            self.stdout.write(f"    ... en {recorder.rows_rejected - 15} meer (zie de importrun)")
        capacity = PlanCapacity.objects.filter(reference_year=REFERENCE_YEAR)
        self.stdout.write(
            f"  samenvatting: {recorder.rows_accepted} gemeenten, {stored['rows']} cijfers "
            f"van {REFERENCE_YEAR} opgeslagen ({capacity.filter(certainty='').count()} totalen, "
            f"{capacity.exclude(certainty='').count()} hard/zacht); "
            f"{len(recorder.warnings)} waarschuwingen"
        )
