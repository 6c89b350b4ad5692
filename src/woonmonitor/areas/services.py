"""Writes for areas, boundaries, key figures and regions.

Every public function takes keyword-only arguments and runs in ``transaction.atomic`` (nested in
the import's transaction when called from a management command, so a failing file changes
nothing).

Parents: a buurt lies in the wijk of its code, a wijk in the gemeente of its code, a province
in the country ``NL01``; a gemeente's province comes from the data. The parent is looked up in
the same vintage first and otherwise in the nearest vintage that has the code (the later one on
a tie), so a 2023 buurt can hang under a 2024 wijk when no 2023 wijken are loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from woonmonitor.imports.models import ImportRun

from .loaders.codes import COUNTRY_CODE, COUNTRY_NAME, level_of, parent_code_of
from .loaders.regions import RegionSpec
from .models import Area, Boundary, KeyFigure, Level, Region, RegionMember
from .vintages import nearest_vintage

#: Child level of each level whose children are found by code prefix.
CHILD_LEVEL = {Level.MUNICIPALITY: Level.DISTRICT, Level.DISTRICT: Level.NEIGHBOURHOOD}


def _nearest(candidates: Iterable[tuple[int, Any]], vintage: int) -> Any | None:
    """The item of the (vintage, item) pairs nearest to ``vintage``; the later one on a tie."""
    best = nearest_vintage(candidates, vintage, vintage_of=lambda pair: pair[0])
    return best[1] if best else None


def nearest_area(*, code: str, vintage: int) -> Area | None:
    """The area with ``code`` in ``vintage``, else in the nearest vintage (later one on a tie)."""
    areas = Area.objects.filter(code=code).only("id", "code", "vintage", "name", "name_vintage")
    return _nearest(((area.vintage, area) for area in areas), vintage)


def resolve_name(*, code: str, vintage: int, name: str) -> tuple[str, int | None]:
    """(name, name_vintage): the given name; else the name already stored for this vintage;
    else the name of the nearest vintage with the code (and that vintage); else the code."""
    name = (name or "").strip()
    if name:
        return name, None
    own = Area.objects.filter(code=code, vintage=vintage).first()
    if own is not None and own.name and own.name != code:
        return own.name, own.name_vintage
    others = Area.objects.filter(code=code).exclude(vintage=vintage).exclude(name=code)
    other = _nearest(((a.vintage, a) for a in others if a.name), vintage)
    if other is not None:
        return other.name, other.name_vintage or other.vintage
    return code, None


@transaction.atomic
def save_area(
    *, code: str, vintage: int, name: str = "", import_run: ImportRun | None = None
) -> tuple[Area, bool]:
    """Create or update Area(code, vintage); the level follows from the code.

    Writes only when something changed, so a re-run of the same file is cheap.
    """
    level = level_of(code)
    if level is None:
        raise ValueError(f"Ongeldige gebiedscode {code!r}")
    resolved, name_vintage = resolve_name(code=code, vintage=vintage, name=name)
    values = {"level": level, "name": resolved[:200], "name_vintage": name_vintage}
    area = Area.objects.filter(code=code, vintage=vintage).first()
    if area is None:
        area = Area.objects.create(code=code, vintage=vintage, import_run=import_run, **values)
        return area, True
    changed = [field for field, value in values.items() if getattr(area, field) != value]
    if changed:
        for field in changed:
            setattr(area, field, values[field])
        area.import_run = import_run
        area.save(update_fields=[*changed, "import_run"])
    return area, False


@transaction.atomic
def ensure_country(*, vintage: int, import_run: ImportRun | None = None) -> Area:
    """The country area ``NL01`` of ``vintage``, created when missing."""
    area, _ = Area.objects.get_or_create(
        code=COUNTRY_CODE,
        vintage=vintage,
        defaults={"level": Level.COUNTRY, "name": COUNTRY_NAME, "import_run": import_run},
    )
    return area


@transaction.atomic
def save_province(
    *, code: str, vintage: int, name: str, import_run: ImportRun | None = None
) -> Area:
    """Create or update a province, with the country of the same vintage as parent."""
    country = ensure_country(vintage=vintage, import_run=import_run)
    area, _ = save_area(code=code, vintage=vintage, name=name, import_run=import_run)
    if area.parent_id != country.pk:
        area.parent = country
        area.save(update_fields=["parent"])
    return area


def province_by_name(*, name: str, vintage: int) -> Area | None:
    """The province of ``vintage`` with this name (case and surrounding spaces ignored)."""
    name = (name or "").strip()
    if not name:
        return None
    return Area.objects.filter(level=Level.PROVINCE, vintage=vintage, name__iexact=name).first()


def province_by_code(*, code: str, vintage: int) -> Area | None:
    """The province with ``code`` in ``vintage``, else the nearest vintage that has it."""
    return nearest_area(code=code, vintage=vintage) if code else None


@transaction.atomic
def set_parent(*, area: Area, parent: Area | None) -> None:
    if parent is not None and area.parent_id != parent.pk:
        area.parent = parent
        area.save(update_fields=["parent"])


@transaction.atomic
def link_to_parents(*, areas: Iterable[Area]) -> int:
    """Set the parent of each area whose parent follows from its code; return how many changed."""
    by_parent_code: dict[str, list[Area]] = defaultdict(list)
    for area in areas:
        parent_code = parent_code_of(area.code)
        if parent_code:
            by_parent_code[parent_code].append(area)
    if not by_parent_code:
        return 0
    candidates: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, code, vintage in Area.objects.filter(code__in=by_parent_code).values_list(
        "id", "code", "vintage"
    ):
        candidates[code].append((vintage, pk))
    changed = []
    for parent_code, children in by_parent_code.items():
        for child in children:
            parent_id = _nearest(candidates.get(parent_code, []), child.vintage)
            if parent_id is not None and child.parent_id != parent_id:
                child.parent_id = parent_id
                changed.append(child)
    Area.objects.bulk_update(changed, ["parent"], batch_size=500)
    return len(changed)


@transaction.atomic
def relink_children(*, parents: Iterable[Area]) -> int:
    """Re-resolve the parent of every wijk/buurt (of any vintage) under the given parent codes.

    Called after a load: a parent loaded later may be nearer than the one found before.
    """
    codes_by_level: dict[str, set[str]] = defaultdict(set)
    for parent in parents:
        child_level = CHILD_LEVEL.get(parent.level)
        if child_level:
            codes_by_level[child_level].add(parent.code)
    changed = 0
    for child_level, codes in codes_by_level.items():
        children = [
            child
            for child in Area.objects.filter(level=child_level).only(
                "id", "code", "vintage", "parent"
            )
            if parent_code_of(child.code) in codes
        ]
        changed += link_to_parents(areas=children)
    return changed


@transaction.atomic
def set_boundary(
    *, area: Area, geometry: dict[str, Any], source: str, import_run: ImportRun | None = None
) -> Boundary:
    boundary, _ = Boundary.objects.update_or_create(
        area=area, defaults={"geometry": geometry, "source": source[:300], "import_run": import_run}
    )
    return boundary


@transaction.atomic
def set_key_figure(
    *,
    area: Area,
    key: str,
    value: Decimal,
    reference_date: date,
    source: str,
    import_run: ImportRun | None = None,
) -> KeyFigure:
    figure, _ = KeyFigure.objects.update_or_create(
        area=area,
        key=key,
        defaults={
            "value": value,
            "reference_date": reference_date,
            "source": source[:300],
            "import_run": import_run,
        },
    )
    return figure


@transaction.atomic
def save_key_figures(
    *,
    figures: Iterable[tuple[Area, str, Decimal]],
    reference_date: date,
    source: str,
    import_run: ImportRun | None = None,
) -> tuple[int, int]:
    """Create or update many (area, key, value) figures at once; return (created, updated)."""
    wanted = {(area.pk, key): value for area, key, value in figures}
    existing = {
        (figure.area_id, figure.key): figure
        for figure in KeyFigure.objects.filter(area_id__in={pk for pk, _ in wanted})
    }
    source = source[:300]
    to_create, to_update = [], []
    for (area_id, key), value in wanted.items():
        figure = existing.get((area_id, key))
        if figure is None:
            to_create.append(
                KeyFigure(
                    area_id=area_id,
                    key=key,
                    value=value,
                    reference_date=reference_date,
                    source=source,
                    import_run=import_run,
                )
            )
        elif (figure.value, figure.reference_date, figure.source) != (
            value,
            reference_date,
            source,
        ):
            figure.value, figure.reference_date, figure.source = value, reference_date, source
            figure.import_run = import_run
            to_update.append(figure)
    KeyFigure.objects.bulk_create(to_create, batch_size=500)
    KeyFigure.objects.bulk_update(
        to_update, ["value", "reference_date", "source", "import_run"], batch_size=500
    )
    return len(to_create), len(to_update)


@transaction.atomic
def save_region(*, spec: RegionSpec) -> Region:
    """Create or update a region and replace its members with those of ``spec``."""
    region, _ = Region.objects.update_or_create(
        slug=spec.slug,
        defaults={"name": spec.name, "description": spec.description, "source": spec.source[:300]},
    )
    wanted = set(spec.municipality_codes)
    region.members.exclude(municipality_code__in=wanted).delete()
    existing = set(region.members.values_list("municipality_code", flat=True))
    RegionMember.objects.bulk_create(
        RegionMember(region=region, municipality_code=code) for code in sorted(wanted - existing)
    )
    return region


@transaction.atomic
def ensure_areas(
    *,
    codes: Iterable[str],
    vintage: int,
    names: dict[str, str] | None = None,
    import_run: ImportRun | None = None,
) -> dict[str, int]:
    """``code -> area id`` in ``vintage`` for every code, creating the missing areas in bulk.

    Built for national files (thousands of codes): a handful of queries, not one per area. A new
    area takes its name from ``names``, else from the nearest vintage that has the code, else the
    code itself. Wijken and buurten hang under their parent by code (nearest vintage); a new
    gemeente hangs under the province it has in the nearest vintage that knows one (that
    province is created in ``vintage`` when needed); a province hangs under the country.
    """
    names = names or {}
    wanted = {code for code in codes if level_of(code)}
    ids = dict(Area.objects.filter(vintage=vintage, code__in=wanted).values_list("code", "id"))
    missing = sorted(wanted - set(ids))
    if missing:
        # Level by level from the top, so a new wijk or buurt is created with its parent id
        # (nearest vintage, possibly created a moment ago) and needs no bulk_update afterwards.
        by_level: dict[str, list[str]] = defaultdict(list)
        for code in missing:
            by_level[level_of(code)].append(code)
        for level in (Level.COUNTRY, Level.PROVINCE, Level.MUNICIPALITY, *CHILD_LEVEL.values()):
            if by_level.get(level):
                parents = (
                    _parent_ids(by_level[level], vintage) if level in CHILD_LEVEL.values() else {}
                )
                _create_areas(by_level[level], vintage, names, import_run, parents)
        ids.update(Area.objects.filter(vintage=vintage, code__in=missing).values_list("code", "id"))
        new = list(Area.objects.filter(vintage=vintage, code__in=missing, level=Level.MUNICIPALITY))
        _link_municipalities_to_provinces(
            [area for area in new if area.level == Level.MUNICIPALITY], vintage, import_run
        )
        country = ensure_country(vintage=vintage, import_run=import_run)
        Area.objects.filter(vintage=vintage, level=Level.PROVINCE, parent__isnull=True).update(
            parent=country
        )
    return ids


def _parent_ids(codes: list[str], vintage: int) -> dict[str, int]:
    """``code -> parent id`` by code, the parent in the nearest vintage (later one on a tie)."""
    parent_codes = {code: parent_code_of(code) for code in codes}
    candidates: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, code, other_vintage in Area.objects.filter(
        code__in={c for c in parent_codes.values() if c}
    ).values_list("id", "code", "vintage"):
        candidates[code].append((other_vintage, pk))
    found = {}
    for code, parent_code in parent_codes.items():
        parent_id = _nearest(candidates.get(parent_code, []), vintage)
        if parent_id is not None:
            found[code] = parent_id
    return found


def _create_areas(
    codes: list[str],
    vintage: int,
    names: dict[str, str],
    import_run: ImportRun | None,
    parents: dict[str, int] | None = None,
) -> None:
    known: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for code, other_vintage, name in Area.objects.filter(code__in=codes).values_list(
        "code", "vintage", "name"
    ):
        if name and name != code:
            known[code].append((other_vintage, name))
    new = []
    for code in codes:
        name = (names.get(code) or "").strip()
        name_vintage = None
        if not name:
            borrowed = nearest_vintage(known[code], vintage, vintage_of=lambda pair: pair[0])
            name, name_vintage = (borrowed[1], borrowed[0]) if borrowed else (code, None)
        new.append(
            Area(
                code=code,
                vintage=vintage,
                level=level_of(code),
                name=name[:200],
                name_vintage=name_vintage,
                import_run=import_run,
                parent_id=(parents or {}).get(code),
            )
        )
    Area.objects.bulk_create(new, batch_size=500)


def _link_municipalities_to_provinces(
    municipalities: list[Area], vintage: int, import_run: ImportRun | None
) -> None:
    if not municipalities:
        return
    known: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    rows = Area.objects.filter(
        code__in=[area.code for area in municipalities], parent__level=Level.PROVINCE
    ).values_list("code", "vintage", "parent__code", "parent__name")
    for code, other_vintage, province_code, province_name in rows:
        known[code].append((other_vintage, province_code, province_name))
    provinces: dict[str, Area] = {}
    changed = []
    for area in municipalities:
        found = nearest_vintage(known[area.code], vintage, vintage_of=lambda row: row[0])
        if found is None:
            continue
        _, province_code, province_name = found
        if province_code not in provinces:
            provinces[province_code] = save_province(
                code=province_code, vintage=vintage, name=province_name, import_run=import_run
            )
        area.parent = provinces[province_code]
        changed.append(area)
    Area.objects.bulk_update(changed, ["parent"], batch_size=500)


@transaction.atomic
def record_continuity(*, links: Iterable[tuple[int, int, bool, str, str]]) -> int:
    """Store (earlier area id, later area id, same, evidence, source) judgements; a new
    judgement of a pair replaces the old one. Returns how many were stored."""
    from .models import Continuity

    count = 0
    for earlier_id, later_id, same, evidence, source in links:
        Continuity.objects.update_or_create(
            earlier_id=earlier_id,
            later_id=later_id,
            defaults={"same": same, "evidence": evidence[:300], "source": source[:300]},
        )
        count += 1
    return count
