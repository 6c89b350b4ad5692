"""Fetching from CBS over the internet: StatLine OData v3 tables and the wijk- en buurtkaart.

``odata`` talks to ``https://opendata.cbs.nl/ODataApi/odata/<table>/`` (TableInfos,
DataProperties, TypedDataSet); ``pdok`` to the CBS wijk- en buurtkaart WFS on PDOK
(``https://service.pdok.nl/cbs/wijkenbuurten/<year>/wfs/v1_0``). Both take the transport as a
callable ``get_json(url) -> dict``, so tests run on recorded-shape responses without a network.
Nothing here writes to the database: ``fetch_cbs`` hands what was fetched to the importers.
"""

from __future__ import annotations

from .transport import CbsResponseError, CbsUnreachable, GetJson, urllib_get_json

__all__ = ["CbsResponseError", "CbsUnreachable", "GetJson", "urllib_get_json"]
