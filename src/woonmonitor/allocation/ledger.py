"""The statushouders ledger of one municipality, half-year by half-year. Pure: no database.

Per half-year: the task (after exchanges); what is carried over from the half-year before (a
backlog adds to the task, a lead subtracts from it); the corrected task = task + backlog - lead;
the persons housed in each of the six months and cumulatively; the balance at the end
(housed - corrected task: positive is a lead, negative a backlog); the pace (corrected task / 6
a month) and whether the municipality is "op schema" after k months (housed >= k x corrected / 6,
compared exactly in integers). Four missed half-years in a row (a backlog at the end of each)
are flagged: some provinces escalate then.

A half-year without a task (no national number, no population), or for which nobody entered
a placement (not the same as zero housed), has no balance; the next
half-year then carries nothing over and says so (``carried_known`` is False). Half-years that
do not follow each other (2019-I, then 2022-I) carry nothing over either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

MONTHS = 6
#: Missed half-years in a row at which the ledger raises its flag.
ESCALATION_STREAK = 4


def months_of(half: int) -> range:
    """The calendar months of a half-year: 1-6 or 7-12."""
    return range(1, 7) if half == 1 else range(7, 13)


def previous_half(year: int, half: int) -> tuple[int, int]:
    return (year, 1) if half == 2 else (year - 1, 2)


def months_elapsed(year: int, half: int, *, today_year: int, today_month: int) -> int:
    """How many months of the half-year have ended before the month of today (0..6)."""
    first = year * 12 + months_of(half)[0]
    now = today_year * 12 + today_month
    return max(0, min(MONTHS, now - first))


@dataclass(frozen=True)
class HalfYear:
    """The inputs of one half-year: its task (None if unknown) and the persons housed in each
    of its six months (in calendar order)."""

    year: int
    half: int
    task: int | None
    housed: tuple[int, ...] = (0, 0, 0, 0, 0, 0)
    reported: bool = True  # False: nobody entered a figure for any month (not the same as 0)

    def __post_init__(self) -> None:
        if len(self.housed) != MONTHS:
            raise ValueError("a half-year has six months of housed persons")


@dataclass(frozen=True)
class Row:
    """One half-year of the ledger, as the page and the CSV show it."""

    year: int
    half: int
    task: int | None
    carried_over: int  # the balance brought in: positive = lead, negative = backlog
    carried_known: bool
    corrected: int | None
    housed: tuple[int, ...]
    cumulative: tuple[int, ...]
    months_elapsed: int
    schedule: tuple[bool | None, ...]  # op schema after month k (None: no task)
    balance: int | None
    missed: bool | None  # a backlog at the end of a finished half-year
    missed_streak: int
    escalate: bool
    notes: tuple[str, ...] = field(default=())

    @property
    def backlog_in(self) -> int:
        return max(0, -self.carried_over)

    @property
    def lead_in(self) -> int:
        return max(0, self.carried_over)

    @property
    def total_housed(self) -> int:
        return self.cumulative[-1]

    @property
    def pace(self) -> Fraction | None:
        """Persons a month to house: corrected task / 6."""
        return None if self.corrected is None else Fraction(self.corrected, MONTHS)

    @property
    def finished(self) -> bool:
        return self.months_elapsed == MONTHS

    @property
    def on_schedule(self) -> bool | None:
        """Op schema at the last month that ended (None before the first month ended)."""
        if self.corrected is None or self.months_elapsed == 0:
            return None
        return self.schedule[self.months_elapsed - 1]

    @property
    def backlog_out(self) -> int | None:
        return None if self.balance is None else max(0, -self.balance)

    @property
    def lead_out(self) -> int | None:
        return None if self.balance is None else max(0, self.balance)

    def expected_after(self, k: int) -> Fraction | None:
        """Persons that should be housed after ``k`` months (k x corrected / 6)."""
        return None if self.corrected is None else Fraction(k * self.corrected, MONTHS)


def on_schedule(housed_so_far: int, corrected: int, k: int) -> bool:
    """At least k/6 of the corrected task housed after k months, in exact integers."""
    return MONTHS * housed_so_far >= k * corrected


def build(
    half_years: Iterable[HalfYear],
    *,
    opening_balance: int | None = None,
    today: tuple[int, int] | None = None,
) -> list[Row]:
    """The ledger rows for ``half_years`` in chronological order.

    ``opening_balance`` is the balance brought into the first half-year (positive = lead,
    negative = backlog; None: not known, so nothing is carried over and the row says so).
    ``today`` is ``(year, month)`` and decides how many months of each half-year have ended
    (``None``: every half-year is finished).
    """
    ordered = sorted(half_years, key=lambda h: (h.year, h.half))
    rows: list[Row] = []
    previous: Row | None = None
    streak = 0
    for index, entry in enumerate(ordered):
        notes: list[str] = []
        if index == 0 and opening_balance is None:
            carried, known = 0, False
            notes.append("no-opening")
        elif index == 0:
            carried, known = opening_balance, True
        elif previous is not None and (previous.year, previous.half) == previous_half(
            entry.year, entry.half
        ):
            if previous.balance is None:
                carried, known = 0, False
                notes.append("previous-unknown")
            else:
                carried, known = previous.balance, True
        else:
            carried, known = 0, False
            notes.append("not-consecutive")
        elapsed = (
            MONTHS
            if today is None
            else months_elapsed(entry.year, entry.half, today_year=today[0], today_month=today[1])
        )
        cumulative = tuple(sum(entry.housed[: k + 1]) for k in range(MONTHS))
        if not known:
            streak = 0  # a gap: the count of missed half-years starts again
        if entry.task is None:
            corrected = balance = None
            schedule: tuple[bool | None, ...] = (None,) * MONTHS
            missed = None
            streak = 0
        elif not entry.reported:
            corrected, balance = entry.task - carried, None
            schedule, missed, streak = (None,) * MONTHS, None, 0
            notes.append("not-reported")
        else:
            corrected = entry.task - carried
            balance = cumulative[-1] - corrected
            schedule = tuple(on_schedule(cumulative[k], corrected, k + 1) for k in range(MONTHS))
            if elapsed == MONTHS:
                missed = balance < 0
                streak = streak + 1 if missed else 0
            else:
                missed = None  # still running: not yet missed
        row = Row(
            year=entry.year,
            half=entry.half,
            task=entry.task,
            carried_over=carried,
            carried_known=known,
            corrected=corrected,
            housed=tuple(entry.housed),
            cumulative=cumulative,
            months_elapsed=elapsed,
            schedule=schedule,
            balance=balance,
            missed=missed,
            missed_streak=streak,
            escalate=bool(missed) and streak >= ESCALATION_STREAK,
            notes=tuple(notes),
        )
        rows.append(row)
        previous = row
    return rows


# ----------------------------------------------------------------------------- housed


@dataclass(frozen=True)
class Entry:
    """A current placement figure as the ledger needs it."""

    year: int
    month: int
    count: int
    by_municipality: bool
    is_demo: bool = False


@dataclass(frozen=True)
class Month:
    """The persons housed in one month and whose figure counts."""

    year: int
    month: int
    count: int
    counted_from: str  # "municipality", "associations" or "" (nothing entered)
    is_demo: bool


def housed_per_month(entries: Iterable[Entry]) -> dict[tuple[int, int], Month]:
    """Per (year, month): the municipality's own figure where it entered one, else the sum of
    what the associations entered. Both report the same people, so adding them up would count
    a person twice."""
    by_month: dict[tuple[int, int], list[Entry]] = {}
    for entry in entries:
        by_month.setdefault((entry.year, entry.month), []).append(entry)
    result: dict[tuple[int, int], Month] = {}
    for key, items in by_month.items():
        own = [e for e in items if e.by_municipality]
        counted = own or items
        result[key] = Month(
            year=key[0],
            month=key[1],
            count=sum(e.count for e in counted),
            counted_from="municipality" if own else "associations",
            is_demo=any(e.is_demo for e in counted),
        )
    return result


def half_year_housed(months: dict[tuple[int, int], Month], year: int, half: int) -> tuple[int, ...]:
    return tuple(months[(year, m)].count if (year, m) in months else 0 for m in months_of(half))


def half_year_reported(months: dict[tuple[int, int], Month], year: int, half: int) -> bool:
    """Whether anyone entered a figure for a month of the half-year."""
    return any((year, m) in months for m in months_of(half))


def half_years_with_figures(
    tasks: Sequence[tuple[int, int]], months: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The half-years that have a task or a housed figure, in order."""
    found = set(tasks)
    found.update((year, 1 if month <= 6 else 2) for year, month in months)
    return sorted(found)
