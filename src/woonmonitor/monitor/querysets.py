"""Reads of the monitor: the catalogue, current values, and groups of areas."""

from __future__ import annotations

from django.db import models

#: The columns a page or the API needs of a value row (see ``IndicatorValueQuerySet.rows``).
ROW_FIELDS = (
    "indicator_id",
    "area_id",
    "area__code",
    "area__name",
    "area__level",
    "area__vintage",
    "period",
    "value",
    "status",
    "note",
    "origin",
    "import_run_id",
    "organisation__name",
)


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> IndicatorQuerySet:
        """The catalogue is public."""
        return self.all()

    def by_keys(self, keys) -> dict[str, object]:
        return {indicator.key: indicator for indicator in self.filter(key__in=list(keys))}


class IndicatorValueQuerySet(models.QuerySet):
    def current(self) -> IndicatorValueQuerySet:
        """Values that hold now (not replaced by a later import or correction)."""
        return self.filter(is_current=True)

    def of(self, indicator) -> IndicatorValueQuerySet:
        return self.filter(indicator=indicator)

    def in_period(self, period: int) -> IndicatorValueQuerySet:
        return self.filter(period=period)

    def at_level(self, level: str) -> IndicatorValueQuerySet:
        return self.filter(area__level=level)

    def within(self, parent_code: str) -> IndicatorValueQuerySet:
        """Values of areas that lie directly in the area with ``parent_code`` (any vintage)."""
        return self.filter(area__parent__code=parent_code.upper())

    def for_codes(self, codes) -> IndicatorValueQuerySet:
        return self.filter(area__code__in=[code.upper() for code in codes])

    def periods(self) -> list[int]:
        return sorted(set(self.values_list("period", flat=True).distinct()))

    def available(self) -> set[tuple[int, int, str]]:
        """(indicator id, period, area level) of every combination with at least one value
        (not null): one aggregate query, whatever the number of indicators.

        It reads every value once, so pages call it through ``monitor.availability``, which
        keeps the answer per version of the data (``data_fingerprint``)."""
        return set(
            self.filter(value__isnull=False)
            .values_list("indicator_id", "period", "area__level")
            .distinct()
            .order_by()
        )

    def import_sources(self) -> set[tuple[int, int, int, int]]:
        """(indicator id, period, area vintage, data source id) of every imported value whose
        run cites the sources table: one aggregate query. Read through
        ``citations.basis_sources``, which keeps it per version of the data."""
        return set(
            self.filter(origin="import", import_run__data_source__isnull=False)
            .values_list("indicator_id", "period", "area__vintage", "import_run__data_source_id")
            .distinct()
            .order_by()
        )

    def rows(self) -> list[dict]:
        """Plain dicts with ``ROW_FIELDS``, one query, ordered by area code and period."""
        return list(self.order_by("area__code", "period").values(*ROW_FIELDS))


class AreaGroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> AreaGroupQuerySet:
        return self.all()
