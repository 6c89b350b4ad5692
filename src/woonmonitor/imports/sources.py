"""The table of sources: who publishes a figure, in which table, with which reference date.

Pure reading and resolving of ``imports/data/sources.toml`` (no queries); ``services.sync_source``
stores a resolved source as a ``DataSource`` row that import runs point to.

    entry = resolve("cbs-kwb", vintage=2024)
    entry.citation          # "CBS, Kerncijfers wijken en buurten 2024 (85984NED)"
    entry.reference_date_for(2024)  # date(2024, 1, 1)

A loader names its source by key; the readable citation is what pages, downloads and the API show
beside a figure. How a file reached us (``route``) and working notes (``notes``) are for the sources
page only.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

SOURCES_FILE = Path(__file__).resolve().parent / "data" / "sources.toml"


class Reference:
    """How the reference date (peildatum) of a figure follows from its year."""

    START_OF_YEAR = "1-januari"
    END_OF_YEAR = "31-december"
    YEAR = "jaar"
    FIXED = "datum"
    PER_ROW = "per-regel"
    #: the source holds no figures about a moment (a list of organisations, a region division)
    NONE = "geen"
    ALL = (START_OF_YEAR, END_OF_YEAR, YEAR, FIXED, PER_ROW, NONE)


class SourceTableError(ValueError):
    """The sources table is not valid (a missing field, an unknown key, a wrong date)."""


REQUIRED = ("key", "publisher", "title", "reference", "licence", "route")
KNOWN = (
    *REQUIRED,
    "tables",
    "table",
    "published",
    "published_on",
    "reference_date",
    "status",
    "url",
    "notes",
)


@dataclass(frozen=True)
class SourceEntry:
    """One source, resolved for one vintage (or for none)."""

    key: str
    vintage: int | None
    publisher: str
    title: str
    table_id: str
    reference: str
    reference_date: date | None
    published_on: date | None
    status: str
    url: str
    licence: str
    route: str
    notes: str

    @property
    def citation(self) -> str:
        """Publisher, title and table: what a person reads beside a figure."""
        table = f" ({self.table_id})" if self.table_id and self.table_id not in self.title else ""
        return f"{self.publisher}, {self.title}{table}"

    def reference_date_for(self, period: int | None) -> date | None:
        """The reference date of a figure about ``period`` (a year); None when it has none."""
        if self.reference == Reference.FIXED:
            return self.reference_date
        if period is None:
            return None
        if self.reference == Reference.START_OF_YEAR:
            return date(period, 1, 1)
        if self.reference in (Reference.END_OF_YEAR, Reference.YEAR):
            return date(period, 12, 31)
        return None


def _date(value, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise SourceTableError(f"{where}: geen datum: {value!r}") from exc


def _check(raw: dict, index: int) -> None:
    where = f"bron {index + 1} ({raw.get('key', '?')})"
    missing = [name for name in REQUIRED if not str(raw.get(name, "")).strip()]
    if missing:
        raise SourceTableError(f"{where}: ontbreekt: {', '.join(missing)}")
    unknown = sorted(set(raw) - set(KNOWN))
    if unknown:
        raise SourceTableError(f"{where}: onbekende velden: {', '.join(unknown)}")
    if raw["reference"] not in Reference.ALL:
        raise SourceTableError(f"{where}: peildatum {raw['reference']!r} onbekend")
    if raw["reference"] == Reference.FIXED and not raw.get("reference_date"):
        raise SourceTableError(f"{where}: peildatum 'datum' zonder reference_date")
    for name in ("tables", "published"):
        for year in raw.get(name, {}):
            if not str(year).isdigit():
                raise SourceTableError(f"{where}: {name} heeft een jaargang {year!r}")
        for year, value in raw.get(name, {}).items():
            if name == "published":
                _date(value, f"{where}: published {year}")


def read_sources(path: Path = SOURCES_FILE) -> dict[str, dict]:
    """The raw entries by key, checked."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourceTableError(f"{path.name}: {exc}") from exc
    entries: dict[str, dict] = {}
    for index, raw in enumerate(data.get("source", [])):
        _check(raw, index)
        if raw["key"] in entries:
            raise SourceTableError(f"bron {raw['key']!r} staat er twee keer in")
        entries[raw["key"]] = raw
    return entries


@cache
def _default_sources() -> dict[str, dict]:
    return read_sources()


def source_keys() -> list[str]:
    return sorted(_default_sources())


def table_ids(key: str, *, entries: dict | None = None) -> dict[int, str]:
    """``{vintage: table id}`` of the source ``key`` (its ``tables``), e.g. the KWB tables."""
    entries = entries if entries is not None else _default_sources()
    if key not in entries:
        raise SourceTableError(
            f"bron {key!r} staat niet in de bronnentabel (imports/data/sources.toml)"
        )
    return {int(year): table for year, table in entries[key].get("tables", {}).items()}


def resolve(key: str, vintage: int | None = None, *, entries: dict | None = None) -> SourceEntry:
    """The source ``key`` for ``vintage``: table id and publication date of that vintage."""
    entries = entries if entries is not None else _default_sources()
    try:
        raw = entries[key]
    except KeyError as exc:
        raise SourceTableError(
            f"bron {key!r} staat niet in de bronnentabel (imports/data/sources.toml)"
        ) from exc
    tables = {int(year): table for year, table in raw.get("tables", {}).items()}
    published = {int(year): value for year, value in raw.get("published", {}).items()}
    table_id = raw.get("table") or (tables.get(vintage, "") if vintage is not None else "")
    published_on = _date(raw.get("published_on"), key) or (
        _date(published.get(vintage), key) if vintage is not None else None
    )
    fill = {"vintage": vintage if vintage is not None else "", "table": table_id}
    return SourceEntry(
        key=key,
        vintage=vintage,
        publisher=raw["publisher"],
        title=raw["title"].format(**fill).strip(),
        table_id=table_id,
        reference=raw["reference"],
        reference_date=_date(raw.get("reference_date"), key),
        published_on=published_on,
        status=raw.get("status", ""),
        url=raw.get("url", "").format(**fill)
        if table_id or "{table}" not in raw.get("url", "")
        else "",
        licence=raw["licence"],
        route=raw["route"],
        notes=raw.get("notes", ""),
    )
