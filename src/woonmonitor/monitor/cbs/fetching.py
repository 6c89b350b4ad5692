"""Download everything ``fetch_cbs`` needs for one KWB year, before anything is written.

Only when every request has been answered does the command write: a lost connection half-way
leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .odata import LEVELS, MAX_ROWS_PER_REQUEST, Page, StatLineClient, TableVariables
from .pdok import WijkBuurtKaart
from .transport import CbsResponseError, GetJson, urllib_get_json

Say = Callable[[str], None]


@dataclass
class Download:
    year: int
    table: str
    info: dict[str, Any]
    variables: TableVariables
    #: the TypedDataSet answer as one payload: the first page's ``odata.metadata`` and all rows
    payload: dict[str, Any]
    #: code -> the title CBS gives the area in the table's WijkenEnBuurten dimension
    titles: dict[str, str] = field(default_factory=dict)
    #: level -> GeoJSON FeatureCollection from the wijk- en buurtkaart
    boundaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    pages: int = 0

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.payload["value"]


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def download(
    *,
    year: int,
    table: str,
    wanted: Iterable[str],
    municipalities: Sequence[str] = (),
    levels: Sequence[str] = LEVELS,
    boundaries: bool = True,
    get_json: GetJson = urllib_get_json,
    say: Say = lambda line: None,
    page_size: int | None = None,
) -> Download:
    """Fetch table metadata, the rows of the chosen areas and (optionally) their boundaries."""
    client = StatLineClient(table, get_json=get_json, page_size=page_size or MAX_ROWS_PER_REQUEST)
    info = client.table_info()
    say(f"Tabel {table}: {info.get('Title', '?')} (gewijzigd {info.get('Modified', '?')}).")
    variables = client.choose(wanted)
    if variables.missing:
        say(f"Niet in {table} (overgeslagen): {', '.join(variables.missing)}.")
    if variables.ambiguous:
        say(
            "Meer dan eens in de tabel, geef het volgnummer in de catalogus: "
            + "; ".join(variables.ambiguous)
        )
    if not variables.selected:
        raise CbsResponseError(
            f"Geen van de variabelen uit de catalogus staat in tabel {table}; niets opgehaald."
        )
    say(f"Variabelen ({len(variables.selected)}): {', '.join(variables.selected.values())}.")
    state = {"pages": 0, "rows": 0}

    def on_page(page: Page) -> None:
        state["pages"] += 1
        state["rows"] += len(page.rows)
        say(
            f"  CBS {table} pagina {state['pages']}: {_number(len(page.rows))} rijen "
            f"(totaal {_number(state['rows'])})"
        )

    rows = client.typed_rows(
        variables, municipalities=municipalities, levels=levels, on_page=on_page
    )
    titles = client.area_titles(variables, municipalities=municipalities, levels=levels)
    result = Download(
        year=year,
        table=table,
        info=info,
        variables=variables,
        payload={"odata.metadata": client.metadata_url("TypedDataSet"), "value": rows},
        titles=titles,
        pages=state["pages"],
    )
    if boundaries:
        kaart = WijkBuurtKaart(year, get_json=get_json)
        for level in levels:
            result.boundaries[level] = kaart.features(
                level,
                municipalities=municipalities,
                on_page=lambda number, count, level=level: say(
                    f"  PDOK {level}grenzen {year} pagina {number}: {_number(count)} features"
                ),
            )
    return result
