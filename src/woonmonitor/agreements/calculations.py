"""Evaluate the measurable targets of performance agreements (prestatieafspraken).

Pure: no database, no models, no clock. The caller passes the target, the planned and
realised figures (each with its source) and the reference date, and gets back a status,
a Dutch sentence saying why, and the sources of every figure used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A share that misses its norm by at most this fraction of the norm is "at risk".
SHARE_MARGIN = Decimal("0.05")
# A total that reaches at least this fraction of the pro-rata expectation is "at risk".
PACE_MARGIN = Decimal("0.75")


class TargetStatus(models.TextChoices):
    ACHIEVED = "achieved", gettext_lazy("behaald")
    ON_TRACK = "on_track", gettext_lazy("op koers")
    AT_RISK = "at_risk", gettext_lazy("risico")
    BEHIND = "behind", gettext_lazy("achter")
    NO_DATA = "no_data", gettext_lazy("geen gegevens")
    EXPIRED = "expired", gettext_lazy("verlopen zonder gegevens")


class TargetKind(models.TextChoices):
    SHARE = "share", gettext_lazy("aandeel")
    GROWTH = "growth", gettext_lazy("groei")
    CUMULATIVE = "cumulative", gettext_lazy("totaal")


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"


@dataclass(frozen=True)
class Figure:
    value: Decimal
    year: int | None
    source: str


@dataclass(frozen=True)
class TargetSpec:
    kind: str
    comparison: str
    value: Decimal
    unit: str
    period_start: date
    deadline: date
    measure_label: str
    scope_label: str = ""


@dataclass(frozen=True)
class TargetInputs:
    numerators: tuple[Figure, ...] = ()
    denominators: tuple[Figure, ...] = ()
    additions: tuple[Figure, ...] = ()
    removals: tuple[Figure, ...] = ()
    planned: Figure | None = None
    baseline: Figure | None = None


@dataclass(frozen=True)
class Evaluation:
    status: str
    explanation: str
    target: Decimal
    planned: Decimal | None
    realised: Decimal | None
    realised_year: int | None
    sources: tuple[str, ...]


def format_number(value: Decimal | int, decimals: int = 0) -> str:
    """Dutch notation: 6595 -> "6.595", 90.04 with 1 decimal -> "90,0"."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:,.{decimals}f}".translate(str.maketrans(",.", ".,"))


def evaluate(spec: TargetSpec, inputs: TargetInputs, *, on: date) -> Evaluation:
    if spec.kind == TargetKind.SHARE:
        return _evaluate_share(spec, inputs, on)
    if spec.kind in (TargetKind.GROWTH, TargetKind.CUMULATIVE):
        return _evaluate_total(spec, inputs, on)
    raise ValueError(f"unknown target kind: {spec.kind!r}")


def _num(value: Decimal, max_decimals: int = 1) -> str:
    """Shortest Dutch notation up to max_decimals: 320 -> "320", 6.8 -> "6,8"."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
    return format_number(rounded, max(0, -rounded.normalize().as_tuple().exponent))


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + _num(value)


def _amount(value: Decimal, unit: str) -> str:
    if unit == "%":
        return f"{_num(value)}%"
    return f"{_num(value)} {unit}" if unit else _num(value)


def _years(first: int, last: int) -> str:
    return str(first) if first >= last else f"{first}-{last}"


def _subject(spec: TargetSpec) -> str:
    if spec.scope_label:
        return _("%(measure)s bij %(scope)s") % {
            "measure": spec.measure_label,
            "scope": spec.scope_label,
        }
    return spec.measure_label


def _norm(spec: TargetSpec) -> str:
    args = {
        "word": _("ten minste") if _at_least(spec) else _("ten hoogste"),
        "amount": _amount(spec.value, spec.unit),
        "deadline": spec.deadline.strftime("%d-%m-%Y"),
    }
    if spec.kind == TargetKind.SHARE:
        return _("de norm van %(word)s %(amount)s") % args
    if spec.kind == TargetKind.GROWTH:
        return _("de norm van een groei van %(word)s %(amount)s uiterlijk %(deadline)s") % args
    return _("de norm van %(word)s %(amount)s uiterlijk %(deadline)s") % args


def _at_least(spec: TargetSpec) -> bool:
    return spec.comparison == Comparison.AT_LEAST


def _ahead(value: Decimal, level: Decimal, spec: TargetSpec) -> bool:
    """Whether value is at or on the good side of level (above for ≥, below for ≤)."""
    return value >= level if _at_least(spec) else value <= level


def _step(spec: TargetSpec) -> int:
    """+1 for ≥ norms, -1 for ≤ norms: the direction in which a figure gets better."""
    return 1 if _at_least(spec) else -1


def _meets(value: Decimal, spec: TargetSpec) -> bool:
    return _ahead(value, spec.value, spec)


def _in_period(figure: Figure, spec: TargetSpec) -> bool:
    return figure.year is not None and (spec.period_start.year <= figure.year <= spec.deadline.year)


def _total(figures) -> Decimal:
    return sum((f.value for f in figures), Decimal(0))


def _sources(figures) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.source for f in figures if f is not None))


def _result(spec, inputs, status, sentences, realised, year, figures) -> Evaluation:
    return Evaluation(
        status=str(status),
        explanation=" ".join(sentences),
        target=spec.value,
        planned=inputs.planned.value if inputs.planned else None,
        realised=realised,
        realised_year=year,
        sources=_sources(figures),
    )


def _share_status(share: Decimal, spec: TargetSpec, best: str) -> str:
    if _meets(share, spec):
        return best
    near = _ahead(share, spec.value - _step(spec) * spec.value * SHARE_MARGIN, spec)
    return TargetStatus.AT_RISK if near else TargetStatus.BEHIND


def _per_year(figures: tuple[Figure, ...], spec: TargetSpec) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for figure in figures:
        if _in_period(figure, spec):
            totals[figure.year] = totals.get(figure.year, Decimal(0)) + figure.value
    return totals


def _evaluate_share(spec: TargetSpec, inputs: TargetInputs, on: date) -> Evaluation:
    nums = _per_year(inputs.numerators, spec)
    dens = _per_year(inputs.denominators, spec)
    usable = sorted(year for year in nums if dens.get(year, 0) > 0)
    norm = _norm(spec)
    args = {"subject": _subject(spec), "norm": norm}
    if usable:
        year = usable[-1]
        share = (100 * nums[year] / dens[year]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        status = _share_status(share, spec, TargetStatus.ACHIEVED)
        args |= {
            "year": year,
            "share": f"{format_number(share, 1)}%",
            "num": _num(nums[year]),
            "den": _num(dens[year]),
        }
        verdict = {
            TargetStatus.ACHIEVED: _("Dat voldoet aan %(norm)s."),
            TargetStatus.AT_RISK: _("Dat haalt %(norm)s net niet (binnen 5%%)."),
            TargetStatus.BEHIND: _("Dat haalt %(norm)s niet."),
        }[status]
        sentences = [_("In %(year)s: %(subject)s %(share)s (%(num)s van %(den)s).") % args]
        figures = [
            inputs.planned,
            *(f for f in inputs.numerators if f.year == year),
            *(f for f in inputs.denominators if f.year == year),
        ]
        return _result(spec, inputs, status, [*sentences, verdict % args], share, year, figures)
    if on > spec.deadline:
        sentence = _(
            "Geen gerealiseerde cijfers voor %(subject)s, terwijl de termijn van %(norm)s "
            "op %(deadline)s is verstreken."
        )
        args["deadline"] = spec.deadline.strftime("%d-%m-%Y")
        used = [inputs.planned] if inputs.planned else []
        return _result(spec, inputs, TargetStatus.EXPIRED, [sentence % args], None, None, used)
    if inputs.planned is not None:
        status = _share_status(inputs.planned.value, spec, TargetStatus.ON_TRACK)
        args["share"] = f"{_num(inputs.planned.value)}%"
        verdict = {
            TargetStatus.ON_TRACK: _("De planning voldoet aan %(norm)s."),
            TargetStatus.AT_RISK: _("De planning haalt %(norm)s net niet (binnen 5%%)."),
            TargetStatus.BEHIND: _("De planning haalt %(norm)s niet."),
        }[status]
        sentence = _("Volgens de planning: %(subject)s %(share)s; nog geen gerealiseerde cijfers.")
        return _result(
            spec, inputs, status, [sentence % args, verdict % args], None, None, [inputs.planned]
        )
    sentence = _("Nog geen gerealiseerde cijfers voor %(subject)s; %(norm)s is niet te toetsen.")
    sentence %= args
    return _result(spec, inputs, TargetStatus.NO_DATA, [sentence], None, None, [])


def _evaluate_total(spec: TargetSpec, inputs: TargetInputs, on: date) -> Evaluation:
    growth = spec.kind == TargetKind.GROWTH
    adds = [f for f in inputs.additions if _in_period(f, spec)]
    rems = [f for f in inputs.removals if _in_period(f, spec)] if growth else []
    planned, baseline = inputs.planned, inputs.baseline if growth else None
    figures = [planned, baseline, *adds, *rems]
    shown = _signed if growth else _num
    at_least, passed = _at_least(spec), on > spec.deadline
    args = {
        "subject": _subject(spec),
        "Subject": _subject(spec)[:1].upper() + _subject(spec)[1:],
        "norm": _norm(spec),
    }
    if planned is not None:
        args["planned"] = shown(planned.value)
    args["basis"] = ""
    if baseline is not None:
        basis = _("uitgangssituatie %(baseline)s") % {
            "baseline": _amount(baseline.value, spec.unit)
        }
        args["basis"] = f" ({basis})"

    realised = year = None
    if adds or rems:
        added, removed = _total(adds), _total(rems)
        realised, year = added - removed, max(f.year for f in [*adds, *rems])
        details = []
        if growth:
            details.append(
                _("%(adds)s toegevoegd, %(rems)s onttrokken")
                % {"adds": _num(added), "rems": _num(removed)}
            )
        if baseline is not None:
            details.append(basis)
        if planned is not None:
            details.append(_("planning %(planned)s") % args)
        clause = _("%(subject)s: in %(years)s gerealiseerd %(realised)s") % {
            "subject": args["Subject"],
            "years": _years(spec.period_start.year, year),
            "realised": shown(realised),
        }
        args["clause"] = clause + (f" ({'; '.join(details)})" if details else "")

    def done(status, *sentences, used=tuple(figures)):
        texts = [s % args for s in sentences]
        return _result(spec, inputs, status, texts, realised, year, used)

    if realised is not None and _meets(realised, spec) and (at_least or passed):
        return done(TargetStatus.ACHIEVED, _("%(clause)s. Daarmee is %(norm)s behaald."))
    if realised is not None and not _meets(realised, spec):
        if passed:
            sentence = _("%(clause)s. De termijn is verstreken en %(norm)s is niet gehaald.")
            return done(TargetStatus.BEHIND, sentence)
        if not at_least:
            return done(TargetStatus.BEHIND, _("%(clause)s. Daarmee is %(norm)s al overschreden."))
    if realised is None and passed:
        sentence = _(
            "Geen gerealiseerde cijfers voor %(subject)s, terwijl de termijn van "
            "%(norm)s is verstreken."
        )
        return done(TargetStatus.EXPIRED, sentence, used=[planned])
    if planned is not None and not _meets(planned.value, spec):
        if realised is None:
            sentence = _(
                "%(Subject)s: de planning zelf (%(planned)s%(basis)s) haalt %(norm)s niet; "
                "nog geen gerealiseerde cijfers."
            )
            return done(TargetStatus.BEHIND, sentence, used=[planned, baseline])
        sentence = _("%(clause)s. De planning zelf (%(planned)s) haalt %(norm)s niet.")
        return done(TargetStatus.BEHIND, sentence)
    if realised is None:
        if planned is not None:
            sentence = _(
                "%(Subject)s: volgens de planning %(planned)s%(basis)s, genoeg voor %(norm)s; "
                "nog geen gerealiseerde cijfers."
            )
            return done(TargetStatus.ON_TRACK, sentence, used=[planned, baseline])
        sentence = _(
            "Nog geen gerealiseerde cijfers en geen planning voor %(subject)s; "
            "%(norm)s is niet te toetsen."
        )
        return done(TargetStatus.NO_DATA, sentence, used=[])

    # Before the deadline: compare with the pro-rata share of the target.
    total_years = spec.deadline.year - spec.period_start.year + 1
    done_years = year - spec.period_start.year + 1
    expected = spec.value * done_years / total_years
    slack = _step(spec) * abs(expected) * (1 - PACE_MARGIN)
    status = TargetStatus.BEHIND
    if _ahead(realised, expected, spec):
        status = TargetStatus.ON_TRACK
    elif _ahead(realised, expected - slack, spec):
        status = TargetStatus.AT_RISK
    args |= {"expected": shown(expected), "done": done_years, "total": total_years}
    pace = _(
        "%(clause)s; naar rato (%(done)s van %(total)s jaar) was %(expected)s verwacht, "
        "op weg naar %(norm)s."
    )
    verdict = {
        (True, TargetStatus.ON_TRACK): _("Dat is op koers."),
        (True, TargetStatus.AT_RISK): _("Dat is minder dan verwacht, maar ten minste driekwart."),
        (True, TargetStatus.BEHIND): _("Dat is minder dan driekwart van het verwachte niveau."),
        (False, TargetStatus.ON_TRACK): _("Dat is op koers."),
        (False, TargetStatus.AT_RISK): _(
            "Dat is meer dan verwacht, maar ten hoogste een kwart meer."
        ),
        (False, TargetStatus.BEHIND): _("Dat is meer dan een kwart boven het verwachte niveau."),
    }[(at_least, status)]
    return done(status, pace, verdict)
