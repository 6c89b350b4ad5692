"""Dates in the state of agreements, commitments and realised figures (pure).

No database and no clock: every function takes ``today``. A period runs up to and
including its last day; it has ended from the day after.

What needs attention falls in one of three groups, in this order:

* ``verlopen`` (expired): a target past its deadline without a realised figure, a
  commitment past its term that is not done or dropped;
* ``achter`` (behind): a target that is behind, a commitment reported as delayed, a
  realised figure below plan in a year that has ended;
* ``risico`` (at risk): a target at risk, a commitment not started in the last year of
  its term, a realised figure below plan in the year that is still running.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy

from .calculations import TargetStatus


class Attention(models.TextChoices):
    EXPIRED = "verlopen", gettext_lazy("verlopen")
    BEHIND = "achter", gettext_lazy("achter")
    AT_RISK = "risico", gettext_lazy("risico")


#: The order in which reports and lists show what needs attention: most urgent first.
ATTENTION_ORDER = (Attention.EXPIRED, Attention.BEHIND, Attention.AT_RISK)

TARGET_ATTENTION = {
    TargetStatus.EXPIRED: Attention.EXPIRED,
    TargetStatus.BEHIND: Attention.BEHIND,
    TargetStatus.AT_RISK: Attention.AT_RISK,
}

# Commitment statuses as stored (CommitmentStatus values; kept as strings to stay model-free).
DONE, DROPPED, DELAYED, NOT_STARTED = "done", "dropped", "delayed", "not_started"


def attention_rank(attention: str | None) -> int:
    """Sort key: expired 0, behind 1, at risk 2, nothing 3."""
    order = [str(value) for value in ATTENTION_ORDER]
    return order.index(attention) if attention in order else len(order)


def target_attention(status: str) -> str | None:
    """The attention group of a target evaluation's status, or None."""
    attention = TARGET_ATTENTION.get(status)
    return str(attention) if attention else None


# ----------------------------------------------------------------------------- agreements


@dataclass(frozen=True)
class AgreementPeriod:
    end: date
    ended: bool
    successor: object | None = None  # the next edition, when there is one


def agreement_period(end: date, *, today: date, successor: object | None = None) -> AgreementPeriod:
    """Whether an agreement's period has ended on ``today`` (the last day still counts)."""
    return AgreementPeriod(end=end, ended=today > end, successor=successor)


# ----------------------------------------------------------------------------- commitments


class Timing(models.TextChoices):
    RUNNING = "running", gettext_lazy("loopt")
    CLOSED = "closed", gettext_lazy("afgesloten")
    EXPIRED_WITHOUT_REPORT = "expired_no_report", gettext_lazy("termijn verstreken zonder melding")
    OVERDUE = "overdue", gettext_lazy("termijn verstreken, niet afgerond")


@dataclass(frozen=True)
class CommitmentTiming:
    state: str
    end: date
    attention: str | None

    @property
    def label(self) -> str:
        return str(Timing(self.state).label)

    @property
    def expired(self) -> bool:
        return self.state in (Timing.EXPIRED_WITHOUT_REPORT, Timing.OVERDUE)


def commitment_end(period_end_year: int | None, agreement_end: date) -> date:
    """The last day of a commitment: 31 December of its last year, else the agreement's end."""
    return date(period_end_year, 12, 31) if period_end_year else agreement_end


def commitment_timing(*, status: str, has_report: bool, end: date, today: date) -> CommitmentTiming:
    """Where a commitment stands against its term on ``today``."""
    if status in (DONE, DROPPED):
        return CommitmentTiming(Timing.CLOSED, end, None)
    if today > end:
        state = Timing.OVERDUE if has_report else Timing.EXPIRED_WITHOUT_REPORT
        return CommitmentTiming(state, end, str(Attention.EXPIRED))
    if status == DELAYED:
        return CommitmentTiming(Timing.RUNNING, end, str(Attention.BEHIND))
    if status == NOT_STARTED and end.year == today.year:
        return CommitmentTiming(Timing.RUNNING, end, str(Attention.AT_RISK))
    return CommitmentTiming(Timing.RUNNING, end, None)


# ----------------------------------------------------------------------------- realised vs planned


@dataclass(frozen=True)
class Shortfall:
    """A realised figure below the planned number of the same association, measure and year."""

    party_id: int
    measure: str
    year: int
    planned: int
    realised: int
    year_ended: bool

    @property
    def attention(self) -> str:
        return str(Attention.BEHIND if self.year_ended else Attention.AT_RISK)


Key = tuple[int, str, int]


def shortfalls(
    planned: dict[Key, int], realised: dict[Key, int], *, today: date
) -> list[Shortfall]:
    """Every (party, measure, year) where a realised figure is below the planned number.

    A year without a realised figure is not a shortfall (that is "nothing reported yet");
    a year that has not ended yet counts as a risk, one that has ended as behind.
    """
    found = []
    for key in sorted(realised, key=lambda k: (k[0], k[1], k[2])):
        party_id, measure, year = key
        plan = planned.get(key)
        if year is None or plan is None or realised[key] >= plan:
            continue
        found.append(
            Shortfall(party_id, measure, year, plan, realised[key], today > date(year, 12, 31))
        )
    return found


# ----------------------------------------------------------------------------- filtering


def parse_attention(value: str | None) -> str | None:
    """The attention group asked for in a filter (``?aandacht=``), or None for everything."""
    return value if value in Attention.values else None


def select(items: Iterable, attention: str | None) -> list:
    """Items (with an ``attention`` attribute) needing attention, most urgent first.

    With ``attention`` only that group; without it every item that needs attention.
    """
    chosen = [
        item
        for item in items
        if item.attention and (attention is None or item.attention == attention)
    ]
    return sorted(chosen, key=lambda item: attention_rank(item.attention))
