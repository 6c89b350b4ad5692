"""Load the demo data set from the real public files, idempotently.

Scope: the gemeenten of the region ``monitorgebied`` (read from the database after
load_regions) and their provinces. With ``--whole-country`` all gemeenten and wijken are
loaded (for benchmarks; point DATABASE_URL at a separate database for that).

Order matters for the parent links: 2022 (provinces, gemeenten, wijken, key figures), then
2024 (provinces per gemeente, key figures that create the 2024 wijken), then the 2023 buurten,
whose wijk parent is then the nearest vintage with a tie going to the later one: 2024.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from woonmonitor.areas.loaders.koppelcodes import read_municipality_provinces
from woonmonitor.areas.models import Area, Boundary, KeyFigure, Region, RegionMember
from woonmonitor.imports.errors import InvalidRow, MalformedFile

from .load_regions import DEFAULT_FILE as REGIONS_FILE

SCOPE_REGION = "monitorgebied"
TMAP = "tmap-kwb2022-wijk"
FILES = {
    "rent": "huurprijsgrenzen/huurprijsgrenzen.csv",
    "koppel": "provincies-gemeenten-simplified/KoppelCodes.csv",
    "prov_2022": f"{TMAP}/NLD_prov_2022_rd.geojson",
    "gm_2022": f"{TMAP}/gemeente_2022_drenthe_hardenberg_wgs84.geojson",
    "wk_2022": f"{TMAP}/wijk_2022_drenthe_hardenberg_wgs84.geojson",
    "gm_2022_nl": f"{TMAP}/NLD_muni_2022_rd.geojson",
    "wk_2022_nl": f"{TMAP}/NLD_dist_2022_rd.geojson",
    "kwb_2022": f"{TMAP}/kwb2022_gm_wk_attributes_nl.csv",
    "kwb_2024": "kwb-2024-gm-wk/stripped_filtered_data_2024.json",
    "bu_2023": "cartomap-buurt2023-borger-odoorn/buurt_2023_GM1681_wgs84.geojson",
}


class Command(BaseCommand):
    help = "Laadt de demodata (monitorgebied Drenthe + Hardenberg) uit de echte bronbestanden."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Map met de bronbestanden (standaard settings.WOONMONITOR_DATA_DIR).",
        )
        parser.add_argument(
            "--whole-country",
            action="store_true",
            help="Heel Nederland: alle gemeenten en wijken (benchmarks; aparte database).",
        )

    def handle(self, *args, **options) -> None:
        self.data_dir = Path(options["data_dir"] or settings.WOONMONITOR_DATA_DIR)
        whole = options["whole_country"]
        self.check_files()
        self.call("load_regions", REGIONS_FILE)
        self.call("load_rent_thresholds", self.file("rent"))
        scope = self.scope_municipalities()
        gemeenten = "" if whole else ",".join(scope)
        provinces = "" if whole else ",".join(self.scope_provinces(scope))
        self.stdout.write(f"Scope: {'heel Nederland' if whole else gemeenten}")

        # Sources by key of imports/data/sources.toml: boundaries "cbs-pdok-grenzen", the tmap
        # figures "cbs-kwb-tmap" (load_kwb recognises the file), KWB 2024 "cbs-kwb".
        boundaries = {"vintage": 2022}
        self.call(
            "load_boundaries",
            self.file("prov_2022"),
            level="provincie",
            only=provinces,
            **boundaries,
        )
        self.call(
            "load_boundaries",
            self.file("gm_2022_nl" if whole else "gm_2022"),
            level="gemeente",
            gemeenten=gemeenten,
            **boundaries,
        )
        self.call(
            "load_boundaries",
            self.file("wk_2022_nl" if whole else "wk_2022"),
            level="wijk",
            gemeenten=gemeenten,
            **boundaries,
        )
        self.call("load_kwb", self.file("kwb_2022"), vintage=2022, gemeenten=gemeenten)
        self.call(
            "load_municipality_provinces", self.file("koppel"), vintage=2024, gemeenten=gemeenten
        )
        self.call(
            "load_kwb",
            self.file("kwb_2024"),
            vintage=2024,
            gemeenten=gemeenten,
        )
        self.call(
            "load_boundaries",
            self.file("bu_2023"),
            vintage=2023,
            level="buurt",
            gemeenten=gemeenten,
        )
        self.summary()

    def file(self, key: str) -> Path:
        return self.data_dir / FILES[key]

    def check_files(self) -> None:
        missing = [str(self.file(key)) for key in FILES if not self.file(key).is_file()]
        if missing:
            raise CommandError("Bronbestanden niet gevonden: " + ", ".join(missing))

    def call(self, command: str, path: Path, **options) -> None:
        options = {key: value for key, value in options.items() if value not in ("", None)}
        call_command(command, str(path), stdout=self.stdout, stderr=self.stderr, **options)

    def scope_municipalities(self) -> list[str]:
        codes = sorted(
            RegionMember.objects.filter(region__slug=SCOPE_REGION).values_list(
                "municipality_code", flat=True
            )
        )
        if not codes:
            raise CommandError(f"Regio {SCOPE_REGION!r} heeft geen leden; controleer regions.json.")
        return codes

    def scope_provinces(self, municipalities: list[str]) -> list[str]:
        """The provinces of the scope's gemeenten, from the KoppelCodes table."""
        try:
            records = read_municipality_provinces(self.file("koppel"))
        except MalformedFile as exc:
            raise CommandError(str(exc)) from exc
        wanted = set(municipalities)
        return sorted(
            {
                record.province_code
                for record in records
                if not isinstance(record, InvalidRow) and record.municipality_code in wanted
            }
        )

    def summary(self) -> None:
        self.stdout.write("Samenvatting:")
        rows = (
            Area.objects.values("vintage", "level")
            .annotate(areas=Count("id"), boundaries=Count("boundary"))
            .order_by("vintage", "level")
        )
        for row in rows:
            self.stdout.write(
                f"  {row['vintage']} {row['level']:<10} {row['areas']:>5} gebieden, "
                f"{row['boundaries']:>5} met grens"
            )
        self.stdout.write(
            f"  totaal: {Area.objects.count()} gebieden, {Boundary.objects.count()} grenzen, "
            f"{KeyFigure.objects.count()} kengetallen, {Region.objects.count()} regio's"
        )
