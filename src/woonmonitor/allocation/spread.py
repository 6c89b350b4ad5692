"""Spread within a municipality (Hoogeveen 2023-2027 #21: no neighbourhood should concentrate
the priority groups): per wijk, its share of the placements against its share of the social
stock, with a concentration index, and with disclosure control. Pure: no database.

Small counts of a priority group per wijk identify people, so the counts are protected the way
CBS protects its care counts per wijk and buurt (the rule of ``monitor/disclosure.py``, kind
``aantal`` with ``minimum = 8`` plus the rounding of ``aantal-personen``; the monitor's rules
cannot be imported here, so the values are repeated and documented):

* a count of 0 to 7 (``MINIMUM - 1``) is not shown ("geheim"): CBS, Toelichting Wijk- en
  Buurtkaart 2022-2024, 5.8 Zorg: "Om het risico op onthulling van individuen te voorkomen zijn
  de waarden 0 tot en met 7 weergegeven als geheim";
* a larger count is rounded to the nearest multiple of 5 (``ROUNDING_MULTIPLE``; CBS rounds
  counts per wijk and buurt to multiples of 5, Toelichting 5.2 Bevolking); halves round up;
* a wijk's share of the placements and its ratio to its share of the stock are computed from
  the rounded count, so they reveal nothing the rounded count does not;
* the municipality's total is not rounded (placements per municipality are public, as CBS does
  not round gemeenten), but when it is below ``MINIMUM`` no wijk figure and no index is shown;
* the concentration index is computed from the exact counts but shown only when the total is
  at least ``MINIMUM`` and at least two wijken have stock, and only to two decimals.

The **concentration index** is the index of dissimilarity (Duncan & Duncan, 1955):
D = ½ Σ |pᵢ/P − sᵢ/S| over the wijken with a known stock, where pᵢ is the placements in wijk i
and sᵢ its social stock. 0 means the placements are spread exactly like the social stock; 1
means they are all where there is no stock. A wijk whose share of the placements is at least
``CONCENTRATION_RATIO`` times its share of the stock is flagged; that factor is a choice of this
page (the agreement gives no number), shown on the page.

Placements recorded for a buurt count for its wijk (``BU16810001`` lies in ``WK168100``);
placements without a wijk, or for a code outside the municipality, are counted apart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

#: Counts below this are not shown (CBS care counts: 0 to 7 are secret).
MINIMUM = 8
#: Counts per wijk are rounded to a multiple of this (CBS: counts per wijk and buurt).
ROUNDING_MULTIPLE = 5
#: A wijk with at least this many times its share of the stock is flagged as a concentration.
CONCENTRATION_RATIO = Decimal(2)

SHOWN = "getoond"
SUPPRESSED = "geheim"
NO_STOCK = "geen-voorraad"


def wijk_code(area_code: str) -> str:
    """The wijk of a wijk or buurt code: ``BU16810001`` -> ``WK168100``; "" otherwise."""
    code = (area_code or "").strip().upper()
    if code.startswith("WK") and len(code) == 8:
        return code
    if code.startswith("BU") and len(code) == 10:
        return "WK" + code[2:8]
    return ""


def protect(count: int) -> int | None:
    """The count the public may see per wijk: None below ``MINIMUM``, else rounded to 5."""
    if count < MINIMUM:
        return None
    return int(math.floor(count / ROUNDING_MULTIPLE + 0.5) * ROUNDING_MULTIPLE)


def _percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Wijk:
    code: str
    name: str
    #: the social stock (or the stated substitute) of the wijk; None when not known
    stock: float | None


@dataclass(frozen=True)
class WijkResult:
    code: str
    name: str
    placed: int | None  # rounded, None when suppressed
    status: str
    note: str
    placed_share: Decimal | None
    stock: float | None
    stock_share: Decimal | None
    ratio: Decimal | None
    concentrated: bool

    def as_dict(self) -> dict:
        out = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = str(value) if isinstance(value, Decimal) else value
        return out


@dataclass(frozen=True)
class SpreadResult:
    rows: tuple[WijkResult, ...]
    total: int
    #: placements without a (known) wijk: rounded, None when suppressed
    unlocated: int | None
    unlocated_status: str
    index: Decimal | None
    index_note: str
    stock_total: float | None
    suppressed_count: int

    @property
    def concentrated(self) -> list[WijkResult]:
        return [row for row in self.rows if row.concentrated]

    def as_dict(self) -> dict:
        return {
            "rows": [row.as_dict() for row in self.rows],
            "total": self.total,
            "unlocated": self.unlocated,
            "unlocated_status": self.unlocated_status,
            "index": str(self.index) if self.index is not None else None,
            "index_note": self.index_note,
            "stock_total": self.stock_total,
            "suppressed_count": self.suppressed_count,
        }


def dissimilarity(placed: Sequence[int], stock: Sequence[float]) -> Decimal | None:
    """½ Σ |pᵢ/P − sᵢ/S|, to two decimals; None when either total is 0."""
    total_placed, total_stock = sum(placed), sum(stock)
    if not total_placed or not total_stock:
        return None
    value = sum(
        abs(Decimal(p) / Decimal(total_placed) - Decimal(str(s)) / Decimal(str(total_stock)))
        for p, s in zip(placed, stock, strict=True)
    ) / Decimal(2)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def spread(wijken: Sequence[Wijk], placements: Mapping[str, int]) -> SpreadResult:
    """Per wijk of the municipality its protected share of ``placements`` (counts by wijk or
    buurt code, exact) against its share of the stock."""
    by_wijk: dict[str, int] = {}
    unlocated = 0
    known = {wijk.code for wijk in wijken}
    for code, count in placements.items():
        wijk = wijk_code(code)
        if wijk in known:
            by_wijk[wijk] = by_wijk.get(wijk, 0) + count
        else:
            unlocated += count
    total = sum(by_wijk.values()) + unlocated
    stocks = [wijk.stock for wijk in wijken if wijk.stock is not None]
    stock_total = sum(stocks) if stocks else None
    too_few = total < MINIMUM
    rows = []
    suppressed = 0
    for wijk in wijken:
        exact = by_wijk.get(wijk.code, 0)
        shown = None if too_few else protect(exact)
        if shown is None:
            suppressed += 1
            status = SUPPRESSED
            note = str(
                _("minder dan %(minimum)s plaatsingen in de gemeente") % {"minimum": MINIMUM}
                if too_few
                else _("minder dan %(minimum)s plaatsingen") % {"minimum": MINIMUM}
            )
        else:
            status, note = SHOWN, ""
        stock_share = (
            _percent(Decimal(str(wijk.stock)), Decimal(str(stock_total)))
            if wijk.stock is not None and stock_total
            else None
        )
        placed_share = _percent(shown, total) if shown is not None else None
        ratio = None
        if placed_share is not None and stock_share:
            ratio = (placed_share / stock_share).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if wijk.stock is None and status == SHOWN:
            status, note = NO_STOCK, str(_("voorraad van de wijk onbekend"))
        rows.append(
            WijkResult(
                code=wijk.code,
                name=wijk.name,
                placed=shown,
                status=status,
                note=note,
                placed_share=placed_share,
                stock=wijk.stock,
                stock_share=stock_share,
                ratio=ratio,
                concentrated=ratio is not None and ratio >= CONCENTRATION_RATIO,
            )
        )
    with_stock = [wijk for wijk in wijken if wijk.stock is not None]
    index = None
    if too_few:
        index_note = str(
            _("niet getoond: minder dan %(minimum)s plaatsingen") % {"minimum": MINIMUM}
        )
    elif len(with_stock) < 2:
        index_note = str(_("niet te berekenen: de voorraad van minder dan twee wijken is bekend"))
    else:
        index = dissimilarity(
            [by_wijk.get(wijk.code, 0) for wijk in with_stock],
            [float(wijk.stock) for wijk in with_stock],
        )
        index_note = "" if index is not None else str(_("niet te berekenen"))
    if not unlocated:
        shown_unlocated: int | None = 0
    else:
        shown_unlocated = None if too_few else protect(unlocated)
    return SpreadResult(
        rows=tuple(rows),
        total=total,
        unlocated=shown_unlocated,
        unlocated_status=SHOWN if shown_unlocated is not None else SUPPRESSED,
        index=index,
        index_note=index_note,
        stock_total=stock_total,
        suppressed_count=suppressed,
    )
