"""Fetch CBS Kerncijfers wijken en buurten of one year over the internet, with boundaries.

    manage.py fetch_cbs --year 2024 --gemeenten GM1681,GM0106
    manage.py fetch_cbs --year 2023 --levels buurt --gemeenten GM1681 --dry-run
    manage.py fetch_cbs --year 2022                      # the whole country

Steps: the table of the year (source ``cbs-kwb`` of ``imports/data/sources.toml``) is asked
for its DataProperties; the variables the indicator catalogue names (``Indicator.source_variable``,
matched without the ``_NN`` suffix) are selected; the TypedDataSet rows of the chosen areas are
fetched page by page; and, unless ``--no-boundaries``, the boundaries of the same areas come from
the CBS wijk- en buurtkaart on PDOK. Everything is downloaded first; only then is anything
written: the values as one import run for the table (through ``monitor.importers.kwb`` and
``monitor.loading``), the boundaries as one run per level (through the ``load_boundaries``
command of ``areas``).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from woonmonitor.areas.importing import AreaImportCommand
from woonmonitor.imports.services import RunRecorder
from woonmonitor.imports.sources import table_ids
from woonmonitor.monitor import loading
from woonmonitor.monitor.cbs import CbsResponseError, CbsUnreachable, urllib_get_json
from woonmonitor.monitor.cbs.fetching import Download, download
from woonmonitor.monitor.cbs.odata import LEVELS, table_url
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.kwb import read_odata_rows

SOURCE_KEY = "cbs-kwb"


def number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def modified_date(info: dict) -> date | None:
    """The date of the table's OData ``Modified`` (``2025-03-27T02:00:00``), or None."""
    text = str(info.get("Modified") or "").strip()
    try:
        return datetime.fromisoformat(text).date() if text else None
    except ValueError:
        return None


class Command(AreaImportCommand):
    help = (
        "Haalt CBS Kerncijfers wijken en buurten van één jaar op bij CBS StatLine (OData) en de "
        "grenzen bij PDOK (wijk- en buurtkaart), en leest ze in."
    )
    #: Tests pass their own transport: ``call_command("fetch_cbs", ..., get_json=fake)``.
    stealth_options = ("get_json", "page_size")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help="Jaar van de tabel: "
            f"{', '.join(str(year) for year in sorted(table_ids(SOURCE_KEY)))}.",
        )
        self.add_gemeenten_argument(parser)
        parser.add_argument(
            "--levels",
            default=",".join(LEVELS),
            help="Niveaus, komma-gescheiden: gemeente,wijk,buurt (standaard alle drie).",
        )
        parser.add_argument(
            "--no-boundaries",
            action="store_true",
            help="Geen grenzen ophalen bij PDOK, alleen de cijfers.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alles ophalen en controleren, maar niets opslaan.",
        )

    def handle(self, *args, **options) -> None:
        year = options["year"]
        tables = table_ids(SOURCE_KEY)
        table = tables.get(year)
        if table is None:
            raise CommandError(
                f"Geen CBS-tabel Kerncijfers wijken en buurten bekend voor {year} in de "
                f"bronnentabel; kies uit {', '.join(str(y) for y in sorted(tables))}."
            )
        municipalities = sorted(self.municipalities(options["gemeenten"]))
        levels = self.levels(options["levels"])
        variables = loading.kwb_variables()
        if not variables:
            raise CommandError(
                "De indicatorcatalogus noemt geen CBS-variabelen: laad eerst de catalogus "
                "(manage.py load_indicators)."
            )
        scope = ", ".join(municipalities) if municipalities else "heel Nederland"
        self.stdout.write(
            f"CBS Kerncijfers wijken en buurten {year} ({table}), {'/'.join(levels)}, {scope}."
        )
        self.stdout.write(f"Bron: {table_url(table)}")
        try:
            fetched = download(
                year=year,
                table=table,
                wanted=variables,
                municipalities=municipalities,
                levels=levels,
                boundaries=not options["no_boundaries"],
                get_json=options.get("get_json") or urllib_get_json,
                say=self.stdout.write,
                page_size=options.get("page_size"),
            )
        except CbsUnreachable as exc:
            raise CommandError(f"Ophalen mislukt, niets opgeslagen. {exc}") from exc
        except CbsResponseError as exc:
            raise CommandError(f"Ophalen mislukt, niets opgeslagen: {exc}") from exc
        parsed = read_odata_rows(
            fetched.payload,
            variables=variables,
            period=year,
            municipalities=set(municipalities) or None,
            names=fetched.titles,
        )
        self.report(fetched, parsed)
        if options["dry_run"]:
            self.stdout.write("Proefdraaien (--dry-run): niets opgeslagen.")
            return
        self.store(fetched, parsed, municipalities)

    def levels(self, value: str) -> list[str]:
        chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
        wrong = [level for level in chosen if level not in LEVELS]
        if wrong or not chosen:
            raise CommandError(
                f"Ongeldige --levels {value!r}: kies uit {', '.join(LEVELS)} (komma-gescheiden)."
            )
        return [level for level in LEVELS if level in chosen]

    def report(self, fetched: Download, parsed: Parsed) -> None:
        by_level = Counter(
            {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}.get(code[:2], "overig")
            for code in parsed.codes
        )
        statuses = Counter(value.status for value in parsed.values)
        self.stdout.write(
            f"Opgehaald: {number(len(fetched.rows))} rijen in {fetched.pages} pagina's; "
            + ", ".join(f"{number(count)} {level}" for level, count in sorted(by_level.items()))
        )
        self.stdout.write(
            f"Waarden: {number(len(parsed.values))} "
            f"({', '.join(f'{number(n)} {status}' for status, n in sorted(statuses.items()))}); "
            f"{len(parsed.rejected)} afgewezen, {len(parsed.warnings)} waarschuwingen."
        )
        for row, reason in parsed.rejected[:20]:
            self.stdout.write(f"  afgewezen {row}: {reason}")
        for level, collection in fetched.boundaries.items():
            self.stdout.write(f"Grenzen {level}: {len(collection['features'])} gebieden.")

    def store(self, fetched: Download, parsed: Parsed, municipalities: list[str]) -> None:
        year = fetched.year
        found: dict[str, object] = {}

        def work(recorder: RunRecorder) -> None:
            found["result"] = loading.load_parsed(parsed, vintage=year, recorder=recorder)
            found["derived"] = loading.post_process(recorder=recorder)

        self.run_import(
            path=None,
            file_name=table_url(fetched.table, "TypedDataSet"),
            label=fetched.table,
            source_key=SOURCE_KEY,
            vintage=year,
            published_on=modified_date(fetched.info),
            work=work,
        )
        self.stdout.write(f"Waarden: {found['result']}")
        self.stdout.write(f"Afgeleid: {found['derived']}")
        with tempfile.TemporaryDirectory(prefix="fetch_cbs-") as folder:
            for level, collection in fetched.boundaries.items():
                if not collection["features"]:
                    self.stdout.write(f"Geen {level}grenzen gevonden bij PDOK voor deze selectie.")
                    continue
                path = Path(folder) / f"wijkenbuurten_{year}_{level}.geojson"
                path.write_text(json.dumps(collection), encoding="utf-8")
                call_command(
                    "load_boundaries",
                    str(path),
                    vintage=year,
                    level=level,
                    gemeenten=",".join(municipalities),
                    stdout=self.stdout,
                    stderr=self.stderr,
                )
