"""A small client for CBS StatLine OData v3 (``https://opendata.cbs.nl/ODataApi/odata/``).

How CBS serves a Kerncijfers wijken en buurten (KWB) table, and what this client does about it:

* ``<table>/TableInfos`` holds one record (title, period, ``Modified``); ``<table>/DataProperties``
  lists the columns. A column key carries a position suffix that differs per year
  (``AantalInwoners_5``, ``Woningvoorraad_35``), so variables are matched on the part before the
  suffix. The area column is the ``GeoDetail`` property ``WijkenEnBuurten``; ``Gemeentenaam_1``,
  ``SoortRegio_2`` and ``Codering_3`` are text topics.
* ``<table>/TypedDataSet`` holds the rows. Codes come padded with spaces to ten characters
  (``"GM1681    "``), as in the table's own ``DefaultSelection``. The ODataApi answers at most
  10,000 rows per request, so rows are asked for in pages with ``$top``/``$skip``; when an
  answer carries an ``odata.nextLink`` (as the ODataFeed endpoint does) that link is followed.
* Areas are chosen with ``$filter=startswith(WijkenEnBuurten,'WK1681') or ...``: a prefix on
  the code picks a gemeente's own row and its wijken and buurten. ``substringof('1681', ...)``
  would also match ``WK016810``, so it is not used. Columns are chosen with ``$select``.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from woonmonitor.areas.loaders.kwb import base_key

from .transport import CbsResponseError, GetJson, fetch_json, urllib_get_json

API_ROOT = "https://opendata.cbs.nl/ODataApi/odata"
#: How CBS writes its own address in the ``odata.metadata`` of an answer.
METADATA_ROOT = "https://opendata.cbs.nl/ODataApi/OData"
SERVICE = "CBS StatLine (opendata.cbs.nl)"
#: The ODataApi refuses to return more rows than this in one answer.
MAX_ROWS_PER_REQUEST = 10_000
#: Gemeenten per filtered request: keeps the URL well under the 2,048-character query limit.
MUNICIPALITIES_PER_REQUEST = 10
LEVEL_PREFIXES = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}
LEVELS = tuple(LEVEL_PREFIXES)
#: Text columns that describe the area of a row (matched without suffix).
REGION_COLUMNS = ("Gemeentenaam", "SoortRegio", "Codering")
GEO_TYPES = ("GeoDetail", "GeoDimension")
MAX_PAGES = 1000


def table_url(table: str, entity: str = "", params: dict[str, Any] | None = None) -> str:
    """``https://opendata.cbs.nl/ODataApi/odata/<table>/<entity>?<params>``, readable quoting."""
    url = f"{API_ROOT}/{table}/{entity}"
    if params:
        url += "?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote, safe="$,'()")
    return url


@dataclass(frozen=True)
class TableVariables:
    """Which columns of one table to ask for."""

    dimension: str
    #: base name -> full key of the area text columns (Gemeentenaam, SoortRegio, Codering)
    region_keys: dict[str, str]
    #: requested name -> full key of each requested variable the table has
    selected: dict[str, str]
    #: requested names the table does not have
    missing: list[str] = field(default_factory=list)
    #: requested base names the table has more than once (give the suffix to choose)
    ambiguous: list[str] = field(default_factory=list)
    #: full key -> the DataProperties record (Title, Unit, Decimals, ...)
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def select(self) -> list[str]:
        return list(
            dict.fromkeys([self.dimension, *self.region_keys.values(), *self.selected.values()])
        )


def choose_variables(properties: Sequence[dict[str, Any]], wanted: Iterable[str]) -> TableVariables:
    """Match the wanted variables to the table's DataProperties.

    A name without suffix (``AantalInwoners``) matches the column with that base name; a name
    with its suffix (``Appartement_54``) matches exactly that column. A base name that the
    table has twice (``Nederland_17``, ``Nederland_20``) only matches when given exactly.
    """
    dimension = next((p["Key"] for p in properties if p.get("Type") in GEO_TYPES), None)
    if dimension is None:
        raise CbsResponseError(
            "De tabel heeft geen gebiedsdimensie (GeoDetail WijkenEnBuurten): "
            "is dit wel een tabel Kerncijfers wijken en buurten?"
        )
    keys = [p["Key"] for p in properties if p.get("Type") == "Topic" and p.get("Key")]
    by_base: dict[str, list[str]] = {}
    for key in keys:
        by_base.setdefault(base_key(key), []).append(key)
    region_keys = {
        name: by_base[name][0] for name in REGION_COLUMNS if len(by_base.get(name, [])) == 1
    }
    selected: dict[str, str] = {}
    missing: list[str] = []
    ambiguous: list[str] = []
    for variable in dict.fromkeys(name.strip() for name in wanted if name.strip()):
        if variable in keys and base_key(variable) != variable:
            selected[variable] = variable
            continue
        found = by_base.get(base_key(variable), [])
        if len(found) == 1 and base_key(variable) == variable:
            selected[variable] = found[0]
        elif len(found) > 1 and base_key(variable) == variable:
            ambiguous.append(f"{variable} ({', '.join(found)})")
        else:
            missing.append(variable)
    chosen = {*region_keys.values(), *selected.values()}
    return TableVariables(
        dimension=dimension,
        region_keys=region_keys,
        selected=selected,
        missing=missing,
        ambiguous=ambiguous,
        properties={p["Key"]: p for p in properties if p.get("Key") in chosen},
    )


def region_filter(
    dimension: str, municipalities: Sequence[str] = (), levels: Sequence[str] = LEVELS
) -> str:
    """The ``$filter`` for the areas of ``levels`` (in ``municipalities``, else everywhere).

    ``startswith(WijkenEnBuurten,'WK1681')`` picks the wijken of Borger-Odoorn; without
    gemeenten the bare prefix (``'WK'``) picks the level, which also drops the country row.
    """
    prefixes = [LEVEL_PREFIXES[level] for level in LEVELS if level in levels]
    if not prefixes:
        raise ValueError("geen niveaus gekozen")
    starts = (
        [prefix + code[2:] for code in municipalities for prefix in prefixes]
        if municipalities
        else prefixes
    )
    return " or ".join(f"startswith({dimension},'{start}')" for start in starts)


def row_code(row: dict[str, Any], dimension: str) -> str:
    """The area code of a TypedDataSet row, without CBS's padding."""
    value = row.get(dimension)
    return value.strip().upper() if isinstance(value, str) else ""


def wanted_code(code: str, municipalities: Sequence[str], levels: Sequence[str]) -> bool:
    """Whether ``code`` is of one of ``levels`` and (if given) lies in one of ``municipalities``."""
    prefix = code[:2]
    if prefix not in {LEVEL_PREFIXES[level] for level in levels}:
        return False
    return not municipalities or "GM" + code[2:6] in municipalities


def batches(items: Sequence[str], size: int) -> list[list[str]]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)] or [[]]


@dataclass(frozen=True)
class Page:
    number: int
    url: str
    rows: list[dict[str, Any]]


class StatLineClient:
    """Read one CBS StatLine table; ``get_json`` is the transport (see ``transport``)."""

    def __init__(
        self,
        table: str,
        *,
        get_json: GetJson = urllib_get_json,
        page_size: int = MAX_ROWS_PER_REQUEST,
    ) -> None:
        if not 0 < page_size <= MAX_ROWS_PER_REQUEST:
            raise ValueError(f"page_size moet tussen 1 en {MAX_ROWS_PER_REQUEST} liggen")
        self.table = table
        self.get_json = get_json
        self.page_size = page_size

    def get(self, url: str) -> dict[str, Any]:
        return fetch_json(self.get_json, url, service=SERVICE)

    def table_info(self) -> dict[str, Any]:
        """The table's one TableInfos record (Title, Identifier, Period, Modified, ...)."""
        rows = [row for page in self.pages("TableInfos", {}) for row in page.rows]
        if not rows:
            raise CbsResponseError(f"Tabel {self.table}: TableInfos is leeg.")
        return rows[0]

    def data_properties(self) -> list[dict[str, Any]]:
        rows = [row for page in self.pages("DataProperties", {}) for row in page.rows]
        if not rows:
            raise CbsResponseError(f"Tabel {self.table}: DataProperties is leeg.")
        return rows

    def metadata_url(self, entity: str) -> str:
        """The ``odata.metadata`` address CBS puts in an answer about ``entity``."""
        return f"{METADATA_ROOT}/{self.table}/$metadata#Cbs.OData.WebAPI.{entity}"

    def choose(self, wanted: Iterable[str]) -> TableVariables:
        """Fetch DataProperties and match the wanted variables (see ``choose_variables``)."""
        return choose_variables(self.data_properties(), wanted)

    def pages(self, entity: str, params: dict[str, Any], *, paged: bool = False) -> Iterator[Page]:
        """Every page of ``entity``: ``$top``/``$skip`` when ``paged``, and ``odata.nextLink``."""
        fetched = 0
        query = dict(params)
        if paged:
            query.update({"$top": self.page_size, "$skip": 0})
        url: str | None = table_url(self.table, entity, query)
        seen: set[str] = set()
        number = 0
        while url:
            if url in seen or number >= MAX_PAGES:
                raise CbsResponseError(f"{SERVICE}: de paginering van {entity} stopt niet ({url}).")
            seen.add(url)
            payload = self.get(url)
            rows = payload.get("value")
            if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
                raise CbsResponseError(f"{SERVICE}: geen lijst 'value' met rijen in {url}.")
            number += 1
            yield Page(number=number, url=url, rows=rows)
            fetched += len(rows)
            next_link = payload.get("odata.nextLink")
            if next_link:
                url = urllib.parse.urljoin(url, next_link)
            elif paged and len(rows) >= self.page_size:
                url = table_url(self.table, entity, {**query, "$skip": fetched})
            else:
                url = None

    def typed_rows(
        self,
        variables: TableVariables,
        *,
        municipalities: Sequence[str] = (),
        levels: Sequence[str] = LEVELS,
        on_page: Callable[[Page], None] | None = None,
    ) -> list[dict[str, Any]]:
        """The TypedDataSet rows of the chosen areas, with the chosen columns, in CBS's order.

        Rows are checked again on our side (level and gemeente by code), and a row that comes
        twice (overlapping pages) is kept once.
        """
        municipalities = sorted(municipalities)
        rows: dict[str, dict[str, Any]] = {}
        for group in batches(municipalities, MUNICIPALITIES_PER_REQUEST):
            params = {
                "$filter": region_filter(variables.dimension, group, levels),
                "$select": ",".join(variables.select),
            }
            for page in self.pages("TypedDataSet", params, paged=True):
                if on_page is not None:
                    on_page(page)
                for row in page.rows:
                    code = row_code(row, variables.dimension)
                    if wanted_code(code, municipalities, levels):
                        rows.setdefault(code, row)
        return list(rows.values())

    def area_titles(
        self,
        variables: TableVariables,
        *,
        municipalities: Sequence[str] = (),
        levels: Sequence[str] = LEVELS,
    ) -> dict[str, str]:
        """code -> title of the chosen areas, from the table's area dimension.

        The TypedDataSet only names gemeenten (``Gemeentenaam``); wijken and buurten are named
        in the dimension entity (``<table>/WijkenEnBuurten``: ``Key``, ``Title``).
        """
        municipalities = sorted(municipalities)
        titles: dict[str, str] = {}
        for group in batches(municipalities, MUNICIPALITIES_PER_REQUEST):
            params = {"$filter": region_filter("Key", group, levels), "$select": "Key,Title"}
            for page in self.pages(variables.dimension, params, paged=True):
                for row in page.rows:
                    code = row_code(row, "Key")
                    title = row.get("Title")
                    if wanted_code(code, municipalities, levels) and isinstance(title, str):
                        titles[code] = title.strip()
        return titles
