""" "Over de cijfers": where the figures come from, what a status means, how privacy is protected,
how regions and villages add up and how boundary changes are handled.

Every number on the page comes from the code it describes: the disclosure constants and each
indicator's rule (``monitor.disclosure``), the catalogue, the continuity tolerance
(``areas.continuity``) and the CBS special code the importers read, so page and code agree.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from woonmonitor.areas.continuity import SURFACE_TOLERANCE
from woonmonitor.areas.loaders.kwb import SENTINEL_LIMIT
from woonmonitor.areas.models import Level
from woonmonitor.imports.models import ImportRun

from .. import disclosure
from ..catalogue import read_catalogue
from ..catalogue_docs import aggregation_text, source_text
from ..importers.cbs import SECRET_CODE
from ..models import (
    Aggregation,
    DisclosureKind,
    Indicator,
    IndicatorValue,
    SourceKind,
    Theme,
    Unit,
    ValueStatus,
)

STATUS_EXPLANATIONS = {
    ValueStatus.DEFINITIVE: _("De bron noemt het cijfer definitief."),
    ValueStatus.PROVISIONAL: _(
        "Het cijfer kan nog veranderen: CBS noemt het voorlopig of nader voorlopig (* en ** in "
        "StatLine), of een partij voerde het als voorlopig in. Een nieuwere versie vervangt het; "
        "de oude blijft bewaard."
    ),
    ValueStatus.SUPPRESSED: _(
        "Het cijfer wordt niet getoond om personen te beschermen: de bron hield het geheim, of het "
        "gebied is te klein volgens de regels hieronder. De reden staat bij het cijfer."
    ),
    ValueStatus.MISSING: _(
        "Er is geen cijfer: de bron heeft het (nog) niet, het is onbekend of het kan op logische "
        "gronden niet voorkomen."
    ),
}

KIND_ORDER = {kind: index for index, kind in enumerate(disclosure.KINDS)}
THEME_ORDER = {theme: index for index, theme in enumerate(Theme.values)}


def _indicators(user) -> tuple[list, str, bool]:
    """The loaded catalogue (what ``disclose_rows`` uses); the packaged file if none is loaded.

    Returns the indicators, the catalogue version and whether it came from the database."""
    indicators = list(Indicator.objects.visible_to(user))
    if indicators:
        version, loaded = indicators[0].catalogue_version, True
    else:
        catalogue = read_catalogue()
        indicators, version, loaded = list(catalogue.indicators), catalogue.version, False
    indicators.sort(key=lambda i: (THEME_ORDER.get(i.theme, 99), i.order, i.key))
    return indicators, version, loaded


def _rule_text(indicator) -> str:
    rule = disclosure.rule_for(indicator)
    if rule.kind == disclosure.NONE:
        return "niet geheim"
    parts = []
    if rule.minimum:
        parts.append("geheim bij " + disclosure.reason_too_few(rule.minimum, rule.base_key))
    if rule.kind == disclosure.COUNT_PERSONS:
        parts.append(f"wijk en buurt afgerond op een veelvoud van {disclosure.ROUNDING_MULTIPLE}")
    return "; ".join(parts) or "getoond zoals opgeslagen"


def _rule_groups(indicators: list) -> list[dict]:
    """Indicators grouped by their rule: kind, base and minimum."""
    groups: dict[tuple, list] = defaultdict(list)
    for indicator in indicators:
        rule = disclosure.rule_for(indicator)
        groups[(rule.kind, rule.base_key, rule.minimum or 0)].append(indicator)
    ordered = sorted(
        groups.items(), key=lambda item: (KIND_ORDER.get(item[0][0], 99), *item[0][1:])
    )
    return [
        {
            "kind": kind,
            "kind_label": DisclosureKind(kind).label if kind in DisclosureKind.values else kind,
            "minimum": minimum or None,
            "base_label": disclosure.base_label(base) if base else "",
            "rule": _rule_text(members[0]),
            "indicators": members,
        }
        for (kind, base, minimum), members in ordered
    ]


def _source_groups(indicators: list) -> list[dict]:
    """Which sources the catalogue draws on, with how many indicators each."""
    groups: dict[tuple, list] = defaultdict(list)
    for indicator in indicators:
        table = "" if indicator.source_kind == SourceKind.PARTY else indicator.source_table
        groups[(indicator.source_kind, table)].append(indicator)
    return [
        {
            "kind": SourceKind(kind).label,
            "table": table,
            "count": len(members),
            "names": [member.name for member in members],
        }
        for (kind, table), members in sorted(groups.items())
    ]


def _weights(indicators: list, names: dict[str, str]) -> list[dict]:
    """For each weight, the indicators whose regional value is a mean weighted by it."""
    grouped: dict[str, list] = defaultdict(list)
    for indicator in indicators:
        if indicator.aggregation == Aggregation.WEIGHTED_MEAN:
            grouped[indicator.weight].append(indicator.name)
    return [
        {"weight": names.get(weight, weight), "names": members}
        for weight, members in sorted(grouped.items())
    ]


def _value_sources() -> list:
    """The latest run of each source that gave the monitor values (two small queries).

    A source counts when any of its runs holds a value: a re-import that changed nothing leaves
    the values pointing at the earlier run of the same source."""
    with_values = set(
        ImportRun.objects.filter(Exists(IndicatorValue.objects.filter(import_run=OuterRef("pk"))))
        .values_list("source", flat=True)
        .distinct()
    )
    return [run for run in ImportRun.objects.latest_per_source() if run.source in with_values]


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    indicators, version, loaded = _indicators(request.user)
    names = {indicator.key: indicator.name for indicator in indicators}
    by_aggregation = defaultdict(list)
    for indicator in indicators:
        by_aggregation[indicator.aggregation].append(indicator.name)
    rows = [
        {
            "indicator": indicator,
            "theme": Theme(indicator.theme).label,
            "unit": Unit(indicator.unit).label,
            "source": source_text(indicator).replace("`", ""),
            "aggregation": aggregation_text(indicator).replace("`", ""),
            "weight": names.get(indicator.weight, ""),
            "rule": _rule_text(indicator),
        }
        for indicator in indicators
    ]
    context = {
        "runs": _value_sources(),
        "catalogue_loaded": loaded,
        "catalogue_version": version,
        "indicator_count": len(indicators),
        "source_groups": _source_groups(indicators),
        "statuses": [
            {"value": value, "label": label, "explanation": STATUS_EXPLANATIONS[value]}
            for value, label in ValueStatus.choices
        ],
        "secret_code": SECRET_CODE,
        "sentinel_limit": int(SENTINEL_LIMIT),
        "rule_groups": _rule_groups(indicators),
        "rounding_multiple": disclosure.ROUNDING_MULTIPLE,
        "unrounded_levels": [Level(level).label for level in disclosure.UNROUNDED_LEVELS],
        "exempt_levels": [Level(level).label for level in disclosure.EXEMPT_LEVELS],
        "example_reason": disclosure.reason_too_few(10, "inwoners"),
        "unknown_reason": disclosure.reason_unknown_base("inwoners"),
        "cbs_sources": disclosure.SOURCES,
        "aggregations": [
            {"value": value, "label": label, "names": by_aggregation.get(value, [])}
            for value, label in Aggregation.choices
        ],
        "weights": _weights(indicators, names),
        "surface_tolerance_percent": round(SURFACE_TOLERANCE * 100),
        "rows": rows,
    }
    return render(request, "monitor/about.html", context)
