"""Writing what the importers read: values, derived values and continuity judgements.

    with recording_import(command=..., source=..., path=..., vintage=2024) as recorder:
        load_parsed(parsed, vintage=2024, recorder=recorder)
        post_process(recorder=recorder)

``post_process`` computes ratios, continuity judgements of gemeenten, wijken and buurten,
province and country totals, and continuity judgements of provinces and the country; it is
idempotent: run twice, the second run stores nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from woonmonitor.areas.names import municipality_names
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor.services import StoreResult

from .continuity import (
    ContinuityResult,
    judge_continuity,
    judge_province_continuity,
    read_statements,
)
from .derived import (
    MIN_MUNICIPALITIES,
    aggregate_upwards,
    compute_ratios,
    national_vintages,
    province_lists,
)
from .values import (
    LoadResult,
    apply_province_statements,
    copy_report,
    indicator_ids,
    kwb_variables,
    load_parsed,
    set_provinces,
    set_provinces_by_name,
)


@dataclass
class PostResult:
    ratios: StoreResult
    totals: StoreResult
    continuity: ContinuityResult

    @property
    def changed(self) -> int:
        return (
            self.ratios.created
            + self.ratios.replaced
            + self.totals.created
            + self.totals.replaced
            + self.continuity.recorded
        )

    def __str__(self) -> str:
        return (
            f"verhoudingen: {self.ratios}; provincie- en landtotalen: {self.totals}; "
            f"continuïteit: {self.continuity}"
        )


def post_process(
    *, recorder: RunRecorder | None = None, vintages: Iterable[int] | None = None
) -> PostResult:
    """Sourced provinces of vanished gemeenten, ratios, continuity of gemeenten (which proves
    the lists of gemeenten of provinces in older vintages), then totals, then ratios of what
    only the totals made possible, then continuity of provinces and the country.
    ``vintages``: see ``aggregate_upwards``."""
    apply_province_statements(import_run=recorder.run if recorder else None)
    ratios = compute_ratios(recorder=recorder)
    continuity = judge_continuity(recorder=recorder)
    totals = aggregate_upwards(recorder=recorder, vintages=vintages)
    more = compute_ratios(recorder=recorder)
    ratios.created += more.created
    ratios.replaced += more.replaced
    wholes = judge_province_continuity(recorder=recorder, vintages=vintages)
    continuity.recorded += wholes.recorded
    continuity.unchanged += wholes.unchanged
    continuity.by_kind.update(wholes.by_kind)
    return PostResult(ratios, totals, continuity)


__all__ = [
    "MIN_MUNICIPALITIES",
    "ContinuityResult",
    "LoadResult",
    "PostResult",
    "aggregate_upwards",
    "apply_province_statements",
    "compute_ratios",
    "copy_report",
    "indicator_ids",
    "judge_continuity",
    "judge_province_continuity",
    "kwb_variables",
    "load_parsed",
    "municipality_names",
    "national_vintages",
    "post_process",
    "province_lists",
    "read_statements",
    "set_provinces",
    "set_provinces_by_name",
]
