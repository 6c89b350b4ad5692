"""Two peilmomenten side by side: what moved, changed, dropped out, came in and slipped. Pure.

The input is, per peilmoment, the copies of the projects (``PeilmomentProject.data``, which is
``services.project_data``) keyed by project id; the output says, per project:

* **phase moves**: another rung (up or down the ladder, and whether it crossed zacht -> hard or
  hard -> zacht); a move to a dropped rung ("vervallen") is not a move but a drop;
* **unit changes**: units netto and, per segment, a change of number (40 -> 30), a count that
  became known (unknown -> 12: a change of its own, not of number) or unknown (12 -> unknown);
* **dropped**: in A and in B absent or on a dropped rung (or in another municipality);
* **new**: in B and in A absent or dropped (or in another municipality);
* **slipped**: expected delivery moved to a later year, as units moved from one year to
  another (40 homes from 2027 to 2028); moves to an earlier year are "advanced".

A project "lives" in a peilmoment when it is there and not on a dropped rung. The totals per
municipality add up: units in A + new - dropped + changes = units in B (``Totals.adds_up``).
Demonstration projects get totals of their own (``Totals.is_demo``): they never feed the real
ones. Rungs are ordered with ``ranks`` (``(ladder, key) -> order``); without a rank for both
sides a move has direction ``"other"``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .parsing.segments import Segment

UP, DOWN, OTHER = "up", "down", "other"
TO_HARD, TO_SOFT = "zacht-hard", "hard-zacht"
#: kinds of a segment change
NUMBER, BECAME_KNOWN, BECAME_UNKNOWN = "aantal", "bekend", "onbekend"
#: why a project dropped out / came in
ABSENT, DROPPED_RUNG, OTHER_MUNICIPALITY = "afwezig", "vervallen", "andere-gemeente"
NEW, REVIVED = "nieuw", "weer-actief"

Data = Mapping[str, Any]


@dataclass(frozen=True)
class ProjectRef:
    id: int
    name: str
    municipality_code: str
    is_demo: bool


@dataclass(frozen=True)
class PhaseMove:
    project: ProjectRef
    old_phase: str
    old_name: str
    new_phase: str
    new_name: str
    direction: str
    #: ``TO_HARD``, ``TO_SOFT`` or "" when the move does not cross hard/zacht
    crossing: str
    units: int


@dataclass(frozen=True)
class SegmentChange:
    segment: str
    old: int | None
    new: int | None
    kind: str

    @property
    def delta(self) -> int | None:
        return self.new - self.old if self.kind == NUMBER else None  # type: ignore[operator]


@dataclass(frozen=True)
class UnitsChange:
    project: ProjectRef
    old_net: int
    new_net: int
    segments: tuple[SegmentChange, ...]

    @property
    def delta(self) -> int:
        return self.new_net - self.old_net


@dataclass(frozen=True)
class Dropped:
    project: ProjectRef
    units: int
    reason: str
    phase_name: str


@dataclass(frozen=True)
class New:
    project: ProjectRef
    units: int
    reason: str
    phase_name: str


@dataclass(frozen=True)
class DeliveryMove:
    units: int
    from_year: int
    to_year: int


@dataclass(frozen=True)
class Slip:
    project: ProjectRef
    #: moves to a later year (the slip) and to an earlier year (advanced)
    later: tuple[DeliveryMove, ...]
    earlier: tuple[DeliveryMove, ...]
    #: units that lost their year (removed from the schedule) and that got one, per year
    unscheduled: tuple[tuple[int, int], ...]
    scheduled: tuple[tuple[int, int], ...]

    @property
    def slipped_units(self) -> int:
        return sum(move.units for move in self.later)


@dataclass
class Totals:
    """Units netto per municipality (demonstration projects apart)."""

    municipality_code: str
    is_demo: bool
    units_a: int = 0
    new: int = 0
    dropped: int = 0
    changed: int = 0
    units_b: int = 0
    projects_a: int = 0
    projects_b: int = 0
    #: units per certainty ("hard", "zacht", "" for delivered) in A and in B
    certainty_a: dict[str, int] = field(default_factory=dict)
    certainty_b: dict[str, int] = field(default_factory=dict)

    @property
    def adds_up(self) -> bool:
        return self.units_a + self.new - self.dropped + self.changed == self.units_b

    def add(self, other: Totals) -> None:
        for name in ("units_a", "new", "dropped", "changed", "units_b", "projects_a"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.projects_b += other.projects_b
        for mine, theirs in (
            (self.certainty_a, other.certainty_a),
            (self.certainty_b, other.certainty_b),
        ):
            for key, units in theirs.items():
                mine[key] = mine.get(key, 0) + units


@dataclass(frozen=True)
class Comparison:
    date_a: datetime.date
    date_b: datetime.date
    phase_moves: tuple[PhaseMove, ...]
    unit_changes: tuple[UnitsChange, ...]
    dropped: tuple[Dropped, ...]
    new: tuple[New, ...]
    slips: tuple[Slip, ...]
    #: per (municipality code, is_demo), ordered by code with the real row first
    totals: tuple[Totals, ...]

    @property
    def has_demo(self) -> bool:
        return any(total.is_demo for total in self.totals)

    def grand_total(self, *, demo: bool) -> Totals:
        """The real municipalities together (``demo=False``), or the demonstration ones."""
        result = Totals(municipality_code="", is_demo=demo)
        for total in self.totals:
            if total.is_demo == demo:
                result.add(total)
        return result

    @property
    def empty(self) -> bool:
        return not (self.phase_moves or self.unit_changes or self.dropped or self.new or self.slips)


def _ref(project_id: int, data: Data) -> ProjectRef:
    return ProjectRef(
        id=project_id,
        name=str(data.get("name", "")),
        municipality_code=str(data.get("municipality_code", "")),
        is_demo=bool(data.get("is_demo")),
    )


def lives(data: Data | None, dropped_rungs: frozenset[tuple[str, str]]) -> bool:
    """The copy is there and not on a dropped rung."""
    if data is None:
        return False
    return (str(data.get("ladder", "")), str(data.get("phase", ""))) not in dropped_rungs


def segment_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[SegmentChange, ...]:
    """Per segment (in the order of ``Segment``): unknown is ``None`` (or absent), never 0."""
    found = []
    for segment in Segment.values:
        before, after = old.get(segment), new.get(segment)
        if before == after:
            continue
        if before is None:
            kind = BECAME_KNOWN
        elif after is None:
            kind = BECAME_UNKNOWN
        else:
            kind = NUMBER
        found.append(SegmentChange(segment=segment, old=before, new=after, kind=kind))
    return tuple(found)


def delivery_moves(
    old: Mapping[str, int], new: Mapping[str, int]
) -> tuple[list[DeliveryMove], list[tuple[int, int]], list[tuple[int, int]]]:
    """Units that left a year matched, in year order, with units that came into another year
    (the fewest home-years moved). Returns the moves and what is left: units that lost their
    year (unscheduled) and units that got one (scheduled), as ``(year, units)``."""
    before = {int(year): int(units) for year, units in old.items()}
    after = {int(year): int(units) for year, units in new.items()}
    years = sorted(set(before) | set(after))
    out = [[year, before.get(year, 0) - after.get(year, 0)] for year in years]
    into = [[year, after.get(year, 0) - before.get(year, 0)] for year in years]
    out = [item for item in out if item[1] > 0]
    into = [item for item in into if item[1] > 0]
    moves: list[DeliveryMove] = []
    i = j = 0
    while i < len(out) and j < len(into):
        units = min(out[i][1], into[j][1])
        moves.append(DeliveryMove(units=units, from_year=out[i][0], to_year=into[j][0]))
        out[i][1] -= units
        into[j][1] -= units
        if out[i][1] == 0:
            i += 1
        if into[j][1] == 0:
            j += 1
    unscheduled = [(year, units) for year, units in out if units > 0]
    scheduled = [(year, units) for year, units in into if units > 0]
    return moves, unscheduled, scheduled


def _direction(a: Data, b: Data, ranks: Mapping[tuple[str, str], int]) -> str:
    rank_a = ranks.get((str(a.get("ladder")), str(a.get("phase"))))
    rank_b = ranks.get((str(b.get("ladder")), str(b.get("phase"))))
    if rank_a is None or rank_b is None or a.get("ladder") != b.get("ladder"):
        return OTHER
    return UP if rank_b > rank_a else DOWN


def _crossing(a: Data, b: Data) -> str:
    before, after = a.get("certainty") or "", b.get("certainty") or ""
    if before == "zacht" and after == "hard":
        return TO_HARD
    if before == "hard" and after == "zacht":
        return TO_SOFT
    return ""


def compare(
    a: Mapping[int, Data],
    b: Mapping[int, Data],
    *,
    date_a: datetime.date,
    date_b: datetime.date,
    ranks: Mapping[tuple[str, str], int],
    dropped_rungs: frozenset[tuple[str, str]] | set[tuple[str, str]],
) -> Comparison:
    """Compare the copies of peilmoment A (earlier) with those of B; ``dropped_rungs`` are the
    ``(ladder, key)`` of rungs that mean "vervallen"."""
    dropped_rungs = frozenset(dropped_rungs)
    moves: list[PhaseMove] = []
    changes: list[UnitsChange] = []
    dropped: list[Dropped] = []
    new: list[New] = []
    slips: list[Slip] = []
    totals: dict[tuple[str, bool], Totals] = {}

    def total(data: Data) -> Totals:
        key = (str(data.get("municipality_code", "")), bool(data.get("is_demo")))
        if key not in totals:
            totals[key] = Totals(municipality_code=key[0], is_demo=key[1])
        return totals[key]

    for project_id in sorted(set(a) | set(b)):
        old, now = a.get(project_id), b.get(project_id)
        live_a, live_b = lives(old, dropped_rungs), lives(now, dropped_rungs)
        if live_a:
            row = total(old)  # type: ignore[arg-type]
            units = int(old["units_net"])  # type: ignore[index]
            row.units_a += units
            row.projects_a += 1
            certainty = old.get("certainty") or ""  # type: ignore[union-attr]
            row.certainty_a[certainty] = row.certainty_a.get(certainty, 0) + units
        if live_b:
            row = total(now)  # type: ignore[arg-type]
            units = int(now["units_net"])  # type: ignore[index]
            row.units_b += units
            row.projects_b += 1
            certainty = now.get("certainty") or ""  # type: ignore[union-attr]
            row.certainty_b[certainty] = row.certainty_b.get(certainty, 0) + units
        same_place = (
            live_a
            and live_b
            and old.get("municipality_code") == now.get("municipality_code")  # type: ignore[union-attr]
            and bool(old.get("is_demo")) == bool(now.get("is_demo"))  # type: ignore[union-attr]
        )
        if live_a and not same_place:
            reason = ABSENT if now is None else (OTHER_MUNICIPALITY if live_b else DROPPED_RUNG)
            units = int(old["units_net"])  # type: ignore[index]
            dropped.append(
                Dropped(
                    project=_ref(project_id, old),  # type: ignore[arg-type]
                    units=units,
                    reason=reason,
                    phase_name=str((now or old).get("phase_name", "")),  # type: ignore[union-attr]
                )
            )
            total(old).dropped += units  # type: ignore[arg-type]
        if live_b and not same_place:
            reason = NEW if old is None else (OTHER_MUNICIPALITY if live_a else REVIVED)
            units = int(now["units_net"])  # type: ignore[index]
            new.append(
                New(
                    project=_ref(project_id, now),  # type: ignore[arg-type]
                    units=units,
                    reason=reason,
                    phase_name=str(now.get("phase_name", "")),  # type: ignore[union-attr]
                )
            )
            total(now).new += units  # type: ignore[arg-type]
        if not same_place:
            continue
        assert old is not None and now is not None
        ref = _ref(project_id, now)
        if (old.get("ladder"), old.get("phase")) != (now.get("ladder"), now.get("phase")):
            moves.append(
                PhaseMove(
                    project=ref,
                    old_phase=str(old.get("phase")),
                    old_name=str(old.get("phase_name", "")),
                    new_phase=str(now.get("phase")),
                    new_name=str(now.get("phase_name", "")),
                    direction=_direction(old, now, ranks),
                    crossing=_crossing(old, now),
                    units=int(now["units_net"]),
                )
            )
        segments = segment_changes(old.get("segments") or {}, now.get("segments") or {})
        if old["units_net"] != now["units_net"] or segments:
            changes.append(
                UnitsChange(
                    project=ref,
                    old_net=int(old["units_net"]),
                    new_net=int(now["units_net"]),
                    segments=segments,
                )
            )
            total(now).changed += int(now["units_net"]) - int(old["units_net"])
        found, unscheduled, scheduled = delivery_moves(
            old.get("deliveries") or {}, now.get("deliveries") or {}
        )
        later = tuple(move for move in found if move.to_year > move.from_year)
        earlier = tuple(move for move in found if move.to_year < move.from_year)
        if later or earlier or unscheduled or scheduled:
            slips.append(
                Slip(
                    project=ref,
                    later=later,
                    earlier=earlier,
                    unscheduled=tuple(unscheduled),
                    scheduled=tuple(scheduled),
                )
            )

    def by_name(item: Any) -> tuple:
        return (item.project.municipality_code, item.project.name.lower(), item.project.id)

    return Comparison(
        date_a=date_a,
        date_b=date_b,
        phase_moves=tuple(sorted(moves, key=by_name)),
        unit_changes=tuple(sorted(changes, key=by_name)),
        dropped=tuple(sorted(dropped, key=by_name)),
        new=tuple(sorted(new, key=by_name)),
        slips=tuple(sorted(slips, key=by_name)),
        totals=tuple(totals[key] for key in sorted(totals)),
    )


def slipped_per_year(slips: tuple[Slip, ...]) -> dict[tuple[int, int], int]:
    """Units moved to a later year, summed per ``(from_year, to_year)``."""
    found: dict[tuple[int, int], int] = {}
    for slip in slips:
        for move in slip.later:
            key = (move.from_year, move.to_year)
            found[key] = found.get(key, 0) + move.units
    return dict(sorted(found.items()))
