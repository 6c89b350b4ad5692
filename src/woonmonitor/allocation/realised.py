"""Realised against fair share: placements per municipality and association in a period,
against its share and against the cap on vacated social homes. Pure: no database, no clock.

The caller passes, per municipality, its share (from a fair-share scenario or its task), the
placements (the number of the group housed in the period), the vacated social homes of the year
and the same per association; ``realised_table`` returns one row per party with the balance,
the pace, the cap, the percentage of vacated social homes and a status, plus the region's total.

Rules (issue 11, point 4; Hoogeveen 2023-2027 #19):

* **Cap**: at most ``cap_percent`` (10% in #19) of the vacated social homes go to the group. The
  vacated homes are a yearly figure; for a half-year the cap is half the year's cap (pro rata
  the months of the period). The cap is rounded down, as in the fair-share calculation
  (``fairshare``): 10% of 57 homes allows 5 placements; 6 are above it.
* **Pace**: before the period ends, the share is expected pro rata the months that have passed
  (``elapsed`` of ``months``); "op schema" means at least that many housed.
* **Status**, first that applies: no share known (``geen aandeel``); nothing reported
  (``geen opgave``); above the cap (``boven plafond``); share reached (``gehaald``); on schedule
  (``op schema``, only before the period ends); behind (``achter``).
* A share that is itself above the cap is flagged (``share_above_cap``): the party cannot reach
  both.

``combine_counts`` decides what a municipality housed when the municipality and its associations
both report: per month, the municipality's own figure when it gave one, else the sum of its
associations' figures (the two describe the same people, so they are never added).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

#: The cap of Hoogeveen #19: "maximaal 10% van de vrijkomende sociale huurwoningen".
DEFAULT_CAP_PERCENT = Decimal(10)
CAP_SOURCE = _(
    "Prestatieafspraken Hoogeveen 2023-2027, afspraak 19: maximaal 10% van de vrijkomende "
    "sociale huurwoningen voor statushouders"
)

ONE_DECIMAL = Decimal("0.1")


class Status:
    NO_SHARE = "geen-aandeel"
    NO_REPORT = "geen-opgave"
    ABOVE_CAP = "boven-plafond"
    REACHED = "gehaald"
    ON_SCHEDULE = "op-schema"
    BEHIND = "achter"
    INCOMPLETE = "onvolledig"

    LABELS = {
        NO_SHARE: _("geen aandeel bekend"),
        NO_REPORT: _("geen plaatsingen opgegeven"),
        ABOVE_CAP: _("boven het plafond"),
        REACHED: _("aandeel gehaald"),
        ON_SCHEDULE: _("op schema"),
        BEHIND: _("achter"),
        INCOMPLETE: _("onvolledig: niet van elke gemeente bekend"),
    }
    ORDER = (ABOVE_CAP, BEHIND, ON_SCHEDULE, REACHED, NO_REPORT, NO_SHARE, INCOMPLETE)


@dataclass(frozen=True)
class PartyInput:
    """One party's figures in the period: ``placed`` None when it reported nothing."""

    key: str
    name: str
    share: int | None = None
    placed: int | None = None
    vacated: int | None = None
    is_demo: bool = False


@dataclass(frozen=True)
class MunicipalityInput(PartyInput):
    associations: tuple[PartyInput, ...] = ()


@dataclass(frozen=True)
class PartyResult:
    key: str
    name: str
    share: int | None
    placed: int | None
    balance: int | None
    expected: Decimal | None
    share_percent: Decimal | None
    vacated: Decimal | None
    cap: int | None
    vacated_percent: Decimal | None
    status: str
    share_above_cap: bool
    is_demo: bool
    associations: tuple[PartyResult, ...] = ()

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])

    def as_dict(self) -> dict:
        """Plain values for JSON (golden files, downloads): decimals as strings."""
        out = {}
        for name in (
            "key",
            "name",
            "share",
            "placed",
            "balance",
            "expected",
            "share_percent",
            "vacated",
            "cap",
            "vacated_percent",
            "status",
            "share_above_cap",
            "is_demo",
        ):
            value = getattr(self, name)
            out[name] = str(value) if isinstance(value, Decimal) else value
        if self.associations:
            out["associations"] = [item.as_dict() for item in self.associations]
        return out


@dataclass(frozen=True)
class RealisedTable:
    rows: tuple[PartyResult, ...]
    total: PartyResult
    cap_percent: Decimal
    months: int
    elapsed: int
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.elapsed >= self.months

    @property
    def has_demo(self) -> bool:
        return self.total.is_demo

    def as_dict(self) -> dict:
        return {
            "cap_percent": str(self.cap_percent),
            "months": self.months,
            "elapsed": self.elapsed,
            "rows": [row.as_dict() for row in self.rows],
            "total": self.total.as_dict(),
            "status_counts": self.status_counts,
        }


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _percent(part: Decimal | int, whole: Decimal | int | None) -> Decimal | None:
    if whole is None or whole == 0:
        return None
    return _round(Decimal(100) * Decimal(part) / Decimal(whole))


def evaluate_party(
    party: PartyInput,
    *,
    cap_percent: Decimal = DEFAULT_CAP_PERCENT,
    months: int = 12,
    elapsed: int | None = None,
    associations: tuple[PartyResult, ...] = (),
) -> PartyResult:
    """The result of one party; ``elapsed`` months of ``months`` have passed (None: all)."""
    if not 1 <= months <= 12:
        raise ValueError("months must be 1-12")
    elapsed = months if elapsed is None else max(0, min(elapsed, months))
    vacated = None
    cap = None
    if party.vacated is not None:
        vacated = _round(Decimal(party.vacated) * months / 12)
        if vacated == vacated.to_integral_value():
            vacated = vacated.quantize(Decimal(1))
        cap = math.floor(vacated * cap_percent / 100)
    placed = party.placed
    share = party.share
    balance = placed - share if placed is not None and share is not None else None
    expected = _round(Decimal(share) * elapsed / months) if share is not None else None
    share_percent = _percent(placed, share) if placed is not None and share else None
    vacated_percent = _percent(placed, vacated) if placed is not None else None
    if share is None:
        status = Status.NO_SHARE
    elif placed is None:
        status = Status.NO_REPORT
    elif cap is not None and placed > cap:
        status = Status.ABOVE_CAP
    elif placed >= share:
        status = Status.REACHED
    elif elapsed < months and expected is not None and placed >= expected:
        status = Status.ON_SCHEDULE
    else:
        status = Status.BEHIND
    return PartyResult(
        key=party.key,
        name=party.name,
        share=share,
        placed=placed,
        balance=balance,
        expected=expected,
        share_percent=share_percent,
        vacated=vacated,
        cap=cap,
        vacated_percent=vacated_percent,
        status=status,
        share_above_cap=share is not None and cap is not None and share > cap,
        is_demo=party.is_demo or any(item.is_demo for item in associations),
        associations=associations,
    )


def _sum(values: Iterable[int | None]) -> int | None:
    """The sum, or None when any value is unknown (a partial sum would pass for the whole)."""
    values = list(values)
    if not values or any(value is None for value in values):
        return None
    return sum(values)


def _total(municipalities, rows, options) -> PartyResult:
    """The region's total. A figure unknown for any municipality leaves the total's figure
    unknown; the status is then ``onvolledig``, never a verdict on part of the region."""
    total_input = PartyInput(
        key="totaal",
        name=str(_("Totaal")),
        share=_sum(item.share for item in municipalities),
        placed=_sum(item.placed for item in municipalities),
        vacated=_sum(item.vacated for item in municipalities),
        is_demo=any(row.is_demo for row in rows),
    )
    total = evaluate_party(total_input, **options)
    if total.share is None or total.placed is None:
        total = replace(total, status=Status.INCOMPLETE)
    return total


def realised_table(
    municipalities: Sequence[MunicipalityInput],
    *,
    cap_percent: Decimal = DEFAULT_CAP_PERCENT,
    association_cap_percent: Decimal | None = None,
    months: int = 12,
    elapsed: int | None = None,
) -> RealisedTable:
    """Every municipality (with its associations) against share and cap, and the total.

    The total's share, placements and vacated homes are sums over every municipality, unknown
    when one of them is (``_total``). Associations are held to
    ``association_cap_percent`` (default: the municipalities' cap).
    """
    options = {"cap_percent": cap_percent, "months": months, "elapsed": elapsed}
    per_association = {
        **options,
        "cap_percent": cap_percent if association_cap_percent is None else association_cap_percent,
    }
    rows = []
    for municipality in municipalities:
        associations = tuple(
            evaluate_party(item, **per_association) for item in municipality.associations
        )
        rows.append(evaluate_party(municipality, associations=associations, **options))
    total = _total(municipalities, rows, options)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.status] += 1
    ordered = {status: counts[status] for status in Status.ORDER if counts[status]}
    return RealisedTable(
        rows=tuple(rows),
        total=total,
        cap_percent=cap_percent,
        months=months,
        elapsed=months if elapsed is None else max(0, min(elapsed, months)),
        status_counts=ordered,
    )


# ----------------------------------------------------------------------------- counting


@dataclass(frozen=True)
class Count:
    """One placement figure: ``own`` when the municipality itself reported it."""

    month: int
    count: int
    own: bool
    key: str = ""


def combine_counts(counts: Iterable[Count]) -> int | None:
    """What the municipality housed: per month its own figure, else its associations' sum.

    None when nothing at all was reported (not the same as 0 reported).
    """
    own: dict[tuple[int, str], int] = defaultdict(int)
    others: dict[tuple[int, str], int] = defaultdict(int)
    seen = False
    for item in counts:
        seen = True
        target = own if item.own else others
        target[(item.month, item.key)] += item.count
    if not seen:
        return None
    total = 0
    for slot in set(own) | set(others):
        total += own[slot] if slot in own else others[slot]
    return total


def months_of(half: int) -> tuple[int, ...]:
    """The months of a period: a half-year (1, 2) or the whole year (0)."""
    if half == 1:
        return tuple(range(1, 7))
    if half == 2:
        return tuple(range(7, 13))
    return tuple(range(1, 13))
