"""Loading measurable targets from data entries (targets.json): all or nothing. Writes."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .measures import Measure
from .models import Agreement


@transaction.atomic
def load_targets(*, entries: list[dict], user=None) -> tuple[int, list[str]]:
    """Create or update targets from data entries; returns (saved, problems). All or nothing."""
    from decimal import Decimal, InvalidOperation

    from .calculations import Comparison, TargetKind
    from .models import Target

    saved, problems = 0, []
    for number, entry in enumerate(entries, start=1):
        where = f"{number} ({entry.get('key', '?')})"
        agreement = (
            Agreement.objects.filter(
                municipality_code=entry.get("municipality"), edition=entry.get("edition")
            )
            .order_by("-pk")
            .first()
        )
        if agreement is None:
            problems.append(_("%s: geen prestatieafspraken voor deze gemeente en editie") % where)
            continue
        commitment = agreement.commitments.filter(number=entry.get("commitment")).first()
        if commitment is None:
            problems.append(_("%s: afspraak %s bestaat niet") % (where, entry.get("commitment")))
            continue
        scope = None
        if entry.get("scope"):
            scope = agreement.parties.filter(abbreviation=entry["scope"]).first()
            if scope is None:
                problems.append(_("%s: partij %s bestaat niet") % (where, entry["scope"]))
                continue
        measures = [
            entry.get("measure"),
            entry.get("denominator"),
            entry.get("planned_measure"),
            entry.get("baseline_measure"),
            *entry.get("removal_measures", []),
        ]
        bad = [m for m in measures if m and m not in Measure.values]
        if (
            bad
            or entry.get("kind") not in TargetKind.values
            or (entry.get("comparison") not in Comparison.values)
        ):
            problems.append(_("%s: onbekende maat, soort of vergelijking") % where)
            continue
        try:
            value = Decimal(str(entry["value"]))
            start = date.fromisoformat(entry["period_start"])
            deadline = date.fromisoformat(entry["deadline"])
        except (KeyError, InvalidOperation, ValueError):
            problems.append(_("%s: waarde of datum ontbreekt of is ongeldig") % where)
            continue
        Target.objects.update_or_create(
            commitment=commitment,
            key=entry["key"],
            defaults={
                "description": entry.get("description", ""),
                "kind": entry["kind"],
                "measure": entry["measure"],
                "denominator": entry.get("denominator", ""),
                "removal_measures": entry.get("removal_measures", []),
                "planned_measure": entry.get("planned_measure", ""),
                "baseline_measure": entry.get("baseline_measure", ""),
                "comparison": entry["comparison"],
                "value": value,
                "unit": entry.get("unit", ""),
                "scope": scope,
                "period_start": start,
                "deadline": deadline,
                "source_quote": entry.get("source_quote", ""),
            },
        )
        saved += 1
    if problems:
        transaction.set_rollback(True)
    return (0 if problems else saved), problems
