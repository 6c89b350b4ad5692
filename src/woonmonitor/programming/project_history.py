"""What changed between two versions of a project. Pure: no database.

A version's ``data`` is ``services.project_data`` (all figures and descriptive fields as
JSON). ``changes(before, after)`` lists every difference as a ``Change`` with a Dutch label and
the old and new value written for people: a count that is ``None`` reads "onbekend" (unknown is
not 0), a missing delivery year reads "geen", a location says whether it is a point or a vlak
(coordinates are not shown). ``history(versions)`` pairs every version with what it changed
against the one before it; the first version changed nothing, it was the start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DeveloperKind, ProjectSource, Publicity
from .parsing.segments import Certainty, DwellingType, Segment

#: The plain fields of a version, in the order a change list shows them, with their labels.
FIELDS: tuple[tuple[str, Any], ...] = (
    ("name", gettext_lazy("naam")),
    ("municipality_code", gettext_lazy("gemeente")),
    ("phase_name", gettext_lazy("fase")),
    ("certainty", gettext_lazy("hard of zacht")),
    ("units_gross", gettext_lazy("woningen bruto")),
    ("demolition", gettext_lazy("sloop")),
    ("units_net", gettext_lazy("woningen netto")),
    ("developer_kind", gettext_lazy("soort ontwikkelaar")),
    ("developer_name", gettext_lazy("ontwikkelaar")),
    ("owner", gettext_lazy("bijgehouden door")),
    ("publicity", gettext_lazy("openbaarheid")),
    ("wijk_code", gettext_lazy("wijk")),
    ("buurt_code", gettext_lazy("buurt")),
    ("reference_date", gettext_lazy("peilmoment van de gegevens")),
    ("source", gettext_lazy("bron")),
    ("source_id", gettext_lazy("kenmerk bij de bron")),
    ("note", gettext_lazy("toelichting")),
    ("is_demo", gettext_lazy("demonstratieproject")),
)
#: Fields whose value is a count: ``None`` is "onbekend" there.
COUNTS = {"units_gross", "demolition", "units_net"}
#: Fields with choices: their values are shown by label.
CHOICES: dict[str, Any] = {
    "developer_kind": DeveloperKind,
    "publicity": Publicity,
    "source": ProjectSource,
    "certainty": Certainty,
}


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class VersionChanges:
    version: Any
    changes: tuple[Change, ...]
    first: bool


def _text(value: Any, *, count: bool = False) -> str:
    if value is None or value == "":
        return _("onbekend") if count else _("leeg")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(value)


def _value(key: str, value: Any, *, count: bool) -> str:
    choices = CHOICES.get(key)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return _text(value, count=count)


def _location(geometry: Any) -> str:
    if not geometry:
        return _("geen locatie")
    kind = geometry.get("type") if isinstance(geometry, Mapping) else None
    if kind == "Point":
        lon, lat = geometry["coordinates"][:2]
        return _("punt (%(lat).5f, %(lon).5f)") % {"lat": lat, "lon": lon}
    if kind in ("Polygon", "MultiPolygon"):
        rings = geometry["coordinates"] if kind == "Polygon" else geometry["coordinates"][0]
        return _("vlak van %(count)s punten") % {"count": max(len(rings[0]) - 1, 0)}
    return _("locatie")


def _counts(
    prefix: str,
    label: str,
    names: Mapping[str, str],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> list[Change]:
    found = []
    keys = list(names) + sorted((set(before) | set(after)) - set(names))
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old != new:
            found.append(
                Change(
                    key=f"{prefix}.{key}",
                    label=f"{label}: {names.get(key, key)}",
                    old=_text(old, count=True),
                    new=_text(new, count=True),
                )
            )
    return found


def _deliveries(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    found = []
    for year in sorted(set(before) | set(after)):
        old, new = before.get(year), after.get(year)
        if old != new:
            found.append(
                Change(
                    key=f"deliveries.{year}",
                    label=_("oplevering %(year)s") % {"year": year},
                    old=_("geen") if old is None else str(old),
                    new=_("geen") if new is None else str(new),
                )
            )
    return found


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Every difference between two versions' data, in a fixed order."""
    found: list[Change] = []
    for key, label in FIELDS:
        old, new = before.get(key), after.get(key)
        if old != new:
            count = key in COUNTS
            found.append(
                Change(
                    key, str(label), _value(key, old, count=count), _value(key, new, count=count)
                )
            )
    if before.get("geometry") != after.get("geometry"):
        found.append(
            Change(
                "geometry",
                _("locatie"),
                _location(before.get("geometry")),
                _location(after.get("geometry")),
            )
        )
    found += _counts(
        "segments",
        _("segment"),
        {key: str(label) for key, label in Segment.choices},
        before.get("segments") or {},
        after.get("segments") or {},
    )
    found += _counts(
        "dwelling_types",
        _("woningtype"),
        {key: str(label) for key, label in DwellingType.choices},
        before.get("dwelling_types") or {},
        after.get("dwelling_types") or {},
    )
    found += _deliveries(before.get("deliveries") or {}, after.get("deliveries") or {})
    return found


def history(versions: Iterable[Any]) -> list[VersionChanges]:
    """Each version (oldest first in, newest first out) with what it changed against the
    version before it. ``versions`` are objects with a ``data`` mapping."""
    ordered: Sequence[Any] = list(versions)
    result = []
    previous = None
    for version in ordered:
        if previous is None:
            result.append(VersionChanges(version, (), True))
        else:
            result.append(
                VersionChanges(version, tuple(changes(previous.data, version.data)), False)
            )
        previous = version
    return list(reversed(result))
