"""Load the monitor's catalogue and every real value file of the data folder, for the whole
country (the factsheet compares every area with its province and the country).

    manage.py load_monitor_data [--data-dir /work/shared/data]

Order: the indicator catalogue; the 2022 provinces (boundaries file); KWB 2022 via tmap
(gemeenten and wijken, with their province); the 2024 gemeenten with name and province
(KoppelCodes), then KWB 2024 (gemeenten and wijken); KWB 2019 (gemeenten); CBS 81955NED
2012-2020; the PBL/CBS prognosis (names resolved through the gemeenten loaded before); KWB
2020-2024 per gemeente (housing); KWB 2024 per buurt with origin, and the 2023 buurt boundaries
of Borger-Odoorn for buurten CBS calls unchanged; CBS maatwerk income 2020 and cars 2023 per
gemeente and wijk; the StatLine exports per gemeente name (key figures 2025, income 2024). Then
one derived run: ratios, continuity judgements, province and country totals (also for older
vintages whose provinces are proven complete), continuity of provinces and the country. Every
file is its own import run, all or nothing. Idempotent: a second run changes nothing and says so.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from woonmonitor.areas.models import Area, Continuity
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.services import recording_import
from woonmonitor.monitor import loading
from woonmonitor.monitor.loading.continuity import STATEMENTS
from woonmonitor.monitor.models import Indicator, IndicatorValue

from . import (
    import_kwb_buurt,
    import_kwb_gemeente,
    import_kwb_values,
    import_maatwerk,
    import_prognosis,
    import_statline_gemeente,
    import_stock_changes,
)
from ._values import number

TMAP = "tmap-kwb2022-wijk"
FILES = {
    "prov_2022": f"{TMAP}/NLD_prov_2022_rd.geojson",
    "kwb_2022": f"{TMAP}/kwb2022_gm_wk_attributes_nl.csv",
    "kwb_2024": "kwb-2024-gm-wk/stripped_filtered_data_2024.json",
    "koppel": "provincies-gemeenten-simplified/KoppelCodes.csv",
    "kwb_2019": "kwb-2019-gemeente/kwb-2019.csv",
    "stock": "ftm-woningvoorraad-plancapaciteit/cbs_woningvoorraad_gemeenten_2012-2020.csv",
    "prognosis": "ftm-woningvoorraad-plancapaciteit/plancapaciteit_databewijst.xlsx",
    "kwb_buurt": "kwb-2024-buurt/Kerncijfers_wijken_en_buurten_2024_geslachten.csv",
    "kwb_buurt_origin": "kwb-2024-buurt/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv",
    "buurt_2023_bo": "cartomap-buurt2023-borger-odoorn/buurt_2023_GM1681_wgs84.geojson",
    "income_wijk": "cbs-maatwerk-wijk-2020-2023/kvk2020-wb2023.csv",
    "cars_gemeente": "cbs-maatwerk-wijk-2020-2023/gem-autobezit-huishouden_2023_gem.csv",
    "cars_wijk": "cbs-maatwerk-wijk-2020-2023/gem-autobezit-huishouden_2023_wijk.csv",
    "key_figures_2025": (
        "cbs-statline-gemeente-2024-2025/Regionale_kerncijfers_Nederland_11122025_133649.csv"
    ),
    "income_2024": (
        "cbs-statline-gemeente-2024-2025/Inkomen_van_huishoudens__regio_11122025_135329.csv"
    ),
}
#: One KWB gemeente file per year (original column names); a later year's file of the same
#: shape in this folder is loaded too.
KWB_GEMEENTE_FILES = "kwb-2020-2024-gemeente/kwb*_clean.csv"
#: The year of the buurt exports (their names do not say it) and of the buurt boundaries.
KWB_BUURT_YEAR = 2024
BUURT_BOUNDARY_YEAR = 2023
#: No gemeente list of 2025 is loaded; the 2025 key figures are matched to the 2024 list (the
#: import run records it, and every name that does not match).
KEY_FIGURES_INDELING = 2024
#: The source of every ratio and province or country total (imports/data/sources.toml): who
#: computed the figure and from what. The value's own note says how (e.g. "som van 12 gemeenten
#: (indeling 2019)"). Each file's command names its own source.
DERIVED_SOURCE_KEY = "woonmonitor-berekend"


class Command(BaseCommand):
    help = "Laadt de indicatorcatalogus en alle echte monitorbestanden (heel Nederland)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Map met de bronbestanden (standaard settings.WOONMONITOR_DATA_DIR).",
        )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        self.data_dir = Path(options["data_dir"] or settings.WOONMONITOR_DATA_DIR)
        missing = [str(self.file(key)) for key in FILES if not self.file(key).is_file()]
        if missing:
            raise CommandError("Bronbestanden niet gevonden: " + ", ".join(missing))
        before = self.counts()
        self.files: list[tuple[str, object]] = []
        self.catalogue()
        self.call_area_command(
            "load_boundaries",
            self.file("prov_2022"),
            vintage=2022,
            level="provincie",
        )
        self.values(import_kwb_values.Command(), "kwb_2022", vintage=2022)
        # The 2024 gemeenten with their names and provinces first: the KWB 2024 file has codes
        # only, and gemeenten formed in 2023 have no earlier name to borrow.
        self.call_area_command("load_municipality_provinces", self.file("koppel"), vintage=2024)
        self.values(import_kwb_values.Command(), "kwb_2024", vintage=2024)
        self.values(import_kwb_values.Command(), "kwb_2019", vintage=2019)
        self.values(import_stock_changes.Command(), "stock")
        self.values(import_prognosis.Command(), "prognosis")
        self.new_data()
        post = self.derived()
        self.report(before, post, time.perf_counter() - started)

    def new_data(self) -> None:
        """KWB 2020-2024 per gemeente, KWB per buurt (with the 2023 buurt boundaries of
        Borger-Odoorn where CBS says a buurt did not change), the CBS maatwerk tables per wijk
        and the StatLine exports per gemeente name."""
        for path in sorted(self.data_dir.glob(KWB_GEMEENTE_FILES)):
            self.values(import_kwb_gemeente.Command(), path)
        # The maatwerk tables before the buurt file: they create the wijken of 2023, which the
        # buurt file's indelingswijziging then links to 2024.
        for key in ("income_wijk", "cars_gemeente", "cars_wijk"):
            self.values(import_maatwerk.Command(), key)
        self.values(
            import_kwb_buurt.Command(),
            "kwb_buurt",
            period=KWB_BUURT_YEAR,
            origin=self.file("kwb_buurt_origin"),
        )
        self.call_area_command(
            "carry_boundaries",
            self.file("buurt_2023_bo"),
            from_vintage=BUURT_BOUNDARY_YEAR,
            vintage=KWB_BUURT_YEAR,
            level="buurt",
            kwb=self.file("kwb_buurt"),
        )
        self.values(
            import_statline_gemeente.Command(), "key_figures_2025", indeling=KEY_FIGURES_INDELING
        )
        self.values(import_statline_gemeente.Command(), "income_2024")

    def file(self, key: str) -> Path:
        return self.data_dir / FILES[key]

    def counts(self) -> dict[str, int]:
        return {
            "values": IndicatorValue.objects.count(),
            "areas": Area.objects.count(),
            "continuity": Continuity.objects.count(),
        }

    def catalogue(self) -> None:
        if "load_indicators" in get_commands():
            call_command("load_indicators", stdout=self.stdout, stderr=self.stderr)
        elif not Indicator.objects.exists():
            raise CommandError("Geen indicatorcatalogus: load_indicators ontbreekt.")
        self.stdout.write(f"Catalogus: {Indicator.objects.count()} indicatoren.")

    def call_area_command(self, name: str, path: Path, **options) -> None:
        self.stdout.write(f"{name} {path.name} ...")
        call_command(name, str(path), stdout=self.stdout, stderr=self.stderr, **options)

    def values(self, command, key: str | Path, **options) -> None:
        path = key if isinstance(key, Path) else self.file(key)
        command.stdout, command.stderr = self.stdout, self.stderr
        call_command(command, str(path), stdout=self.stdout, stderr=self.stderr, **options)
        self.files.append((path.name, command.result))

    def derived(self) -> loading.PostResult:
        self.stdout.write("Afgeleide waarden en continuïteit ...")
        started = time.perf_counter()
        try:
            with recording_import(
                command="load_monitor_data", source_key=DERIVED_SOURCE_KEY, path=STATEMENTS
            ) as recorder:
                post = loading.post_process(recorder=recorder)
        except MalformedFile as exc:
            raise CommandError(f"Afgeleide stap afgebroken, niets gewijzigd: {exc}") from exc
        self.stdout.write(f"  {post}")
        self.stdout.write(
            f"  {len(recorder.warnings)} waarschuwingen (zie importrun {recorder.run.pk}); "
            f"{time.perf_counter() - started:.1f} s"
        )
        return post

    def report(self, before: dict[str, int], post: loading.PostResult, seconds: float) -> None:
        after = self.counts()
        self.stdout.write("Samenvatting per bestand (waarden: nieuw / vervangen / ongewijzigd):")
        for name, result in self.files:
            store = result.store
            self.stdout.write(
                f"  {name:<52} {number(result.values):>9} waarden: {number(store.created):>8} / "
                f"{number(store.replaced):>6} / {number(store.unchanged):>8}"
            )
        self.stdout.write(f"  afgeleid: {post}")
        new_values = after["values"] - before["values"]
        new_areas = after["areas"] - before["areas"]
        changed = new_values + new_areas + post.continuity.recorded
        self.stdout.write(
            f"Totaal {number(after['values'])} waarden ({number(new_values)} nieuw of vervangen), "
            f"{number(after['areas'])} gebieden ({number(new_areas)} nieuw), "
            f"{number(after['continuity'])} continuïteitsoordelen; {seconds:.1f} s."
        )
        if not changed:
            self.stdout.write("Niets gewijzigd: alle gegevens stonden er al zo.")
