"""The rent thresholds' part of the sources page: each year's amounts with the working note."""

from __future__ import annotations

from .models import RentThresholds


def sources_section(request) -> tuple[str, dict] | None:
    thresholds = list(RentThresholds.objects.select_related("import_run").order_by("-year"))
    if not thresholds:
        return None
    return "housing/_sources_section.html", {"thresholds": thresholds}
