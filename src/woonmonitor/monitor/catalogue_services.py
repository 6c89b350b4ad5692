"""Writing the indicator catalogue to the database (``Indicator`` rows), in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from .catalogue import MODEL_FIELDS, Catalogue
from .models import Indicator, IndicatorValue


@dataclass
class LoadSummary:
    version: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    #: Indicators no longer in the catalogue that keep their values, so they stay.
    kept: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"catalogus {self.version}: {len(self.created)} nieuw, {len(self.updated)} bijgewerkt, "
            f"{len(self.unchanged)} ongewijzigd, {len(self.deleted)} verwijderd"
        )
        if self.kept:
            kept = ", ".join(self.kept)
            text += f"; niet meer in catalogus (blijven, want ze hebben waarden): {kept}"
        return text


def _differs(indicator: Indicator, fields: dict) -> bool:
    return any(getattr(indicator, name) != value for name, value in fields.items())


@transaction.atomic
def load_catalogue(*, catalogue: Catalogue) -> LoadSummary:
    """Create or update an ``Indicator`` per catalogue entry, matched by key.

    Indicators that left the catalogue are deleted, unless they have values: those stay (their
    values keep their meaning) and are reported as "niet meer in catalogus".
    """
    summary = LoadSummary(version=catalogue.version)
    existing = {indicator.key: indicator for indicator in Indicator.objects.all()}
    to_create: list[Indicator] = []
    to_update: list[Indicator] = []
    for spec in catalogue.indicators:
        fields = spec.model_fields(catalogue.version)
        indicator = existing.pop(spec.key, None)
        if indicator is None:
            to_create.append(Indicator(key=spec.key, **fields))
            summary.created.append(spec.key)
        elif _differs(indicator, fields):
            for name, value in fields.items():
                setattr(indicator, name, value)
            to_update.append(indicator)
            summary.updated.append(spec.key)
        else:
            summary.unchanged.append(spec.key)
    Indicator.objects.bulk_create(to_create)
    if to_update:
        Indicator.objects.bulk_update(to_update, [*MODEL_FIELDS, "catalogue_version"])
    if existing:
        leftover = [indicator.pk for indicator in existing.values()]
        with_values = set(
            IndicatorValue.objects.filter(indicator_id__in=leftover)
            .values_list("indicator_id", flat=True)
            .distinct()
        )
        for key, indicator in sorted(existing.items()):
            (summary.kept if indicator.pk in with_values else summary.deleted).append(key)
        Indicator.objects.filter(pk__in=set(leftover) - with_values).delete()
    return summary
