"""The woonzorg profile of a municipality or region (issue 11, point 5; seed 003's
"woonzorgvisie" prototype, seed 004): the task per priority group, the older-people need by
home type, what is planned (tasks) and realised (placements), and the sources. Usable as the
numeric annex of a woonzorgvisie. Reads the database (through ``care``); the page, its CSV and
the PDF in ``reports.woonzorg`` all come from ``build_profile``, so they never disagree.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from . import care
from .models import Group, GroupDefinition, Placement, RatioSet, Task

#: The group whose task is counted in homes for older people.
ELDERLY_GROUP = "ouderen-met-zorgvraag"


@dataclass
class GroupBlock:
    group: Group
    definition: GroupDefinition | None
    lines: list[care.PeriodLine]

    @property
    def has_task(self) -> bool:
        return any(line.task is not None for line in self.lines)

    @property
    def has_demo(self) -> bool:
        return any(line.realised_demo for line in self.lines)


@dataclass
class WoonzorgProfile:
    scope: care.Scope
    on: datetime.date
    groups: list[GroupBlock]
    care_need: care.CareNeed | None
    ratio_set: RatioSet | None
    sources: list[str] = field(default_factory=list)

    @property
    def has_demo(self) -> bool:
        return any(block.has_demo for block in self.groups)

    @property
    def elderly(self) -> GroupBlock | None:
        return next((b for b in self.groups if b.group.key == ELDERLY_GROUP), None)

    @property
    def need_rows(self) -> list:
        return self.care_need.needs if self.care_need else []

    @property
    def single(self):
        """The one municipality's need, on a municipality's profile."""
        needs = self.need_rows
        return needs[0] if self.scope.kind == "gemeente" and needs else None


def _sources(profile: WoonzorgProfile) -> list[str]:
    seen: dict[str, None] = {}
    for block in profile.groups:
        if block.definition and block.lines:
            seen.setdefault(f"{block.group.name}: {block.definition.source}", None)
        periods: dict[str, list[str]] = {}
        for line in reversed(block.lines):
            for source in sorted(line.sources):
                periods.setdefault(source, []).append(line.label)
        for source, labels in periods.items():
            seen.setdefault(f"{block.group.name} ({', '.join(labels)}): {source}", None)
    need = profile.care_need
    if need is not None:
        for text in need.citations:
            seen.setdefault(text, None)
        seen.setdefault(need.ratio_set.source, None)
        if need.ratio_set.growth_source:
            seen.setdefault(need.ratio_set.growth_source, None)
        for ratio in need.ratios:
            seen.setdefault(ratio.source, None)
    return list(seen)


def build_profile(scope: care.Scope, *, on: datetime.date | None = None) -> WoonzorgProfile:
    on = on or timezone.localdate()
    periods = care.group_periods(scope.codes)
    groups = [
        GroupBlock(group, group.definition_on(on), periods.get(group.pk, []))
        for group in Group.objects.prefetch_related("definitions").order_by("order", "name")
    ]
    ratio_set = care.ratio_set_for(scope, on=on)
    need = care.care_need_for(scope, ratio_set) if ratio_set else None
    profile = WoonzorgProfile(
        scope=scope, on=on, groups=groups, care_need=need, ratio_set=ratio_set
    )
    profile.sources = _sources(profile)
    return profile


def fingerprint() -> str:
    """Changes whenever a task or placement is added (they are never edited in place) or a ratio
    set or ratio changes (a handful of rows, hashed whole); the monitor's own fingerprint covers
    the figures."""
    task = Task.objects.aggregate(latest=Max("pk"))["latest"]
    placement = Placement.objects.aggregate(latest=Max("pk"))["latest"]
    sets = list(RatioSet.objects.order_by("pk").values_list())
    ratios = list(care.Ratio.objects.order_by("pk").values_list())
    digest = hashlib.sha256(repr((sets, ratios)).encode("utf-8")).hexdigest()[:16]
    return f"task{task}-placement{placement}-ratios{digest}"
