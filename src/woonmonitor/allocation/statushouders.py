"""The statushouders task: computing and storing the statutory tasks (a service, in a
transaction); the reads of ledgers and region tables are in ``statushouders_reads`` and
re-exported here. Touches the database; the arithmetic is in ``statutory`` (pure).

A task is computed from the national number (``NationalNumber``), the CBS populations of
1 January of the year before (``monitor.figures``, indicator ``inwoners``) or the population the
province set (``PopulationOverride``, art. 30), and the recorded exchanges (``TaskExchange``).
It is stored as a ``Task`` with ``origin=computed`` and every input in ``basis``. Computing again
with the same inputs changes nothing; changed inputs give a new record that supersedes the old
one. A task that was entered or uploaded is never replaced by a computation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Level
from woonmonitor.monitor.figures import figures, periods

from . import statutory
from .models import (
    Group,
    NationalNumber,
    PopulationOverride,
    Task,
    TaskExchange,
    period_label,
    period_start,
)
from .statushouders_reads import (  # noqa: F401 (the reads are part of this module's API)
    GROUP_KEY,
    PROVINCE_SLUG,
    Ledger,
    RegionRow,
    computation_of,
    ledger_for,
    ledgers,
    municipality_names,
    region_codes,
    region_table,
    regions,
)

POPULATION = "inwoners"
COUNTRY = "NL01"
RULE = "Huisvestingswet 2014, art. 28"


class ComputeError(ValueError):
    """No task can be computed for this half-year (the reason is in Dutch, for the page)."""


def group() -> Group:
    return Group.objects.get(key=GROUP_KEY)


# ----------------------------------------------------------------------------- half-years


@dataclass(frozen=True)
class HalfYearStatus:
    """A recorded half-year and whether a task can be computed for it (and if not, why)."""

    national: NationalNumber
    reason: str = ""

    @property
    def computable(self) -> bool:
        return not self.reason

    @property
    def key(self) -> str:
        return self.national.period

    @property
    def label(self) -> str:
        return period_label(self.national.year, self.national.half)


def half_years() -> list[HalfYearStatus]:
    """Every half-year with a recorded national number, newest first, with the reason when
    no task can be computed (no exact number, or no population on the reference date)."""
    municipal = set(periods(POPULATION))
    national = set(periods(POPULATION, level=Level.COUNTRY))
    result = []
    for number in NationalNumber.objects.order_by("-year", "-half"):
        result.append(HalfYearStatus(number, _reason(number, municipal, national)))
    return result


def _reason(number: NationalNumber, municipal: set[int], national: set[int]) -> str:
    day = statutory.reference_date(number.year)
    if number.number is None:
        return _("Het landelijk aantal is alleen bij benadering bekendgemaakt, niet exact.")
    if day.year not in municipal:
        return _("De inwonertallen van de gemeenten op %(day)s zijn niet geladen.") % {
            "day": f"{day:%d-%m-%Y}"
        }
    if day.year not in national:
        return _("Het inwonertal van Nederland op %(day)s is niet geladen.") % {
            "day": f"{day:%d-%m-%Y}"
        }
    return ""


# ----------------------------------------------------------------------------- computing


@dataclass
class ComputeResult:
    period: str
    created: int = 0
    superseded: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        text = _(
            "%(period)s: %(created)s nieuw, %(superseded)s vervangen, %(unchanged)s ongewijzigd"
        ) % {
            "period": self.period,
            "created": self.created,
            "superseded": self.superseded,
            "unchanged": self.unchanged,
        }
        if self.kept:
            text += _("; ingevoerde taak behouden: %(codes)s") % {"codes": ", ".join(self.kept)}
        if self.skipped:
            text += _("; overgeslagen: %(count)s") % {"count": len(self.skipped)}
        return text


def compute_tasks(
    *, year: int, half: int, codes: Iterable[str] | None = None, user=None
) -> ComputeResult:
    """Compute and store the statutory task of ``codes`` (default: every municipality with a
    population on the reference date) for one half-year. Raises ``ComputeError`` when nothing
    can be computed (no exact national number, no national population, an impossible exchange).
    """
    with transaction.atomic():
        return _compute(year=year, half=half, codes=codes, user=user)


def _compute(*, year: int, half: int, codes, user) -> ComputeResult:
    the_group = group()
    label = period_label(year, half)
    national_number = NationalNumber.objects.filter(year=year, half=half).first()
    if national_number is None:
        raise ComputeError(
            _("Voor %(period)s is geen landelijk aantal vastgelegd.") % {"period": label}
        )
    if national_number.number is None:
        raise ComputeError(
            _("Voor %(period)s is het landelijk aantal niet exact bekend.") % {"period": label}
        )
    day = statutory.reference_date(year)
    country = figures(POPULATION, day.year, level=Level.COUNTRY).get(COUNTRY)
    if country is None or not country.known:
        raise ComputeError(
            _("Het inwonertal van Nederland op %(day)s is niet geladen.")
            % {"day": f"{day:%d-%m-%Y}"}
        )
    exchanges = [
        statutory.Exchange(e.giver_code, e.receiver_code, e.amount, e.decision)
        for e in TaskExchange.objects.filter(group=the_group, year=year, half=half).order_by(
            "recorded_at", "pk"
        )
    ]
    wanted = None if codes is None else set(codes)
    involved = (
        None if wanted is None else wanted | {c for e in exchanges for c in (e.giver, e.receiver)}
    )
    found = figures(POPULATION, day.year, codes=involved)
    overrides = {
        o.municipality_code: o
        for o in PopulationOverride.objects.filter(reference_date=day).filter(
            **({} if involved is None else {"municipality_code__in": involved})
        )
    }
    result = ComputeResult(period=label)
    populations: dict[str, int] = {}
    for code in sorted((involved if involved is not None else set(found)) | set(overrides)):
        if code in overrides:
            populations[code] = overrides[code].population
        elif code in found and found[code].known:
            populations[code] = round(found[code].value)
        else:
            result.skipped[code] = _("geen inwonertal op %(day)s") % {"day": f"{day:%d-%m-%Y}"}
    try:
        outcome = statutory.compute(
            vg=national_number.number,
            national_population=round(country.value),
            populations=populations,
            exchanges=exchanges,
            overridden=overrides,
        )
    except statutory.ExchangeError as exc:
        raise ComputeError(str(exc)) from exc
    current = {
        task.municipality_code: task
        for task in Task.objects.current().filter(
            group=the_group, year=year, half=half, municipality_code__in=list(populations)
        )
    }
    definition = the_group.definition_on(period_start(year, half))
    new_tasks = []
    for code, computation in outcome.computations.items():
        basis = _basis(
            national_number, computation, day, found.get(code), overrides.get(code), country
        )
        existing = current.get(code)
        if existing is not None and existing.origin != Task.Origin.COMPUTED:
            result.kept.append(code)
            continue
        if existing is not None and existing.amount == computation.task and existing.basis == basis:
            result.unchanged += 1
            continue
        if existing is not None:
            result.superseded += 1
        else:
            result.created += 1
        new_tasks.append(
            Task(
                group=the_group,
                definition=definition,
                municipality_code=code,
                year=year,
                half=half,
                amount=computation.task,
                origin=Task.Origin.COMPUTED,
                basis=basis,
                source=_source(national_number, basis),
                recorded_by=user if user is not None and user.is_authenticated else None,
                supersedes=existing,
            )
        )
    Task.objects.bulk_create(new_tasks, batch_size=500)
    return result


def _basis(number, computation, day, figure, override, country) -> dict:
    q = computation.quotient
    return {
        "rule": RULE,
        "vg": number.number,
        "national_number_source": number.source,
        "national_number_announced_on": number.announced_on.isoformat()
        if number.announced_on
        else None,
        "reference_date": day.isoformat(),
        "population": computation.population,
        "population_citation": figure.citation if figure is not None else "",
        "population_override": None
        if override is None
        else {
            "population": override.population,
            "decision": override.decision,
            "cbs_population": round(figure.value) if figure is not None and figure.known else None,
        },
        "national_population": computation.national_population,
        "national_population_citation": country.citation,
        "quotient": [q.numerator, q.denominator],
        "raw_task": computation.raw_task,
        "exchanges": [
            {"giver": e.giver, "receiver": e.receiver, "amount": e.amount, "decision": e.decision}
            for e in computation.exchanges
        ],
        "exchange_delta": computation.exchange_delta,
        "task": computation.task,
    }


def _source(number: NationalNumber, basis: dict) -> str:
    population = (
        _("inwonertal vastgesteld door de provincie (art. 30): %(decision)s")
        % {"decision": basis["population_override"]["decision"]}
        if basis["population_override"]
        else basis["population_citation"]
    )
    return f"{RULE}; {number.source}; {population}"[:500]


def compute_all_tasks() -> str:
    """Compute every half-year with an exact national number for every municipality of the
    country (for ``load_allocation_data``); half-years without the inputs are named."""
    lines = []
    for status in reversed(half_years()):
        number = status.national
        if not status.computable:
            lines.append(f"{status.label}: {status.reason}")
            continue
        lines.append(str(compute_tasks(year=number.year, half=number.half)))
    return "; ".join(lines) or _("geen landelijke aantallen vastgelegd")
