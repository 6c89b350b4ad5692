"""The checks of woningbouwprogrammering (issue 12, point 4). Pure: no database, no clock.

The caller passes numbers (plan capacity, need, units per segment, realised homes) and the
``ParameterSet`` in force (``programming.parameters.parameters_on``); every check returns a frozen
dataclass with a status, the numbers behind it and a Dutch sentence (gettext).

Checks:

* ``check_plan_capacity``: plan capacity at least factor x need (130%), for a municipality or,
  with ``check_region_plan_capacity``, for a region (the members' capacity summed; the need the
  region's own figure, e.g. its woondeal target, or else the members' need summed).
* ``check_regional_mix``: at least two thirds affordable (social rent + middle rent + affordable
  purchase) and at least 30% social rent, regionally.
* ``check_municipal_mix``: 30% social rent or 40% middle segment (middle rent + affordable
  purchase), per municipality, only from the date the law applies: before it the status is
  ``niet-van-kracht`` ("regel nog niet van kracht"), with the shares shown for information.
* ``signals.production_signals`` and ``signals.check_realisation`` / ``realisation_by_year`` (in
  ``programming/signals.py``, on the same ``Check`` and ``Status``): over- and under-production
  next to each other, and realised against planned per year.

Statuses: ``voldaan``, ``niet-voldaan``, ``geen-gegevens``; ``afwijking-toegelicht`` when a check is
not met and the caller gives an explanation; ``onbeslist`` when the outcome depends on units of
unknown segment; ``niet-van-kracht`` for a rule that does not yet apply.

**Unknown segments.** Units of unknown segment count in the total (the denominator of every
share) but never as social, middle or expensive. A share is therefore known between a lower bound
(none of the unknown units in the segment) and an upper bound (all of them): met when the lower
bound reaches the norm, not met when even the upper bound stays below it, else ``onbeslist`` with
"onbekend: N woningen zonder segment".

**Arithmetic and rounding.** Every comparison is exact (integers and ``Fraction``). The plan
capacity norm in whole homes is ``ceil(factor x need)`` (130% of 4,177 is 5,430.1, so 5,431
homes). Percentages are *shown* with one decimal, rounded half up from the exact value; the
verdict never uses the rounded figure: 2,996 of 10,000 social is shown as 30,0% and is not met.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from woonmonitor.programming.parameters import ParameterSet


class Status:
    MET = "voldaan"
    NOT_MET = "niet-voldaan"
    NO_DATA = "geen-gegevens"
    EXPLAINED = "afwijking-toegelicht"
    UNDECIDED = "onbeslist"
    NOT_IN_FORCE = "niet-van-kracht"

    LABELS = {
        MET: gettext_lazy("voldaan"),
        NOT_MET: gettext_lazy("niet voldaan"),
        NO_DATA: gettext_lazy("geen gegevens"),
        EXPLAINED: gettext_lazy("afwijking toegelicht"),
        UNDECIDED: gettext_lazy("hangt af van woningen zonder segment"),
        NOT_IN_FORCE: gettext_lazy("regel nog niet van kracht"),
    }


@dataclass(frozen=True)
class Segments:
    """Planned units per segment; ``unknown`` is units without a known segment (not 0)."""

    social_rent: int = 0
    middle_rent: int = 0
    expensive_rent: int = 0
    affordable_purchase: int = 0
    expensive_purchase: int = 0
    unknown: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise ValueError(f"{f.name} cannot be negative")

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    @property
    def middle(self) -> int:
        """The middle segment: middle rent + affordable purchase."""
        return self.middle_rent + self.affordable_purchase

    @property
    def affordable(self) -> int:
        """Social rent + middle rent + affordable purchase."""
        return self.social_rent + self.middle

    def __add__(self, other: Segments) -> Segments:
        return Segments(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def sum_segments(items: Iterable[Segments]) -> Segments:
    total = Segments()
    for item in items:
        total = total + item
    return total


def percent(value: Fraction | None) -> Decimal | None:
    """``value`` x 100 with one decimal, rounded half up exactly (for display only)."""
    if value is None:
        return None
    tenths = math.floor(value * 1000 + Fraction(1, 2))
    return Decimal(tenths).scaleb(-1)


def format_percent(value: Fraction) -> str:
    shown = percent(value)
    assert shown is not None
    return number_format(shown, 1) + "%"


def format_norm(value: Fraction) -> str:
    """A norm as a whole percentage (130%, 30%), or as a fraction (2/3) when a percentage
    would round it."""
    if (value * 100).denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    return number_format(int(value * 100), 0) + "%"


def format_count(value: int) -> str:
    return number_format(value, 0, force_grouping=True)


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Segments):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    if hasattr(value, "as_dict"):
        return value.as_dict()
    return value


@dataclass(frozen=True, kw_only=True)
class Check:
    area: str
    name: str
    status: str
    sentence: str
    explanation: str = ""
    source: str = ""

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def with_explanation(status: str, sentence: str, explanation: str) -> tuple[str, str]:
    if status == Status.NOT_MET and explanation:
        return Status.EXPLAINED, _("%(sentence)s Afwijking toegelicht: %(explanation)s") % {
            "sentence": sentence,
            "explanation": explanation,
        }
    return status, sentence


# -- Plan capacity against need ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PlanCapacityCheck(Check):
    capacity: int | None
    need: int | None
    factor: Fraction | None
    required: int | None = None
    percent_of_need: Decimal | None = None
    difference: int | None = None
    missing: tuple[str, ...] = ()
    #: the hard part of the capacity, when known (shown, never decides)
    hard: int | None = None


def check_plan_capacity(
    *,
    area: str,
    name: str,
    capacity: int | None,
    need: int | None,
    params: ParameterSet,
    explanation: str = "",
    missing: Sequence[str] = (),
    hard: int | None = None,
) -> PlanCapacityCheck:
    """Plan capacity at least ``factor x need``; ``required`` is that norm in whole homes.
    ``hard``, the part of the capacity that is hard, is shown beside it: it does not decide
    (the rule of thumb is about all plans), but it says how firm the capacity is."""
    factor_record = params.plan_capacity_factor
    factor = factor_record.factor if factor_record else None
    base: dict[str, Any] = {"area": area, "name": name, "capacity": capacity, "need": need}
    base |= {"factor": factor, "source": factor_record.source if factor_record else ""}
    base["missing"] = tuple(missing)
    if missing:
        sentence = _("Geen plancapaciteit bekend voor: %(names)s.") % {"names": ", ".join(missing)}
        return PlanCapacityCheck(**base, status=Status.NO_DATA, sentence=sentence)
    if factor is None:
        sentence = _("Geen norm voor de plancapaciteit op deze datum.")
        return PlanCapacityCheck(**base, status=Status.NO_DATA, sentence=sentence)
    if capacity is None or need is None:
        sentence = (
            _("Geen plancapaciteit bekend.") if capacity is None else _("Geen behoefte bekend.")
        )
        return PlanCapacityCheck(**base, status=Status.NO_DATA, sentence=sentence)
    required = math.ceil(factor * need)
    shown = percent(Fraction(capacity, need)) if need else None
    values = {
        "capacity": format_count(capacity),
        "need": format_count(need),
        "norm": format_norm(factor),
    }
    values |= {"required": format_count(required), "gap": format_count(abs(capacity - required))}
    values["percent"] = format_percent(Fraction(capacity, need)) if need else "-"
    if need == 0:
        status = Status.MET
        sentence = _(
            "Er is geen uitbreidingsbehoefte (0 woningen), dus de norm vraagt geen "
            "plancapaciteit; gepland zijn %(capacity)s woningen: voldaan."
        )
    elif capacity >= required:
        status = Status.MET
        sentence = _(
            "Plancapaciteit %(capacity)s woningen is %(percent)s van de behoefte van %(need)s; "
            "de norm van %(norm)s vraagt minstens %(required)s: voldaan."
        )
    else:
        status = Status.NOT_MET
        sentence = _(
            "Plancapaciteit %(capacity)s woningen is %(percent)s van de behoefte van %(need)s; "
            "de norm van %(norm)s vraagt minstens %(required)s: %(gap)s te weinig."
        )
    sentence = sentence % values
    if hard is not None and capacity:
        sentence += " " + _(
            "Daarvan hard: %(hard)s woningen (%(share)s van de plancapaciteit)."
        ) % {
            "hard": format_count(hard),
            "share": format_percent(Fraction(hard, capacity)),
        }
    status, sentence = with_explanation(status, sentence, explanation)
    return PlanCapacityCheck(
        **base,
        hard=hard,
        status=status,
        sentence=sentence,
        explanation=explanation,
        required=required,
        percent_of_need=shown,
        difference=capacity - required,
    )


@dataclass(frozen=True)
class PlanNeed:
    """One municipality's plan capacity and need (``None``: not known)."""

    code: str
    name: str
    capacity: int | None
    need: int | None


def check_region_plan_capacity(
    *,
    area: str,
    name: str,
    members: Sequence[PlanNeed],
    params: ParameterSet,
    need: int | None = None,
    explanation: str = "",
) -> PlanCapacityCheck:
    """The region's plan capacity (members summed) against ``need`` (the region's own figure,
    e.g. its woondeal target) or, without it, the members' need summed."""
    missing = [m.name for m in members if m.capacity is None]
    if need is None and all(m.need is not None for m in members) and members:
        need = sum(m.need or 0 for m in members)
    capacity = None if missing or not members else sum(m.capacity or 0 for m in members)
    return check_plan_capacity(
        area=area,
        name=name,
        capacity=capacity,
        need=need,
        params=params,
        explanation=explanation,
        missing=missing,
    )


# -- Segment mix ---------------------------------------------------------------------------------


def _bounds(part: int, segments: Segments) -> tuple[Fraction, Fraction]:
    total = segments.total
    return Fraction(part, total), Fraction(part + segments.unknown, total)


def _range(low: Fraction, high: Fraction) -> str:
    if low == high:
        return format_percent(low)
    return _("%(low)s tot %(high)s") % {"low": format_percent(low), "high": format_percent(high)}


def _unknown_note(segments: Segments) -> str:
    if not segments.unknown:
        return ""
    return " " + _("(onbekend: %(count)s woningen zonder segment)") % {
        "count": format_count(segments.unknown)
    }


@dataclass(frozen=True, kw_only=True)
class MixCheck(Check):
    segments: Segments
    total: int
    unknown: int
    social_rent_share: Decimal | None = None
    social_rent_share_max: Decimal | None = None
    second_share: Decimal | None = None
    second_share_max: Decimal | None = None
    social_rent_norm: Fraction | None = None
    second_norm: Fraction | None = None
    rule_in_force: bool = False
    rule_from: str = ""
    price_limit: int | None = None
    price_limit_year: int | None = None


def _mix_base(area: str, name: str, segments: Segments, params: ParameterSet) -> dict[str, Any]:
    limit = params.affordable_purchase_limit
    rules = params.regie
    return {
        "area": area,
        "name": name,
        "segments": segments,
        "total": segments.total,
        "unknown": segments.unknown,
        "rule_in_force": params.regie_in_force,
        "rule_from": rules.valid_from.isoformat() if rules else "",
        "source": rules.source if rules else "",
        "price_limit": limit.amount if limit else None,
        "price_limit_year": limit.year if limit else None,
    }


def _verdict(needs_all: bool, checks: list[tuple[Fraction, Fraction, Fraction]]) -> str:
    """Met / not met / undecided from (low, high, norm) per part; ``needs_all``: every part must
    reach its norm (and), else one part suffices (or)."""
    reached = [low >= norm for low, _high, norm in checks]
    possible = [high >= norm for _low, high, norm in checks]
    if all(reached) if needs_all else any(reached):
        return Status.MET
    if all(possible) if needs_all else any(possible):
        return Status.UNDECIDED
    return Status.NOT_MET


def _mix_sentence(status: str, body: str, segments: Segments) -> str:
    if status == Status.UNDECIDED:
        return _("%(body)s. De uitkomst hangt af van de woningen zonder segment%(note)s.") % {
            "body": body,
            "note": _unknown_note(segments),
        }
    verdict = {Status.MET: _("voldaan"), Status.NOT_MET: _("niet voldaan")}[status]
    return _("%(body)s: %(verdict)s%(note)s.") % {
        "body": body,
        "verdict": verdict,
        "note": _unknown_note(segments),
    }


def check_regional_mix(
    *, area: str, name: str, segments: Segments, params: ParameterSet, explanation: str = ""
) -> MixCheck:
    """At least ``regional_affordable`` (2/3) affordable and ``regional_social_rent`` (30%)
    social rent in the region's plans."""
    base = _mix_base(area, name, segments, params)
    rules = params.regie
    if rules is None or not segments.total:
        sentence = _("Geen plannen met aantallen bekend.") if rules else _("Geen regel bekend.")
        return MixCheck(**base, status=Status.NO_DATA, sentence=sentence)
    social = _bounds(segments.social_rent, segments)
    affordable = _bounds(segments.affordable, segments)
    status = _verdict(
        True,
        [(*social, rules.regional_social_rent), (*affordable, rules.regional_affordable)],
    )
    body = _(
        "Van %(total)s geplande woningen is %(affordable)s betaalbaar (norm minstens "
        "%(aff_norm)s) en %(social)s sociale huur (norm minstens %(social_norm)s)"
    ) % {
        "total": format_count(segments.total),
        "affordable": _range(*affordable),
        "aff_norm": format_norm(rules.regional_affordable),
        "social": _range(*social),
        "social_norm": format_norm(rules.regional_social_rent),
    }
    sentence = _mix_sentence(status, body, segments)
    if not params.regie_in_force:
        sentence += " " + _("De regel geldt vanaf %(date)s (%(certainty)s).") % {
            "date": date_format(rules.valid_from, "j F Y"),
            "certainty": rules.valid_from_status or rules.status,
        }
    status, sentence = with_explanation(status, sentence, explanation)
    return MixCheck(
        **base,
        status=status,
        sentence=sentence,
        explanation=explanation,
        social_rent_share=percent(social[0]),
        social_rent_share_max=percent(social[1]),
        second_share=percent(affordable[0]),
        second_share_max=percent(affordable[1]),
        social_rent_norm=rules.regional_social_rent,
        second_norm=rules.regional_affordable,
    )


def check_municipal_mix(
    *, area: str, name: str, segments: Segments, params: ParameterSet, explanation: str = ""
) -> MixCheck:
    """``municipal_social_rent`` (30%) social rent or ``municipal_middle`` (40%) middle segment,
    only from the date the law applies."""
    base = _mix_base(area, name, segments, params)
    rules = params.regie
    if rules is None or not segments.total:
        sentence = _("Geen plannen met aantallen bekend.") if rules else _("Geen regel bekend.")
        return MixCheck(**base, status=Status.NO_DATA, sentence=sentence)
    social = _bounds(segments.social_rent, segments)
    middle = _bounds(segments.middle, segments)
    body = _(
        "Van %(total)s geplande woningen is %(social)s sociale huur (norm %(social_norm)s) en "
        "%(middle)s middensegment (norm %(middle_norm)s); een van beide volstaat"
    ) % {
        "total": format_count(segments.total),
        "social": _range(*social),
        "social_norm": format_norm(rules.municipal_social_rent),
        "middle": _range(*middle),
        "middle_norm": format_norm(rules.municipal_middle),
    }
    numbers = {
        "social_rent_share": percent(social[0]),
        "social_rent_share_max": percent(social[1]),
        "second_share": percent(middle[0]),
        "second_share_max": percent(middle[1]),
        "social_rent_norm": rules.municipal_social_rent,
        "second_norm": rules.municipal_middle,
    }
    if not params.regie_in_force:
        sentence = _("Regel nog niet van kracht: geldt vanaf %(date)s (%(certainty)s). %(body)s.")
        sentence %= {
            "date": date_format(rules.valid_from, "j F Y"),
            "certainty": rules.valid_from_status or rules.status,
            "body": body + _unknown_note(segments),
        }
        return MixCheck(**base, **numbers, status=Status.NOT_IN_FORCE, sentence=sentence)
    status = _verdict(
        False, [(*social, rules.municipal_social_rent), (*middle, rules.municipal_middle)]
    )
    sentence = _mix_sentence(status, body, segments)
    status, sentence = with_explanation(status, sentence, explanation)
    return MixCheck(**base, **numbers, status=status, sentence=sentence, explanation=explanation)


# -- Over- and under-production between neighbours ---------------------------------------------
