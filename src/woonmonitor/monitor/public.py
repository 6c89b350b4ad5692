"""Values as the public may see them: the disclosure rules applied to value rows.

Every page, download and API response passes its value rows through ``disclose_rows`` before it
shows them. The rules themselves are the pure ``monitor.disclosure``; this module only finds
the base values (inhabitants, homes, households) the rules need, in one query.
"""

from __future__ import annotations

from collections.abc import Iterable

from .disclosure import EXEMPT_LEVELS, MISSING, SUPPRESSED, Rule, Shown, disclose, rule_for
from .models import Indicator, IndicatorValue

#: Above this many areas the base query filters by level instead of listing every area id.
MAX_LISTED_AREAS = 5000

BaseKey = tuple[str, int, int]  # (base indicator key, area id, period)


def _needs_base(rule: Rule, row: dict) -> bool:
    return (
        rule.needs_base
        and row["area__level"] not in EXEMPT_LEVELS
        and row["value"] is not None
        and row["status"] not in (SUPPRESSED, MISSING)
    )


def _fetch_bases(wanted: set[BaseKey], levels: set) -> dict[BaseKey, float | None]:
    """The current values of the wanted base indicators, in one query."""
    keys = {key for key, _, _ in wanted}
    area_ids = {area_id for _, area_id, _ in wanted}
    periods = {period for _, _, period in wanted}
    queryset = IndicatorValue.objects.current().filter(indicator__key__in=keys, period__in=periods)
    if len(area_ids) <= MAX_LISTED_AREAS:
        queryset = queryset.filter(area_id__in=area_ids)
    else:
        queryset = queryset.filter(area__level__in=levels)
    found: dict[BaseKey, float | None] = {}
    for key, area_id, period, value, status in queryset.values_list(
        "indicator__key", "area_id", "period", "value", "status"
    ):
        item = (key, area_id, period)
        if item in wanted:
            found[item] = None if status in (SUPPRESSED, MISSING) else value
    return found


def _bases_in_rows(rows: Iterable[dict], indicators: dict, wanted: set[BaseKey]) -> dict:
    """Base values that are already among the rows (a profile lists inhabitants anyway)."""
    found: dict[BaseKey, float | None] = {}
    keys = {key for key, _, _ in wanted}
    for row in rows:
        indicator = indicators.get(row["indicator_id"])
        if indicator is None or indicator.key not in keys:
            continue
        item = (indicator.key, row["area_id"], row["period"])
        if item in wanted:
            usable = row["status"] not in (SUPPRESSED, MISSING)
            found[item] = row["value"] if usable else None
    return found


def disclose_rows(rows: list[dict], indicators: dict[int, Indicator]) -> list[dict]:
    """Copies of ``rows`` with ``value``, ``status`` and ``note`` as the public may see them.

    ``rows`` need at least ``indicator_id, area_id, area__level, period, value, status, note,
    origin``; ``indicators`` maps indicator id to ``Indicator``. A row whose indicator is not in
    ``indicators`` is suppressed: without its rule nothing is known to be safe.
    """
    rules = {pk: rule_for(indicator) for pk, indicator in indicators.items()}
    wanted: set[BaseKey] = set()
    levels = set()
    for row in rows:
        rule = rules.get(row["indicator_id"])
        if rule is not None and _needs_base(rule, row):
            wanted.add((rule.base_key, row["area_id"], row["period"]))
            levels.add(row["area__level"])
    bases = _bases_in_rows(rows, indicators, wanted) if wanted else {}
    missing = wanted - set(bases)
    if missing:
        bases.update(_fetch_bases(missing, levels))
    public = []
    for row in rows:
        rule = rules.get(row["indicator_id"])
        if rule is None:
            shown = Shown(None, SUPPRESSED, "geen geheimhoudingsregel bekend")
        else:
            shown = disclose(
                rule,
                value=row["value"],
                status=row["status"],
                note=row.get("note") or "",
                base=bases.get((rule.base_key, row["area_id"], row["period"])),
                level=row["area__level"],
                origin=row.get("origin", ""),
            )
        public.append({**row, "value": shown.value, "status": shown.status, "note": shown.note})
    return public
