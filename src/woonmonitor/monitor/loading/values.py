"""Writing parsed values: areas first (``areas.services.ensure_areas``), then the values through
``monitor.services.store_values`` (history kept, unchanged values left alone).

All functions run inside the caller's import run (``imports.services.recording_import``), so a
failing file changes nothing.
"""

from __future__ import annotations

import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from woonmonitor.areas import services as area_services
from woonmonitor.areas.loaders.codes import COUNTRY_CODE, normalise_code
from woonmonitor.areas.models import Area, Level
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.files import csv_records
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.importers import Parsed
from woonmonitor.monitor.importers.kwb import KWB_TABLE_IDS, variable_map
from woonmonitor.monitor.models import Indicator, ValueOrigin
from woonmonitor.monitor.services import NewValue, StoreResult, store_values


@dataclass
class LoadResult:
    store: StoreResult = field(default_factory=StoreResult)
    values: int = 0
    not_in_catalogue: dict[str, int] = field(default_factory=dict)

    def add(self, other: StoreResult) -> None:
        self.store.created += other.created
        self.store.replaced += other.replaced
        self.store.unchanged += other.unchanged

    def __str__(self) -> str:
        return f"{self.values} waarden: {self.store}"


def indicator_ids() -> dict[str, int]:
    return dict(Indicator.objects.values_list("key", "id"))


def kwb_variables() -> dict[str, str]:
    """``source_variable -> key`` of the catalogue indicators a KWB table can hold: those
    without a source table or with a KWB table (not 81955NED and the like)."""
    return variable_map(
        indicator
        for indicator in Indicator.objects.all()
        if not indicator.source_table.strip()
        or any(table in indicator.source_table for table in KWB_TABLE_IDS)
    )


def copy_report(parsed: Parsed, recorder: RunRecorder, *, skipped_reason: str = "") -> None:
    """Put the reader's row report on the import run."""
    recorder.read(parsed.rows_read)
    recorder.accept(parsed.rows_accepted)
    for row, reason in parsed.rejected:
        recorder.reject(row, reason)
    for row, message in parsed.warnings:
        recorder.warn(row, message)
    for row, reason in parsed.skipped:
        recorder.skip(row, reason)
    unexplained = parsed.skipped_rows - len(parsed.skipped)
    if unexplained > 0:
        # a reader that only counts its skipped rows: the command says why (``skipped_reason``)
        recorder.skip(
            "-", skipped_reason or "reden niet opgegeven door de lezer", count=unexplained
        )


@transaction.atomic
def load_parsed(
    parsed: Parsed,
    *,
    vintage: int | None,
    recorder: RunRecorder,
    skipped_reason: str = "",
    ids: Mapping[str, int] | None = None,
    say: Callable[[str], None] | None = None,
) -> LoadResult:
    """Store ``parsed`` as imported values of the run; ``vintage`` None: the vintage of each
    value is its period (a table in the classification of each year, such as 81955NED).
    ``say`` receives progress lines."""
    started = time.perf_counter()
    copy_report(parsed, recorder, skipped_reason=skipped_reason)
    ids = dict(ids) if ids is not None else indicator_ids()
    result = LoadResult()
    by_vintage: dict[int, set[str]] = defaultdict(set)
    by_key: dict[str, list] = defaultdict(list)
    for item in parsed.values:
        if item.key not in ids:
            result.not_in_catalogue[item.key] = result.not_in_catalogue.get(item.key, 0) + 1
            continue
        by_vintage[vintage if vintage is not None else item.period].add(item.code)
        by_key[item.key].append(item)
    for key, count in sorted(result.not_in_catalogue.items()):
        recorder.warn(key, f"indicator {key!r} staat niet in de catalogus: {count} waarden niet")
    area_ids: dict[int, dict[str, int]] = {}
    for year, codes in sorted(by_vintage.items()):
        if COUNTRY_CODE in codes:
            area_services.ensure_country(vintage=year, import_run=recorder.run)
        names = {code: parsed.names[code] for code in codes if code in parsed.names}
        area_ids[year] = area_services.ensure_areas(
            codes=codes, vintage=year, names=names, import_run=recorder.run
        )
    if say:
        say(
            f"  gebieden: {sum(len(codes) for codes in by_vintage.values())} in "
            f"{len(by_vintage)} jaargang(en) ({time.perf_counter() - started:.1f} s)"
        )
    if parsed.provinces:
        for year in by_vintage:
            set_provinces_by_name(
                vintage=year, provinces=parsed.provinces, recorder=recorder, import_run=recorder.run
            )
    # One store per indicator: each call reads only that indicator's current values.
    for key, items in by_key.items():
        indicator_id = ids[key]
        new = [
            NewValue(
                indicator_id,
                area_ids[vintage if vintage is not None else item.period][item.code],
                item.period,
                item.value,
                item.status,
                item.note,
                ValueOrigin.IMPORTED,
            )
            for item in items
        ]
        result.values += len(new)
        stored = store_values(values=new, import_run=recorder.run)
        result.add(stored)
        if say:
            say(f"  {key}: {stored} ({time.perf_counter() - started:.1f} s)")
    return result


def _province_key(name: str) -> str:
    """Compare province names without case, accents, spaces or hyphens; Fryslân = Friesland."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = "".join(ch for ch in text if ch.isalpha())
    return {"fryslan": "friesland"}.get(text, text)


def province_codes_by_name() -> dict[str, str]:
    """Normalised province name -> PV code, from the provinces known in any vintage."""
    found: dict[str, str] = {}
    for code, name in (
        Area.objects.filter(level=Level.PROVINCE).order_by("-vintage").values_list("code", "name")
    ):
        if name and name != code:
            found.setdefault(_province_key(name), code)
    return found


def set_provinces_by_name(
    *, vintage: int, provinces: Mapping[str, str], recorder: RunRecorder, import_run=None
) -> int:
    """Hang gemeenten of ``vintage`` under the province the file names (``{GM: name}``)."""
    by_name = province_codes_by_name()
    codes: dict[str, str] = {}
    unknown: set[str] = set()
    for municipality, name in provinces.items():
        code = by_name.get(_province_key(name))
        if code is None:
            unknown.add(name)
        else:
            codes[municipality] = code
    for name in sorted(unknown):
        recorder.warn(name, f"provincie {name!r} onbekend: laad eerst de provincies")
    return set_provinces(vintage=vintage, provinces=codes, import_run=import_run)


@transaction.atomic
def set_provinces(
    *,
    vintage: int,
    provinces: Mapping[str, str],
    names: Mapping[str, str] | None = None,
    import_run=None,
) -> int:
    """Hang the gemeenten of ``vintage`` under their province (``{GM code: PV code}``),
    creating the provinces of that vintage when needed. Returns how many links changed."""
    if not provinces:
        return 0
    province_ids = area_services.ensure_areas(
        codes=set(provinces.values()),
        vintage=vintage,
        names=dict(names or {}),
        import_run=import_run,
    )
    by_id = Area.objects.in_bulk(list(province_ids.values()))
    changed = 0
    for area in Area.objects.filter(
        level=Level.MUNICIPALITY, vintage=vintage, code__in=list(provinces)
    ).only("id", "code", "parent_id"):
        wanted = province_ids.get(provinces[area.code])
        if wanted and area.parent_id != wanted:
            area_services.set_parent(area=area, parent=by_id[wanted])
            changed += 1
    return changed


PROVINCE_STATEMENTS = Path(__file__).resolve().parent.parent / "data" / "municipality_provinces.csv"


@dataclass(frozen=True)
class ProvinceStatement:
    code: str
    province: str
    first: int
    last: int


def read_province_statements(path: Path = PROVINCE_STATEMENTS) -> list[ProvinceStatement]:
    """The sourced provinces of gemeenten that no loaded file places (``MalformedFile`` if
    the file is malformed)."""
    try:
        _header, records = csv_records(path, delimiter=",", comment="#")
    except OSError as exc:
        raise MalformedFile(f"{path.name} niet leesbaar: {exc}") from exc
    statements = []
    for number, row in enumerate(records, start=2):
        try:
            statements.append(
                ProvinceStatement(
                    normalise_code(row["code"], "gemeente"),
                    normalise_code(row["province"], "provincie"),
                    int(row["from_vintage"]),
                    int(row["to_vintage"]),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedFile(f"{path.name} regel {number}: {exc}") from exc
        if not (row.get("source") or "").strip():
            raise MalformedFile(f"{path.name} regel {number}: bron ontbreekt")
    return statements


def apply_province_statements(
    statements: list[ProvinceStatement] | None = None, *, import_run=None
) -> int:
    """Hang gemeenten without a province under the province a sourced statement gives them,
    for the vintages the statement covers. Returns how many links were set."""
    statements = read_province_statements() if statements is None else statements
    wanted: dict[int, dict[str, str]] = defaultdict(dict)
    for statement in statements:
        for vintage in range(statement.first, statement.last + 1):
            wanted[vintage][statement.code] = statement.province
    if not wanted:
        return 0
    orphans = Area.objects.filter(
        level=Level.MUNICIPALITY,
        vintage__in=list(wanted),
        code__in={code for codes in wanted.values() for code in codes},
    ).exclude(parent__level=Level.PROVINCE)
    by_vintage: dict[int, dict[str, str]] = defaultdict(dict)
    for code, vintage in orphans.values_list("code", "vintage"):
        if code in wanted[vintage]:
            by_vintage[vintage][code] = wanted[vintage][code]
    return sum(
        set_provinces(vintage=vintage, provinces=links, import_run=import_run)
        for vintage, links in by_vintage.items()
    )
