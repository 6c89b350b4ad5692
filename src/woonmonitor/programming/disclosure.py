"""Disclosure control of plan aggregates (issue 12, point 5). Pure: no database.

A municipality marks how public each plan is: ``project`` (shown one by one), ``totalen`` (may
count in totals, never shown alone) or ``partijen`` (only its parties see it). The caller turns
that into ``Part``s for one viewer: a plan the viewer may see one by one (``visible_to``) is not
sensitive; a ``totalen`` plan the viewer may not see is *sensitive*; a ``partijen`` plan the
viewer may not see is left out altogether (it never reaches their figures).

``disclose(cells, relations)`` decides which cells the viewer gets as "afgeschermd":

1. **Primary**: a cell with 1 or 2 sensitive plans (``0 < n < minimum``, minimum 3) is hidden:
   anyone can subtract the plans shown one by one and would be left with one or two plans.
2. **Secondary**: for every relation ``total = sum(members)`` whose total is shown, the hidden
   members together must hold no sensitive plan or at least ``minimum`` different ones;
   otherwise another member that holds sensitive plans is hidden too (the smallest, then the
   first in order). A member without sensitive plans is no help (its value is known from the
   plans shown one by one), so when none is left the total itself is hidden, which then counts
   in the relations it is a member of.
3. **Audit**: ``recoverable`` solves the whole system of relations exactly (Gaussian elimination
   over fractions) and names every hidden cell whose sensitive part follows from what is shown;
   for each, one more total or member is hidden, and steps 2-3 repeat until nothing is
   recoverable.

Known limit: the audit proves that no single hidden cell can be computed; it does not bound a
hidden cell between a lower and an upper value (counts are not negative), which is the usual
further step of statistical offices and not needed at the level of plans per municipality.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

MINIMUM = 3


@dataclass(frozen=True)
class Part:
    """One plan's units in one cell."""

    project: Hashable
    units: int
    sensitive: bool


@dataclass(frozen=True)
class Relation:
    """``total`` is the sum of ``members`` (a row with its row total, a column, ...)."""

    total: Hashable
    members: tuple[Hashable, ...]


@dataclass(frozen=True)
class Disclosure:
    values: dict
    hidden: frozenset
    primary: frozenset
    secondary: frozenset

    def shown(self, key: Hashable) -> int | None:
        """The value the viewer gets: ``None`` when hidden ("afgeschermd")."""
        if key in self.hidden:
            return None
        return self.values.get(key, 0)

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.hidden


def _sensitive(parts: Sequence[Part]) -> frozenset:
    return frozenset(p.project for p in parts if p.sensitive and p.units)


def check_relations(cells: Mapping[Hashable, Sequence[Part]], relations: Sequence[Relation]):
    """Raise ``ValueError`` when a relation does not add up (then suppression would be wrong)."""
    for rel in relations:
        total = sum(p.units for p in cells.get(rel.total, ()))
        members = sum(p.units for m in rel.members for p in cells.get(m, ()))
        if total != members:
            raise ValueError(f"{rel.total!r}: {total} is not the sum of its members ({members})")


def recoverable(
    cells: Mapping[Hashable, Sequence[Part]], relations: Sequence[Relation], hidden: set
) -> list:
    """The hidden cells whose sensitive part follows exactly from the relations and what is
    shown (``e_i`` in the row space of the relations over the unknown cells)."""
    unknown = [k for k in sorted(hidden, key=repr) if _sensitive(cells.get(k, ()))]
    index = {key: i for i, key in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for rel in relations:
        row = [Fraction(0)] * len(unknown)
        for member in rel.members:
            if member in index:
                row[index[member]] += 1
        if rel.total in index:
            row[index[rel.total]] -= 1
        if any(row):
            rows.append(row)
    # reduced row echelon form
    pivot_row = 0
    pivots: list[int] = []
    for column in range(len(unknown)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column]), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivots.append(column)
        pivot_row += 1
        if pivot_row == len(rows):
            break
    determined = []
    for r, column in enumerate(pivots):
        if sum(1 for value in rows[r] if value) == 1:
            determined.append(unknown[column])
    return determined


def disclose(
    cells: Mapping[Hashable, Sequence[Part]],
    relations: Sequence[Relation],
    *,
    minimum: int = MINIMUM,
) -> Disclosure:
    """Which cells to hide for the viewer the ``Part``s were made for (see the module)."""
    check_relations(cells, relations)
    keys = list(cells)
    for rel in relations:
        keys += [rel.total, *rel.members]
    order = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    values = {key: sum(p.units for p in cells.get(key, ())) for key in order}
    sensitive = {key: _sensitive(cells.get(key, ())) for key in order}
    primary = {key for key in order if 0 < len(sensitive[key]) < minimum}
    hidden = set(primary)

    def smallest(candidates):
        return min(candidates, key=lambda k: (values[k], order[k]))

    while True:
        changed = False
        for rel in relations:
            if rel.total in hidden:
                continue
            union = frozenset().union(*(sensitive[m] for m in rel.members if m in hidden))
            if not 0 < len(union) < minimum:
                continue
            helpers = [m for m in rel.members if m not in hidden and sensitive[m]]
            hidden.add(smallest(helpers) if helpers else rel.total)
            changed = True
        if changed:
            continue
        found = recoverable(cells, relations, hidden)
        for key in found:
            involved = [rel for rel in relations if key == rel.total or key in rel.members]
            options = [
                k
                for rel in involved
                for k in (rel.total, *rel.members)
                if k != key and k not in hidden and sensitive[k]
            ]
            if not options:  # pragma: no cover - a well-formed table always has one
                raise ValueError(f"cannot protect {key!r}")
            hidden.add(smallest(options))
            changed = True
            break
        if not changed:
            break
    return Disclosure(
        values=values,
        hidden=frozenset(hidden),
        primary=frozenset(primary),
        secondary=frozenset(hidden - primary),
    )


def full(cells: Mapping[Hashable, Sequence[Part]]) -> Disclosure:
    """Everything shown (a viewer who may see every plan counted)."""
    values = {key: sum(p.units for p in parts) for key, parts in cells.items()}
    return Disclosure(values, frozenset(), frozenset(), frozenset())
