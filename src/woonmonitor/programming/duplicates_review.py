"""Possible duplicates across sources, for a person to review. Reads and writes the database.

After every import (plan list, woningbouwkaart) ``parsing.duplicates.find_duplicates`` runs over
all projects of the municipalities the import touched, whatever their source; the import's
report lists the pairs (``pairs_involving``) and ``/woningbouw/dubbelingen/`` shows every open
pair. Nothing is merged, dropped or summed silently (domain.md: "the same project counted
twice from two sources").

* A pair is open while neither project is marked a duplicate (``duplicate_of``) and no
  ``DuplicateDecision`` was recorded for it. Demonstration projects are compared only with
  each other, never with real ones.
* Who sees the review: the parties of the municipality (``accounts.access.party_codes``), the
  province and staff (``reads_everything``); only projects the person may see are shown.
* Who decides: the editors of the municipality the projects are in (``may_decide``).
  "Zelfde plan" sets ``duplicate_of`` on the later project (by creation) so that it counts
  nowhere (``Project.objects.real()``), records a version saying so and a decision;
  "twee plannen" records a decision ``same=False`` and the pair is not shown again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from woonmonitor.accounts import access
from woonmonitor.accounts.models import OrganisationKind

from .models import DuplicateDecision, Project, ProjectVersion
from .parsing.duplicates import Candidate, find_duplicates
from .services import project_data


@dataclass(frozen=True)
class Pair:
    """Two projects that may be one plan; ``first`` is the older one."""

    first: Project
    second: Project
    reasons: tuple[str, ...]

    @property
    def key(self) -> tuple[int, int]:
        return (self.first.pk, self.second.pk)

    @property
    def municipality_code(self) -> str:
        return self.first.municipality_code


def _candidate(project: Project) -> Candidate:
    return Candidate(
        project.source, project.source_id, project.name, project.municipality_code, project.pk
    )


def _ordered(a: Project, b: Project) -> tuple[Project, Project]:
    return (a, b) if (a.created_at, a.pk) <= (b.created_at, b.pk) else (b, a)


def pairs_among(projects: Iterable[Project]) -> list[Pair]:
    """Every pair of ``projects`` that ``find_duplicates`` groups together (a group of three
    gives three pairs), demo and real projects apart."""
    by_pk = {project.pk: project for project in projects}
    found: dict[tuple[int, int], Pair] = {}
    for demo in (False, True):
        group = [_candidate(p) for p in by_pk.values() if p.is_demo == demo]
        for duplicate in find_duplicates(group):
            members = [by_pk[c.position] for c in duplicate.candidates]
            for a, b in combinations(members, 2):
                first, second = _ordered(a, b)
                found.setdefault(
                    (first.pk, second.pk), Pair(first, second, tuple(duplicate.reasons))
                )
    return sorted(found.values(), key=lambda p: (p.municipality_code, p.first.name, p.key))


def open_pairs(codes: Iterable[str], *, visible_to=None) -> list[Pair]:
    """The pairs in ``codes`` still to review (only projects ``visible_to`` may see, if given)."""
    projects = Project.objects.in_codes(codes).filter(duplicate_of__isnull=True)
    if visible_to is not None:
        projects = projects.visible_to(visible_to)
    projects = projects.select_related("phase", "owner")
    pairs = pairs_among(projects)
    if not pairs:
        return []
    ids = {pk for pair in pairs for pk in pair.key}
    decided = set(
        DuplicateDecision.objects.filter(first_id__in=ids, second_id__in=ids).values_list(
            "first_id", "second_id"
        )
    )
    decided |= {(b, a) for a, b in decided}
    return [pair for pair in pairs if pair.key not in decided]


def pairs_involving(project_ids: Iterable[int]) -> list[Pair]:
    """Open pairs in the municipalities of ``project_ids`` with at least one of them: what an
    import's report lists."""
    ids = set(project_ids)
    if not ids:
        return []
    codes = set(Project.objects.filter(pk__in=ids).values_list("municipality_code", flat=True))
    return [pair for pair in open_pairs(codes) if ids & set(pair.key)]


# ----------------------------------------------------------------------------- who


def review_codes(user) -> set[str] | None:
    """The municipality codes ``user`` reviews duplicates in; ``None`` means every code."""
    if access.reads_everything(user):
        return None
    return access.party_codes(user)


def decision_codes(user) -> set[str]:
    """The codes of the municipalities where ``user`` is editor or admin."""
    organisations = access.editing_organisations(user, kinds=[OrganisationKind.MUNICIPALITY])
    return {code for code in organisations.values_list("area_code", flat=True) if code}


def may_decide(user, pair: Pair) -> bool:
    codes = decision_codes(user)
    return pair.first.municipality_code in codes and pair.second.municipality_code in codes


def municipality_of(user, code: str):
    return (
        access.editing_organisations(user, kinds=[OrganisationKind.MUNICIPALITY])
        .filter(area_code=code)
        .first()
    )


# ----------------------------------------------------------------------------- deciding


class AlreadyDecided(ValueError):
    pass


@transaction.atomic
def decide(*, user, first: Project, second: Project, same: bool) -> DuplicateDecision:
    """Record the municipality's decision on a pair (see the module docstring)."""
    first, second = _ordered(first, second)
    pair = Pair(first, second, ())
    if not may_decide(user, pair):
        raise PermissionDenied(_("Alleen de gemeente beoordeelt dubbelingen in haar plannen."))
    pks = (first.pk, second.pk)
    if DuplicateDecision.objects.filter(first_id__in=pks, second_id__in=pks).exists():
        raise AlreadyDecided(_("Over deze twee plannen is al beslist."))
    later = Project.objects.select_for_update().get(pk=second.pk)
    if same:
        if later.duplicate_of_id or Project.objects.filter(pk=first.pk, duplicate_of__isnull=False):
            raise AlreadyDecided(_("Een van deze plannen is al als dubbeling gemarkeerd."))
        later.duplicate_of = first
        later.save(update_fields=["duplicate_of", "updated_at"])
        number = later.versions.order_by("-number").values_list("number", flat=True).first() or 0
        data = project_data(later)
        data["duplicate_of"] = first.pk
        ProjectVersion.objects.create(
            project=later,
            number=number + 1,
            data=data,
            author=user,
            reason=(
                _("zelfde plan als '%(name)s' (%(source)s): telt niet meer mee")
                % {"name": first.name, "source": first.get_source_display()}
            )[:300],
        )
    return DuplicateDecision.objects.create(
        first=first,
        second=later,
        same=same,
        organisation=municipality_of(user, first.municipality_code),
        author=user,
    )
