"""The CBS wijk- en buurtkaart from PDOK, as GeoJSON, for the areas ``fetch_cbs`` loads.

Service: the WFS of the dataset "CBS Wijken en Buurten" per year,
``https://service.pdok.nl/cbs/wijkenbuurten/<year>/wfs/v1_0``, feature types
``wijkenbuurten:gemeenten``, ``wijkenbuurten:wijken`` and ``wijkenbuurten:buurten`` with the
properties ``gemeentecode``/``gemeentenaam``, ``wijkcode``/``wijknaam``,
``buurtcode``/``buurtnaam`` and ``water`` (``JA``/``NEE``). The WFS is chosen over the OGC API
Features (``api.pdok.nl/cbs/wijken-en-buurten-<year>/ogc/v1``) because it has the same address
pattern for every year we load, where the OGC API only covers the latest years.

* Output ``application/json`` (GeoJSON) in the service's own CRS, RD New (EPSG:28992): asking
  for EPSG:4326 from a WFS 2.0 risks latitude-first axes. ``areas.loaders.geojson`` recognises
  RD coordinates and reprojects them to WGS84 while loading.
* Paging with ``count``/``startIndex`` (WFS 2.0) until a page comes back short.
* Selection by gemeente with an OGC filter on ``gemeentecode`` (PDOK's WFS does not take
  ``CQL_FILTER``); we check the code again on our side.
* Where the kaart has a land and a water feature with the same code (a gemeente's share of a
  large lake or sea), the land feature (``water = NEE``) is kept.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from .odata import batches
from .transport import CbsResponseError, GetJson, fetch_json, urllib_get_json

WFS_URL = "https://service.pdok.nl/cbs/wijkenbuurten/{year}/wfs/v1_0"
SERVICE = "PDOK (CBS wijk- en buurtkaart)"
FEATURE_TYPES = {
    "gemeente": "wijkenbuurten:gemeenten",
    "wijk": "wijkenbuurten:wijken",
    "buurt": "wijkenbuurten:buurten",
}
CODE_PROPERTY = {"gemeente": "gemeentecode", "wijk": "wijkcode", "buurt": "buurtcode"}
PAGE_SIZE = 1000
MUNICIPALITIES_PER_REQUEST = 10
MAX_PAGES = 500


def municipality_filter(codes: Sequence[str]) -> str:
    """An OGC filter (FES) selecting the features of these gemeenten by ``gemeentecode``."""
    clauses = "".join(
        "<PropertyIsEqualTo><PropertyName>gemeentecode</PropertyName>"
        f"<Literal>{escape(code)}</Literal></PropertyIsEqualTo>"
        for code in codes
    )
    if len(codes) > 1:
        clauses = f"<Or>{clauses}</Or>"
    return f"<Filter>{clauses}</Filter>"


def feature_url(
    year: int, level: str, *, municipalities: Sequence[str] = (), start: int = 0, count: int
) -> str:
    params = {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeNames": FEATURE_TYPES[level],
        "outputFormat": "application/json",
        "count": count,
        "startIndex": start,
    }
    if municipalities:
        params["filter"] = municipality_filter(municipalities)
    return WFS_URL.format(year=year) + "?" + urllib.parse.urlencode(params)


def feature_code(feature: dict[str, Any], level: str) -> str:
    value = (feature.get("properties") or {}).get(CODE_PROPERTY[level])
    return str(value).strip().upper() if value is not None else ""


def is_water(feature: dict[str, Any]) -> bool:
    return str((feature.get("properties") or {}).get("water", "")).strip().upper() == "JA"


class WijkBuurtKaart:
    """The boundaries of one year of the CBS wijk- en buurtkaart."""

    def __init__(
        self, year: int, *, get_json: GetJson = urllib_get_json, page_size: int = PAGE_SIZE
    ) -> None:
        self.year = year
        self.get_json = get_json
        self.page_size = page_size

    def features(
        self,
        level: str,
        *,
        municipalities: Sequence[str] = (),
        on_page: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        """A GeoJSON FeatureCollection of the level's areas (in the gemeenten, if given).

        ``on_page(page_number, features_on_page)`` is called after each page.
        """
        municipalities = sorted(municipalities)
        chosen: dict[str, dict[str, Any]] = {}
        crs = None
        pages = 0
        for group in batches(municipalities, MUNICIPALITIES_PER_REQUEST):
            start = 0
            while True:
                url = feature_url(
                    self.year, level, municipalities=group, start=start, count=self.page_size
                )
                payload = self._get(url)
                page = payload.get("features")
                if payload.get("type") != "FeatureCollection" or not isinstance(page, list):
                    raise CbsResponseError(f"{SERVICE}: geen GeoJSON FeatureCollection op {url}.")
                crs = crs or payload.get("crs")
                pages += 1
                if pages > MAX_PAGES:
                    raise CbsResponseError(f"{SERVICE}: de paginering stopt niet ({url}).")
                if on_page is not None:
                    on_page(pages, len(page))
                for feature in page:
                    self._keep(chosen, feature, level, municipalities)
                if len(page) < self.page_size:
                    break
                start += len(page)
        features = list(chosen.values())
        collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
        if crs:
            collection["crs"] = crs
        return collection

    def _get(self, url: str) -> dict[str, Any]:
        try:
            return fetch_json(self.get_json, url, service=SERVICE)
        except CbsResponseError as exc:
            if exc.status == 404:
                raise CbsResponseError(
                    f"De wijk- en buurtkaart {self.year} staat niet op PDOK "
                    f"({WFS_URL.format(year=self.year)}). Haal de cijfers op met --no-boundaries "
                    "en laad de grenzen uit een download met load_boundaries.",
                    status=404,
                ) from exc
            raise

    @staticmethod
    def _keep(
        chosen: dict[str, dict[str, Any]],
        feature: dict[str, Any],
        level: str,
        municipalities: Sequence[str],
    ) -> None:
        if not isinstance(feature, dict):
            return
        code = feature_code(feature, level)
        if not code:
            return
        if municipalities and "GM" + code[2:6] not in municipalities:
            return
        present = chosen.get(code)
        if present is None or (is_water(present) and not is_water(feature)):
            chosen[code] = feature
