"""A stand-in for opendata.cbs.nl and service.pdok.nl, answering from the real files.

It answers the way the services do, built from the real material in ``WOONMONITOR_DATA_DIR``:

* ``TableInfos`` and ``DataProperties`` of 85984NED are the real CBS OData answers
  (``kwb-2024-gm-wk``), wrapped in the ``odata.metadata`` envelope CBS puts around them.
* ``TypedDataSet`` rows carry the real 2024 figures of ``stripped_filtered_data_2024.json``
  (342 gemeenten, 3,393 wijken) under their real keys (``AantalInwoners_5`` ...), codes padded
  to ten characters as CBS sends them (``"GM1681    "``), ``Gemeentenaam_1`` from the real
  2024 gemeente list (``provincies-gemeenten-simplified/KoppelCodes.csv``), ``SoortRegio_2``
  and ``Codering_3``. A JSON ``null`` is CBS's "." (as in the real file). Columns the real
  file does not have are ``null`` unless a test sets a value (e.g. the special code -99997).
  The country row ``NL00`` and the 58 buurten of Borger-Odoorn (real codes from
  ``cartomap-buurt2023-borger-odoorn``) are there with ``null`` figures: no buurt figures
  could be brought onto this machine.
* ``$filter`` understands only what the client may send (``startswith(Column,'prefix')``
  joined by ``or``) and fails loudly on anything else; ``$select``, ``$top`` and ``$skip``
  work as on the ODataApi, which refuses an answer of more than 10,000 rows (HTTP 500). With
  ``feed_page`` set, it pages itself with ``odata.nextLink`` like the ODataFeed.
* The PDOK WFS answers GeoJSON FeatureCollections of ``wijkenbuurten:gemeenten/wijken``
  with the property names of the wijk- en buurtkaart and real RD geometries (the 2022
  Drenthe + Hardenberg shapes of ``tmap-kwb2022-wijk``), paging with ``count``/``startIndex``
  and filtering on ``gemeentecode`` through the OGC filter.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
from pathlib import Path
from typing import Any

from django.conf import settings

TABLE = "85984NED"
MAX_ROWS = 10_000


def data_dir() -> Path:
    return Path(settings.WOONMONITOR_DATA_DIR)


def load_json(*parts: str) -> Any:
    return json.loads(data_dir().joinpath(*parts).read_text(encoding="utf-8"))


def envelope(entity: str, value: list[dict], table: str = TABLE) -> dict[str, Any]:
    return {
        "odata.metadata": f"https://opendata.cbs.nl/ODataApi/OData/{table}/$metadata"
        f"#Cbs.OData.WebAPI.{entity}",
        "value": value,
    }


def municipality_names() -> dict[str, str]:
    text = (
        data_dir()
        .joinpath("provincies-gemeenten-simplified", "KoppelCodes.csv")
        .read_text(encoding="utf-8-sig")
    )
    return {
        row["gemeentCode"]: row["gemeenteNaam"]
        for row in csv.DictReader(io.StringIO(text), delimiter=";")
    }


def district_names() -> dict[str, str]:
    text = (
        data_dir()
        .joinpath("tmap-kwb2022-wijk", "kwb2022_gm_wk_attributes_nl.csv")
        .read_text(encoding="utf-8")
    )
    return {row["code"]: row["name"] for row in csv.DictReader(io.StringIO(text))}


def buurt_codes() -> dict[str, str]:
    text = (
        data_dir()
        .joinpath("cartomap-buurt2023-borger-odoorn", "buurt_2023_GM1681_codes.csv")
        .read_text(encoding="utf-8")
    )
    return {row["statcode"]: row["statnaam"] for row in csv.DictReader(io.StringIO(text))}


KIND = {"NL": "Land", "GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}


def order_key(code: str) -> tuple:
    """CBS lists the country first, then per gemeente its own row, wijken and buurten."""
    if code.startswith("NL"):
        return ("", 0, code)
    return (code[2:6], {"GM": 0, "WK": 1, "BU": 2}[code[:2]], code)


def typed_rows(extra: dict[tuple[str, str], Any] | None = None) -> list[dict[str, Any]]:
    """The full TypedDataSet of the fake (all columns), in CBS order."""
    properties = load_json("kwb-2024-gm-wk", "DataProperties.json")
    topics = [p["Key"] for p in properties if p["Type"] == "Topic"]
    figures: dict[str, dict[str, Any]] = load_json(
        "kwb-2024-gm-wk", "stripped_filtered_data_2024.json"
    )
    names = municipality_names()
    codes = ["NL00", *figures, *buurt_codes()]
    rows = []
    for index, code in enumerate(sorted(set(codes), key=order_key)):
        own = figures.get(code, {})
        municipality = "Nederland" if code == "NL00" else names.get("GM" + code[2:6], "")
        row: dict[str, Any] = {"ID": index, "WijkenEnBuurten": code.ljust(10)}
        for key in topics:
            row[key] = own.get(key)
        row["Gemeentenaam_1"] = municipality.ljust(40)
        row["SoortRegio_2"] = KIND[code[:2]].ljust(10)
        row["Codering_3"] = code.ljust(10)
        row["IndelingswijzigingGemeenteWijkBuurt_4"] = "1" if code != "NL00" else "."
        for (extra_code, key), value in (extra or {}).items():
            if extra_code == code:
                row[key] = value
        rows.append(row)
    return rows


def dimension_rows() -> list[dict[str, Any]]:
    """``<table>/WijkenEnBuurten``: Key (padded) and Title of each area."""
    titles = {"NL00": "Nederland", **municipality_names(), **district_names(), **buurt_codes()}
    return [
        {"Key": code.ljust(10), "Title": title, "Description": "", "CategoryGroupID": None}
        for code, title in sorted(titles.items(), key=lambda item: order_key(item[0]))
        if code.startswith(("NL", "GM", "WK", "BU"))
    ]


_STARTSWITH = re.compile(r"^startswith\((\w+),'([A-Z0-9]*)'\)$")


def parse_filter(text: str) -> list[tuple[str, str]]:
    clauses = []
    for part in text.split(" or "):
        match = _STARTSWITH.match(part.strip())
        if match is None:
            raise AssertionError(f"the fake CBS does not understand this $filter: {text!r}")
        clauses.append((match.group(1), match.group(2)))
    return clauses


class FakeCbs:
    """``get_json`` for the CBS and PDOK clients; remembers every URL it was asked for.

    ``offline``: True for no network at all, or a set of host names that cannot be reached.
    """

    def __init__(
        self,
        *,
        extra: dict[tuple[str, str], Any] | None = None,
        feed_page: int | None = None,
        offline: bool | set[str] = False,
        features: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        self.rows = typed_rows(extra)
        self.feed_page = feed_page
        self.offline = offline
        self.features = features if features is not None else pdok_features()
        self.calls: list[str] = []

    def __call__(self, url: str) -> dict[str, Any]:
        self.calls.append(url)
        parts = urllib.parse.urlsplit(url)
        if self.offline is True or (self.offline and parts.netloc in self.offline):
            raise urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))
        query = dict(urllib.parse.parse_qsl(parts.query))
        if parts.netloc == "service.pdok.nl":
            return self.wfs(parts.path, query)
        assert parts.netloc == "opendata.cbs.nl", url
        root, table, entity = re.match(
            r"^/(ODataApi|ODataFeed)/[Oo][Dd]ata/(\w+)/(\w*)$", parts.path
        ).groups()
        if table != TABLE:
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)
        if entity == "TableInfos":
            return envelope(entity, load_json("kwb-2024-gm-wk", "TableInfos.json"))
        if entity == "DataProperties":
            return envelope(entity, load_json("kwb-2024-gm-wk", "DataProperties.json"))
        if entity == "WijkenEnBuurten":
            return self.answer(entity, dimension_rows(), query, url)
        if entity == "TypedDataSet":
            return self.answer(entity, self.rows, query, url)
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    def answer(self, entity: str, rows: list[dict], query: dict[str, str], url: str) -> dict:
        if "$filter" in query:
            clauses = parse_filter(query["$filter"])
            rows = [
                row
                for row in rows
                if any(str(row[column]).startswith(prefix) for column, prefix in clauses)
            ]
        skip = int(query.get("$skip", 0))
        rows = rows[skip:]
        if "$top" in query:
            rows = rows[: int(query["$top"])]
        if self.feed_page is None and len(rows) > MAX_ROWS:
            raise urllib.error.HTTPError(url, 500, "more than 10000 rows", {}, None)
        payload = envelope(entity, [])
        if self.feed_page is not None and len(rows) > self.feed_page:
            rows = rows[: self.feed_page]
            following = {**query, "$skip": str(skip + self.feed_page)}
            following.pop("$top", None)
            payload["odata.nextLink"] = (
                f"https://opendata.cbs.nl/ODataFeed/OData/{TABLE}/{entity}?"
                + urllib.parse.urlencode(following, quote_via=urllib.parse.quote, safe="$,'()")
            )
        if "$select" in query:
            keys = query["$select"].split(",")
            rows = [{key: row[key] for key in keys} for row in rows]
        payload["value"] = rows
        return payload

    def wfs(self, path: str, query: dict[str, str]) -> dict[str, Any]:
        year = re.match(r"^/cbs/wijkenbuurten/(\d{4})/wfs/v1_0$", path).group(1)
        assert query["service"] == "WFS" and query["request"] == "GetFeature", query
        layer = query["typeNames"].split(":", 1)[1]
        features = self.features.get(layer, [])
        if "filter" in query:
            wanted = set(re.findall(r"<Literal>(GM\d{4})</Literal>", query["filter"]))
            features = [f for f in features if f["properties"]["gemeentecode"] in wanted]
        start = int(query.get("startIndex", 0))
        page = features[start : start + int(query["count"])]
        return {
            "type": "FeatureCollection",
            "name": f"{layer}_{year}",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
            "numberMatched": len(features),
            "numberReturned": len(page),
            "features": page,
        }


def pdok_features() -> dict[str, list[dict[str, Any]]]:
    """Wijk- en buurtkaart features (gemeenten, wijken) with real RD geometries."""
    folder = ("tmap-kwb2022-wijk",)
    gemeenten = load_json(*folder, "gemeente_2022_drenthe_hardenberg_rd.geojson")["features"]
    wijken = load_json(*folder, "wijk_2022_drenthe_hardenberg_rd.geojson")["features"]
    names = municipality_names()
    result: dict[str, list[dict[str, Any]]] = {"gemeenten": [], "wijken": []}
    for feature in gemeenten:
        code = feature["properties"]["code"]
        result["gemeenten"].append(
            {
                "type": "Feature",
                "id": f"gemeenten.{code}",
                "geometry": feature["geometry"],
                "properties": {
                    "gemeentecode": code,
                    "gemeentenaam": feature["properties"]["name"],
                    "water": "NEE",
                    "aantalInwoners": feature["properties"]["population"],
                },
            }
        )
    for feature in wijken:
        code = feature["properties"]["code"]
        municipality = "GM" + code[2:6]
        result["wijken"].append(
            {
                "type": "Feature",
                "id": f"wijken.{code}",
                "geometry": feature["geometry"],
                "properties": {
                    "wijkcode": code,
                    "wijknaam": feature["properties"]["name"],
                    "gemeentecode": municipality,
                    "gemeentenaam": names.get(municipality, ""),
                    "water": "NEE",
                    "aantalInwoners": feature["properties"]["population"],
                },
            }
        )
    return result
