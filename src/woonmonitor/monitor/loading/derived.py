"""Values derived from imported ones: ratios (``berekend``) and province and country totals
(``opgeteld``). Both write through ``store_values``, so a second run changes nothing.

Totals follow each indicator's own rule (``monitor/aggregation.py``) over the gemeenten of one
vintage, and are only stored when they are complete: every gemeente of the vintage has a value,
and, for a province, its list of gemeenten is proven complete (``membership.py``: directly, or
through a vintage with a complete classification in which all its gemeenten are unchanged).
The database only knows the whole set of gemeenten of a vintage when a national file was
loaded for it: a vintage with fewer than ``MIN_MUNICIPALITIES`` gemeenten is a selection and
gets no totals at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from woonmonitor.areas import services as area_services
from woonmonitor.areas.loaders.codes import COUNTRY_CODE
from woonmonitor.areas.models import Area, Continuity, Level
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.aggregation import Aggregate, Part, aggregate, ratio
from woonmonitor.monitor.models import (
    Aggregation,
    Computation,
    Indicator,
    IndicatorValue,
    ValueOrigin,
    ValueStatus,
)
from woonmonitor.monitor.services import NewValue, StoreResult, store_values

from .membership import Membership, SameLinks, memberships

#: The Netherlands had between 342 and 415 gemeenten in every year from 2012 to 2024; a vintage
#: with fewer known gemeenten was loaded for a selection and cannot give provincial or national
#: totals.
MIN_MUNICIPALITIES = 300
#: A computed or aggregated value never replaces one that came from a source or a party.
SOURCED = (ValueOrigin.IMPORTED, ValueOrigin.ENTERED)


def _warn(recorder: RunRecorder | None, row: str, message: str) -> None:
    if recorder is not None:
        recorder.warn(row, message)


def _add(total: StoreResult, part: StoreResult) -> None:
    total.created += part.created
    total.replaced += part.replaced
    total.unchanged += part.unchanged


def _current(indicator_id: int, **filters) -> Iterable[tuple]:
    return (
        IndicatorValue.objects.current()
        .filter(indicator_id=indicator_id, **filters)
        .values_list("area_id", "period", "value", "status", "origin")
        .iterator(chunk_size=20000)
    )


@transaction.atomic
def compute_ratios(*, recorder: RunRecorder | None = None) -> StoreResult:
    """Ratio indicators (numerator / denominator x factor) wherever both parts have a value in
    the same area and period and no sourced or aggregated value of the ratio exists there."""
    total = StoreResult()
    ids = dict(Indicator.objects.values_list("key", "id"))
    run = recorder.run if recorder else None
    for indicator in Indicator.objects.filter(computation=Computation.RATIO).order_by("key"):
        numerator_id = ids.get(indicator.numerator)
        denominator_id = ids.get(indicator.denominator)
        if numerator_id is None or denominator_id is None:
            _warn(
                recorder,
                indicator.key,
                f"teller {indicator.numerator!r} of noemer {indicator.denominator!r} "
                "staat niet in de catalogus; verhouding niet berekend",
            )
            continue
        taken = {
            (area, period)
            for area, period, _, _, origin in _current(indicator.pk)
            if origin != ValueOrigin.COMPUTED
        }
        denominators = {(a, p): (v, s) for a, p, v, s, _ in _current(denominator_id)}
        note = f"berekend: {indicator.numerator} / {indicator.denominator}"
        if indicator.factor != 1:
            note += f" × {indicator.factor:g}"
        new = []
        for area, period, value, status, _ in _current(numerator_id):
            if (area, period) in taken or value is None:
                continue
            base = denominators.get((area, period))
            if base is None or base[0] is None:
                continue
            if base[0] == 0:
                result, state, why = (
                    None,
                    ValueStatus.MISSING,
                    f"niet te berekenen: {indicator.denominator} is 0",
                )
            else:
                provisional = ValueStatus.PROVISIONAL in (status, base[1])
                result = ratio(value, base[0], indicator.factor)
                state = ValueStatus.PROVISIONAL if provisional else ValueStatus.DEFINITIVE
                why = note
            new.append(
                NewValue(indicator.pk, area, period, result, state, why, ValueOrigin.COMPUTED)
            )
        _add(total, store_values(values=new, import_run=run))
    return total


class _Municipalities:
    """The gemeenten per vintage with their code and province code (None when unknown)."""

    def __init__(self) -> None:
        self.vintage_of: dict[int, int] = {}
        self.code_of: dict[int, str] = {}
        self.members: dict[int, list[int]] = defaultdict(list)
        self.province_of: dict[int, str | None] = {}
        rows = Area.objects.filter(level=Level.MUNICIPALITY).values_list(
            "id", "code", "vintage", "parent__level", "parent__code"
        )
        for pk, code, vintage, parent_level, parent_code in rows:
            self.vintage_of[pk] = vintage
            self.code_of[pk] = code
            self.members[vintage].append(pk)
            self.province_of[pk] = parent_code if parent_level == Level.PROVINCE else None

    def without_province(self, vintage: int) -> list[int]:
        return [pk for pk in self.members[vintage] if self.province_of[pk] is None]

    def classification(self, vintages: Iterable[int]) -> dict[int, dict[str, str | None]]:
        return {
            vintage: {self.code_of[pk]: self.province_of[pk] for pk in self.members[vintage]}
            for vintage in vintages
            if self.members.get(vintage)
        }


def same_links() -> SameLinks:
    """The ``same`` judgements between vintages of one gemeente code."""
    rows = Continuity.objects.filter(
        same=True, earlier__level=Level.MUNICIPALITY, later__level=Level.MUNICIPALITY
    ).values_list("earlier__code", "later__code", "earlier__vintage", "later__vintage")
    return SameLinks(
        (code, earlier, later) for code, later_code, earlier, later in rows if code == later_code
    )


@dataclass
class ProvinceLists:
    """Proven lists of gemeenten per province and vintage, and the country's (all of them)."""

    links: SameLinks
    provinces: dict[tuple[str, int], Membership]
    countries: dict[int, Membership]

    def of(self, code: str, vintage: int) -> Membership | None:
        if code == COUNTRY_CODE:
            return self.countries.get(vintage)
        return self.provinces.get((code, vintage))


def province_lists(
    vintages: Iterable[int] | None = None, municipalities: _Municipalities | None = None
) -> ProvinceLists:
    """``ProvinceLists`` of ``vintages`` (default: the national ones)."""
    municipalities = municipalities or _Municipalities()
    chosen = set(vintages) if vintages is not None else national_vintages(municipalities)
    classification = municipalities.classification(chosen)
    links = same_links()
    countries = {
        vintage: Membership(COUNTRY_CODE, vintage, frozenset(codes), None, "alle gemeenten")
        for vintage, codes in classification.items()
    }
    return ProvinceLists(links, memberships(classification, links), countries)


def _targets(
    municipalities: _Municipalities,
    lists: ProvinceLists,
    vintages: set[int],
    recorder: RunRecorder | None,
) -> dict[int, dict[str, object]]:
    """Per vintage: the country area id, ``{province area id: [gemeente ids]}`` and, for a
    province whose list was proven through another vintage, a note saying so."""
    run = recorder.run if recorder else None
    targets: dict[int, dict[str, object]] = {}
    for vintage in sorted(vintages):
        members = municipalities.members.get(vintage, [])
        if not members:
            continue
        country = area_services.ensure_country(vintage=vintage, import_run=run)
        unknown = municipalities.without_province(vintage)
        if unknown:
            codes = sorted(municipalities.code_of[pk] for pk in unknown)
            _warn(
                recorder,
                f"jaargang {vintage}",
                f"van {len(unknown)} van de {len(members)} gemeenten is de provincie onbekend "
                f"({', '.join(codes[:10])}{' ...' if len(codes) > 10 else ''}): alleen "
                "provincietotalen waarvan de gemeenten aantoonbaar compleet zijn",
            )
        pk_of = {municipalities.code_of[pk]: pk for pk in members}
        proven = sorted(
            (membership for (_, year), membership in lists.provinces.items() if year == vintage),
            key=lambda membership: membership.province,
        )
        by_code: dict[str, list[int]] = {}
        notes: dict[str, str] = {}
        for membership in proven:
            if not membership.proven:
                if unknown:
                    _warn(
                        recorder,
                        f"{membership.province} jaargang {vintage}",
                        f"geen provincietotalen: {membership.reason}",
                    )
                continue
            by_code[membership.province] = [pk_of[code] for code in sorted(membership.members)]
            if membership.reference is not None:
                notes[membership.province] = (
                    f"; gemeenten van de provincie als in {membership.reference}, ongewijzigd"
                )
                _warn(
                    recorder,
                    f"{membership.province} jaargang {vintage}",
                    f"provincietotalen berekend: {membership.reason}",
                )
        ids = area_services.ensure_areas(codes=by_code, vintage=vintage, import_run=run)
        targets[vintage] = {
            "country": country.pk,
            "provinces": {ids[code]: pks for code, pks in by_code.items()},
            "notes": {ids[code]: note for code, note in notes.items()},
            "members": members,
        }
    return targets


def national_vintages(municipalities: _Municipalities | None = None) -> set[int]:
    municipalities = municipalities or _Municipalities()
    return {
        vintage
        for vintage, members in municipalities.members.items()
        if len(members) >= MIN_MUNICIPALITIES
    }


@transaction.atomic
def aggregate_upwards(
    *, recorder: RunRecorder | None = None, vintages: Iterable[int] | None = None
) -> StoreResult:
    """Province and country values of every additive indicator, per vintage and period.

    ``vintages``: the vintages whose gemeenten are all in the database; default: every
    vintage with at least ``MIN_MUNICIPALITIES`` gemeenten.
    """
    total = StoreResult()
    municipalities = _Municipalities()
    chosen = set(vintages) if vintages is not None else national_vintages(municipalities)
    for vintage, members in sorted(municipalities.members.items()):
        if vintage not in chosen:
            _warn(
                recorder,
                f"jaargang {vintage}",
                f"geen provincie- of landtotalen: slechts {len(members)} gemeenten van deze "
                "jaargang bekend (geen landelijk bestand ingelezen)",
            )
    lists = province_lists(chosen, municipalities)
    targets = _targets(municipalities, lists, chosen, recorder)
    if not targets:
        return total
    ids = dict(Indicator.objects.values_list("key", "id"))
    target_ids = set()
    for target in targets.values():
        target_ids.add(target["country"])
        target_ids.update(target["provinces"])
    weights: dict[str, dict[tuple[int, int], float | None]] = {}
    run = recorder.run if recorder else None
    indicators = Indicator.objects.exclude(aggregation=Aggregation.NONE).order_by("key")
    for indicator in indicators:
        weight = None
        if indicator.aggregation == Aggregation.WEIGHTED_MEAN:
            if indicator.weight not in ids:
                _warn(recorder, indicator.key, f"gewicht {indicator.weight!r} onbekend")
                continue
            if indicator.weight not in weights:
                weights[indicator.weight] = {
                    (a, p): v
                    for a, p, v, _, _ in _current(
                        ids[indicator.weight], area__level=Level.MUNICIPALITY
                    )
                }
            weight = weights[indicator.weight]
        new = _aggregate_indicator(indicator, weight, municipalities, targets, target_ids, recorder)
        _add(total, store_values(values=new, import_run=run))
    return total


def _aggregate_indicator(
    indicator: Indicator,
    weight: dict[tuple[int, int], float | None] | None,
    municipalities: _Municipalities,
    targets: dict[int, dict[str, object]],
    target_ids: set[int],
    recorder: RunRecorder | None,
) -> list[NewValue]:
    values: dict[tuple[int, int], dict[int, tuple[float | None, str]]] = defaultdict(dict)
    for area, period, value, status, _ in _current(indicator.pk, area__level=Level.MUNICIPALITY):
        vintage = municipalities.vintage_of.get(area)
        if vintage in targets:
            values[(vintage, period)][area] = (value, status)
    if not values:
        return []
    # A published total (e.g. the KWB country row) stands; an empty one ("." for Nederland)
    # does not stop the sum of complete parts.
    sourced = {
        (area, period)
        for area, period, value, _, origin in _current(indicator.pk, area_id__in=target_ids)
        if origin in SOURCED and value is not None
    }
    weighted = f", gewogen met {indicator.weight}" if weight is not None else ""
    new: list[NewValue] = []
    for (vintage, period), found in sorted(values.items()):
        target = targets[vintage]
        wholes = [(target["country"], target["members"]), *target["provinces"].items()]
        failed: list[str] = []
        for area_id, members in wholes:
            if (area_id, period) in sourced:
                continue
            parts = [
                Part(
                    found.get(pk, (None, ""))[0],
                    weight.get((pk, period)) if weight is not None else None,
                )
                for pk in members
            ]
            result: Aggregate = aggregate(indicator.aggregation, parts)
            if result.value is None:
                failed.append(result.note)
                continue
            provisional = any(found.get(pk, (None, ""))[1] == "voorlopig" for pk in members)
            extra = target["notes"].get(area_id, "")
            note = (
                f"{result.note.replace('gebieden', 'gemeenten')} "
                f"(indeling {vintage}{weighted}{extra})"
            )
            status = ValueStatus.PROVISIONAL if provisional else ValueStatus.DEFINITIVE
            new.append(
                NewValue(
                    indicator.pk,
                    area_id,
                    period,
                    result.value,
                    status,
                    note,
                    ValueOrigin.AGGREGATED,
                )
            )
        if failed:
            _warn(
                recorder,
                f"{indicator.key} {period} (indeling {vintage})",
                f"{len(failed)} van {len(wholes)} totalen (land en provincies) niet berekend: "
                f"{failed[0]}",
            )
    return new
