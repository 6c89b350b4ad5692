"""Judging whether consecutive vintages of a code are the same area (``areas.Continuity``).

Evidence, strongest first:

1. data: the total surface of both vintages (``oppervlakte-totaal``, ``areas.continuity.
   judge_surfaces``) and, for consecutive years, the end stock of year Y against the begin
   stock of year Y+1 in 81955NED (``judge_stock``); when both exist both must agree;
2. a sourced statement in ``monitor/data/continuity.csv`` for pairs without data evidence.

A pair without either stays unjudged, so a trend shows the two vintages apart.

Provinces and the country are judged afterwards from their gemeenten
(``judge_province_continuity``): the same when their proven lists of gemeenten are equal and
every one of those gemeenten is the same area in both vintages (``membership.same_area``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from woonmonitor.areas import services as area_services
from woonmonitor.areas.continuity import Judgement, judge_stock, judge_surfaces
from woonmonitor.areas.loaders.codes import normalise_code
from woonmonitor.areas.models import Area, Continuity, Level
from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.files import csv_records
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.models import Indicator, IndicatorValue

from .derived import province_lists
from .membership import same_area, same_area_evidence

STATEMENTS = Path(__file__).resolve().parent.parent / "data" / "continuity.csv"
SURFACE_KEY = "oppervlakte-totaal"
STOCK_BEGIN, STOCK_END = "voorraad-begin", "voorraad-eind"
STATEMENT_COLUMNS = ("code", "from_vintage", "to_vintage", "same", "evidence", "source")
MAX_TEXT = 300
#: The source of a province or country judgement (the gemeenten's own judgements carry theirs).
FROM_MUNICIPALITIES = "Woonmonitor: afgeleid uit de continuïteit van de gemeenten"


@dataclass(frozen=True)
class Statement:
    code: str
    first: int
    last: int
    same: bool
    evidence: str
    source: str

    def covers(self, code: str, earlier: int, later: int) -> bool:
        return code == self.code and self.first <= earlier < later <= self.last


def read_statements(path: Path = STATEMENTS) -> list[Statement]:
    """The sourced statements; ``MalformedFile`` for a malformed file (nothing half-read)."""
    try:
        header, records = csv_records(path, delimiter=",", comment="#")
    except OSError as exc:
        raise MalformedFile(f"{path.name} niet leesbaar: {exc}") from exc
    missing = [c for c in STATEMENT_COLUMNS if c not in header]
    if missing:
        raise MalformedFile(f"{path.name}: kolommen ontbreken: {', '.join(missing)}")
    statements = []
    for number, row in enumerate(records, start=2):
        try:
            first, last = int(row["from_vintage"]), int(row["to_vintage"])
            same = {"1": True, "0": False, "ja": True, "nee": False}[row["same"].strip().lower()]
            code = normalise_code(row["code"])
        except (KeyError, ValueError) as exc:
            raise MalformedFile(f"{path.name} regel {number}: {exc}") from exc
        evidence, source = row["evidence"].strip(), row["source"].strip()
        if first >= last or not evidence or not source:
            raise MalformedFile(
                f"{path.name} regel {number}: from_vintage < to_vintage, evidence en source "
                "zijn verplicht"
            )
        statements.append(Statement(code, first, last, same, evidence, source))
    return statements


@dataclass
class ContinuityResult:
    recorded: int = 0
    unchanged: int = 0
    by_kind: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.by_kind.items()))
        return (
            f"{self.recorded + self.unchanged} paren beoordeeld ({kinds or 'geen'}): "
            f"{self.recorded} vastgelegd, {self.unchanged} ongewijzigd"
        )


def _values(key: str) -> dict[int, tuple[float, str]]:
    """``{area id: (value, source)}`` of an indicator in the period equal to the area's vintage."""
    indicator = Indicator.objects.filter(key=key).values_list("id", flat=True).first()
    if indicator is None:
        return {}
    rows = (
        IndicatorValue.objects.current()
        .filter(indicator_id=indicator, value__isnull=False)
        .values_list("area_id", "period", "area__vintage", "value", "import_run__source")
        .iterator(chunk_size=20000)
    )
    return {
        area: (value, source or "")
        for area, period, vintage, value, source in rows
        if period == vintage
    }


def _join(*sources: str) -> str:
    unique = list(dict.fromkeys(s for s in sources if s))
    return "; ".join(unique)[:MAX_TEXT]


def _evidence(
    earlier: tuple[int, int], later: tuple[int, int], surfaces: dict, begins: dict, ends: dict
) -> tuple[list[Judgement], list[str], list[str]]:
    (earlier_vintage, earlier_id), (later_vintage, later_id) = earlier, later
    judgements: list[Judgement] = []
    kinds: list[str] = []
    sources: list[str] = []
    if earlier_id in surfaces and later_id in surfaces:
        found = judge_surfaces(surfaces[earlier_id][0], surfaces[later_id][0])
        if found is not None:
            judgements.append(found)
            kinds.append("oppervlakte")
            sources += [surfaces[earlier_id][1], surfaces[later_id][1]]
    if later_vintage == earlier_vintage + 1 and earlier_id in ends and later_id in begins:
        judgements.append(judge_stock(ends[earlier_id][0], begins[later_id][0]))
        kinds.append("woningvoorraad")
        sources += [ends[earlier_id][1]]
    return judgements, kinds, sources


@transaction.atomic
def judge_continuity(
    *, recorder: RunRecorder | None = None, statements: list[Statement] | None = None
) -> ContinuityResult:
    """Judge every pair of consecutive vintages of each gemeente, wijk and buurt code."""
    statements = read_statements() if statements is None else statements
    by_code: dict[str, list[tuple[int, int]]] = defaultdict(list)
    levels = (Level.MUNICIPALITY, Level.DISTRICT, Level.NEIGHBOURHOOD)
    for pk, code, vintage in Area.objects.filter(level__in=levels).values_list(
        "id", "code", "vintage"
    ):
        by_code[code].append((vintage, pk))
    surfaces, begins, ends = _values(SURFACE_KEY), _values(STOCK_BEGIN), _values(STOCK_END)
    by_statement: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_statement[statement.code].append(statement)
    links: dict[tuple[int, int], tuple[bool, str, str]] = {}
    result = ContinuityResult()
    for code, vintages in by_code.items():
        vintages.sort()
        for earlier, later in zip(vintages, vintages[1:], strict=False):
            judgements, kinds, sources = _evidence(earlier, later, surfaces, begins, ends)
            statement = next(
                (s for s in by_statement.get(code, ()) if s.covers(code, earlier[0], later[0])),
                None,
            )
            if judgements:
                same = all(j.same for j in judgements)
                evidence = "; ".join(j.evidence for j in judgements)
                if statement is not None and statement.same != same and recorder:
                    recorder.warn(
                        f"{code} {earlier[0]}-{later[0]}",
                        f"de data ({evidence}) spreken de bronverklaring tegen; data gevolgd",
                    )
                links[(earlier[1], later[1])] = (same, evidence[:MAX_TEXT], _join(*sources))
                result.by_kind.update(kinds)
            elif statement is not None:
                links[(earlier[1], later[1])] = (
                    statement.same,
                    statement.evidence[:MAX_TEXT],
                    statement.source[:MAX_TEXT],
                )
                result.by_kind["bronverklaring"] += 1
    _bridge(by_code, links, surfaces, begins, ends, result)
    _store(links, result)
    return result


def _bridge(by_code, links, surfaces, begins, ends, result: ContinuityResult) -> None:
    """Judge an unproven pair (A, B) through the vintage after it: when A and C are the same by
    data and B and C are proven the same (data, a statement, or CBS's own indelingswijziging
    stored earlier), A and B are the same. A vintage loaded with few figures (the 2023 wijken of
    an income table) then does not cut a trend that surfaces proved before."""
    proven = {pair for pair, (same, _evidence_text, _source) in links.items() if same}
    proven |= set(Continuity.objects.filter(same=True).values_list("earlier_id", "later_id"))
    for vintages in by_code.values():
        for first, middle, last in zip(vintages, vintages[1:], vintages[2:], strict=False):
            if (first[1], middle[1]) in links or (middle[1], last[1]) not in proven:
                continue
            judgements, kinds, sources = _evidence(first, last, surfaces, begins, ends)
            if not judgements or not all(j.same for j in judgements):
                continue
            evidence = (
                f"{first[0]} en {last[0]} gelijk ("
                + "; ".join(j.evidence for j in judgements)
                + f"), en {middle[0]} en {last[0]} gelijk"
            )
            links[(first[1], middle[1])] = (True, evidence[:MAX_TEXT], _join(*sources))
            result.by_kind["via het jaar erna"] += 1


def _store(links: dict[tuple[int, int], tuple[bool, str, str]], result: ContinuityResult) -> None:
    """Store the judgements (new in bulk, changed ones replaced); counts go on ``result``."""
    existing = {
        (earlier, later): (same, evidence, source)
        for earlier, later, same, evidence, source in Continuity.objects.values_list(
            "earlier_id", "later_id", "same", "evidence", "source"
        )
    }
    new = [pair for pair in links if pair not in existing]
    changed = [
        (earlier, later, *judgement)
        for (earlier, later), judgement in links.items()
        if (earlier, later) in existing and existing[(earlier, later)] != judgement
    ]
    # New pairs in bulk (a national load judges thousands); a changed judgement through the
    # areas service, which replaces the old one.
    Continuity.objects.bulk_create(
        [
            Continuity(earlier_id=earlier, later_id=later, same=same, evidence=ev, source=src)
            for (earlier, later) in new
            for same, ev, src in [links[(earlier, later)]]
        ],
        batch_size=1000,
    )
    if changed:
        area_services.record_continuity(links=changed)
    recorded = len(new) + len(changed)
    result.recorded += recorded
    result.unchanged += len(links) - recorded


@transaction.atomic
def judge_province_continuity(
    *, recorder: RunRecorder | None = None, vintages: Iterable[int] | None = None
) -> ContinuityResult:
    """Judge consecutive vintages of each province and of the country from their gemeenten.

    Only ``same`` is ever concluded: gemeenten that changed inside a province do not prove that
    the province changed, so such a pair stays unjudged. A ``same`` judgement this function
    made earlier and can no longer prove (both vintages judged now) is removed.
    ``vintages``: see ``aggregate_upwards``.
    """
    lists = province_lists(vintages)
    by_code: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for pk, code, vintage, name in Area.objects.filter(
        level__in=(Level.PROVINCE, Level.COUNTRY)
    ).values_list("id", "code", "vintage", "name"):
        by_code[code].append((vintage, pk, name))
    links: dict[tuple[int, int], tuple[bool, str, str]] = {}
    for code, vintages_of_code in by_code.items():
        vintages_of_code.sort()
        name = vintages_of_code[-1][2] or code
        for (a, earlier_id, _), (b, later_id, _) in zip(
            vintages_of_code, vintages_of_code[1:], strict=False
        ):
            earlier, later = lists.of(code, a), lists.of(code, b)
            if earlier is None or later is None or not same_area(earlier, later, lists.links):
                continue
            evidence = same_area_evidence(earlier, later, name)[:MAX_TEXT]
            links[(earlier_id, later_id)] = (True, evidence, FROM_MUNICIPALITIES)
    result = ContinuityResult()
    if links:
        result.by_kind["gemeenten van provincie of land"] = len(links)
    _store(links, result)
    stale = Continuity.objects.filter(
        earlier__level__in=(Level.PROVINCE, Level.COUNTRY), source=FROM_MUNICIPALITIES
    )
    judged = set(lists.countries)
    removed = [
        pk
        for pk, earlier, later, *years in stale.values_list(
            "pk", "earlier_id", "later_id", "earlier__vintage", "later__vintage"
        )
        if (earlier, later) not in links and judged.issuperset(years)
    ]
    if removed:
        Continuity.objects.filter(pk__in=removed).delete()
        result.recorded += len(removed)
        if recorder is not None:
            recorder.warn(
                "provincies en land",
                f"{len(removed)} eerdere oordelen 'zelfde gebied' niet meer aantoonbaar; "
                "verwijderd",
            )
    return result
