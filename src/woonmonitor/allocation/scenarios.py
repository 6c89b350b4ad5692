"""Fair-share scenarios: who may make one, saving one with its inputs and outcome, reading
them for a page, the API (``scenario_payload``) and a comparison, and the demo scenarios.
Touches the database; the calculation itself is ``fairshare`` (pure).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from woonmonitor.accounts.access import editing_organisations
from woonmonitor.accounts.models import Organisation, OrganisationKind
from woonmonitor.areas.models import Region

from . import distribution_figures as figures
from .fairshare import SPLIT_STOCK, Plan, fair_share
from .models import Group, Half, Scenario

CREATING_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.PROVINCE)


# ----------------------------------------------------------------------------- who may


def creating_organisations(user, region: Region) -> list[Organisation]:
    """The organisations for which ``user`` may make a scenario in ``region``: a municipality
    of the region, or the province, where the user is editor or admin."""
    codes = set(figures.region_codes(region))
    return [
        organisation
        for organisation in editing_organisations(user, kinds=CREATING_KINDS)
        if organisation.kind == OrganisationKind.PROVINCE or organisation.area_code in codes
    ]


def creating_regions(user):
    """The regions in which ``user`` may make a scenario."""
    organisations = list(editing_organisations(user, kinds=CREATING_KINDS))
    if any(o.kind == OrganisationKind.PROVINCE for o in organisations):
        return Region.objects.order_by("name")
    codes = [o.area_code for o in organisations if o.area_code]
    return Region.objects.filter(members__municipality_code__in=codes).distinct().order_by("name")


def may_create(user) -> bool:
    return creating_regions(user).exists()


# ----------------------------------------------------------------------------- writing


def _percent(value) -> Fraction | None:
    """A cap as typed (10, 7.5): exact, so 7.5 % is 15/2 and never a binary approximation."""
    return None if value is None else Fraction(str(value))


def _plan(total: int, keys: Mapping[str, int], caps: Mapping, split: Mapping) -> Plan:
    fixed = {
        code: {slug: Fraction(value) for slug, value in parts.items()}
        for code, parts in (split.get("fixed") or {}).items()
    }
    return Plan(
        total=total,
        weights={key: Fraction(weight) for key, weight in keys.items()},
        municipality_cap=_percent(caps.get("municipality")),
        association_cap=_percent(caps.get("association")),
        split=split.get("mode", SPLIT_STOCK),
        fixed_splits=fixed,
    )


def calculate(*, region: Region, group: Group, year: int, total: int, keys, caps, split):
    """Read the figures and run the calculation: (inputs, result, uses demo figures).
    Raises ``fairshare.FairShareError`` when it cannot be made."""
    rows = figures.region_figures(region, group=group, year=year)
    result = fair_share(figures.as_inputs(rows), _plan(total, keys, caps, split))
    used = figures.as_json(rows)
    inputs = {
        "region": {"slug": region.slug, "name": region.name},
        "group": {"key": group.key, "name": group.name, "unit": group.unit},
        "year": year,
        "total": total,
        "keys": {key: weight for key, weight in keys.items() if weight},
        "caps": {"municipality": caps.get("municipality"), "association": caps.get("association")},
        "association_split": {
            "mode": split.get("mode", SPLIT_STOCK),
            "fixed": split.get("fixed") or {},
        },
        "figures": used,
        "calculated_at": timezone.now().isoformat(timespec="seconds"),
    }
    demo = figures.uses_demo(
        used,
        keys=result["keys"],
        caps=caps.get("municipality") is not None,
        association_caps=caps.get("association") is not None,
    )
    return inputs, result, demo


@transaction.atomic
def _store(*, owner, user, region, group, year, half, name, description, status, calc) -> Scenario:
    inputs, result, demo = calc
    inputs["half"] = half
    return Scenario.objects.create(
        region=region,
        group=group,
        year=year,
        half=half,
        name=name,
        description=description,
        status=status,
        inputs=inputs,
        result=result,
        is_demo=demo,
        owner=owner,
        created_by=user,
    )


def save_scenario(
    *,
    user,
    region: Region,
    group: Group,
    year: int,
    half: int = Half.WHOLE_YEAR,
    name: str,
    total: int,
    keys: Mapping[str, int],
    caps: Mapping[str, int | None],
    association_split: Mapping,
    status: str = Scenario.Status.DRAFT,
    description: str = "",
    owner: Organisation | None = None,
) -> Scenario:
    """Calculate and save a scenario for ``owner`` (default: the first organisation for which
    ``user`` may make one in ``region``). ``keys`` maps key to weight, ``caps`` has
    ``municipality`` and ``association`` (percent of vacated social homes, or None),
    ``association_split`` has ``mode`` (``stock`` or ``none``) and ``fixed`` (per municipality
    code, association slug to weight). Raises ``PermissionDenied`` or ``FairShareError``."""
    allowed = creating_organisations(user, region)
    if not allowed or (owner is not None and owner not in allowed):
        raise PermissionDenied
    calc = calculate(
        region=region,
        group=group,
        year=year,
        total=total,
        keys=keys,
        caps=caps,
        split=association_split,
    )
    return _store(
        owner=owner or allowed[0],
        user=user,
        region=region,
        group=group,
        year=year,
        half=half,
        name=name,
        description=description,
        status=status,
        calc=calc,
    )


def may_publish(user, scenario: Scenario) -> bool:
    """Whether ``user`` may publish ``scenario``: a draft, and the user writes for the
    organisation it was made for."""
    if scenario.status != Scenario.Status.DRAFT or scenario.owner_id is None:
        return False
    return editing_organisations(user).filter(pk=scenario.owner_id).exists()


@transaction.atomic
def publish_scenario(*, user, scenario: Scenario) -> Scenario:
    """Make a draft public. Its inputs and outcome stay as they were saved (a different
    calculation is a new scenario). Raises ``PermissionDenied`` for anyone who does not write
    for the organisation the scenario was made for, or when it is no longer a draft."""
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not may_publish(user, locked):
        raise PermissionDenied
    locked.status = Scenario.Status.PUBLISHED
    locked.save(update_fields=["status"])
    return locked


# ----------------------------------------------------------------------------- reading


def scenario_payload(scenario: Scenario) -> dict:
    """A scenario with its inputs and outcome, JSON-ready (for the API and downloads)."""
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "description": scenario.description,
        "region": {"slug": scenario.region.slug, "name": scenario.region.name},
        "group": {"key": scenario.group.key, "name": scenario.group.name},
        "period": scenario.period,
        "year": scenario.year,
        "half": scenario.half,
        "status": scenario.status,
        "is_demo": scenario.is_demo,
        "owner": scenario.owner.name if scenario.owner else None,
        "created_at": scenario.created_at.isoformat(timespec="seconds"),
        "inputs": scenario.inputs,
        "result": scenario.result,
    }


RESULT_HEADER = (
    "gemeentecode",
    "gemeente",
    "corporatie",
    "aandeel",
    "exact aandeel",
    "plafond",
    "afgetopt",
    "demonstratiecijfers",
)


def result_rows(scenario: Scenario) -> list[list]:
    """One row per municipality and one per association within it (CSV and Excel)."""
    rows = []
    for row in scenario.result.get("municipalities", []):
        rows.append(
            [
                row["code"],
                row["name"],
                "",
                row["share"],
                row["exact"],
                row["cap"],
                "ja" if row["capped"] else "nee",
                "ja" if scenario.is_demo else "nee",
            ]
        )
        for association in row["associations"]:
            rows.append(
                [
                    row["code"],
                    row["name"],
                    association["name"],
                    association["share"],
                    None,
                    None,
                    "",
                    "ja" if scenario.is_demo else "nee",
                ]
            )
    return rows


def comparison(scenarios: list[Scenario]) -> list[dict]:
    """Per municipality (and association) the share in each scenario and the difference
    between the last and the first; a missing party has ``None``."""
    parties: dict[tuple[str, str], dict] = {}
    for index, scenario in enumerate(scenarios):
        for row in scenario.result.get("municipalities", []):
            entry = parties.setdefault(
                (row["code"], ""),
                {"code": row["code"], "name": row["name"], "association": ""},
            )
            entry.setdefault("shares", [None] * len(scenarios))[index] = row["share"]
            for association in row["associations"]:
                entry = parties.setdefault(
                    (row["code"], association["slug"]),
                    {"code": row["code"], "name": row["name"], "association": association["name"]},
                )
                entry.setdefault("shares", [None] * len(scenarios))[index] = association["share"]
    rows = sorted(parties.values(), key=lambda entry: (entry["name"], entry["association"]))
    for entry in rows:
        first, last = entry["shares"][0], entry["shares"][-1]
        entry["difference"] = None if first is None or last is None else last - first
    return rows


# ----------------------------------------------------------------------------- demo

DEMO_REGION = "zuidoost-drenthe"
DEMO_GROUP = "uitstroom-bw-mo"
DEMO_YEAR = 2025
#: seed 001, C3: "Verhouding Lefier - Woonservice in principe 50-50" (Borger-Odoorn)
BORGER_ODOORN_SPLIT = {"GM1681": {"lefier": 50, "woonservice": 50}}
DEMO_SCENARIOS = (
    {
        "name": "Uitstroom BW/MO 2025: naar inwoners",
        "keys": {"inwoners": 100},
    },
    {
        "name": "Uitstroom BW/MO 2025: wie al veel huisvest, krijgt minder",
        "keys": {"concentratie": 70, "sociale-voorraad": 30},
    },
)
DEMO_DESCRIPTION = (
    "Demonstratiescenario: het totaal van 60 huishoudens, de vrijgekomen sociale huurwoningen en "
    "de huidige aanwezigheid van de groep zijn verzonnen. Plafond: 10% van de vrijgekomen sociale "
    "huurwoningen per gemeente en per corporatie; Borger-Odoorn verdeelt 50-50 over Lefier en "
    "Woonservice (prestatieafspraken 2023, C3)."
)


def load_demo_scenarios() -> str:
    """Two published demo scenarios for uitstroom BW/MO in Zuidoost-Drenthe (idempotent)."""
    region = Region.objects.filter(slug=DEMO_REGION).first()
    group = Group.objects.filter(key=DEMO_GROUP).first()
    if region is None or group is None:
        return "overgeslagen: regio of groep ontbreekt"
    created = 0
    for spec in DEMO_SCENARIOS:
        if Scenario.objects.filter(region=region, group=group, name=spec["name"]).exists():
            continue
        calc = calculate(
            region=region,
            group=group,
            year=DEMO_YEAR,
            total=60,
            keys=spec["keys"],
            caps={"municipality": 10, "association": 10},
            split={"mode": SPLIT_STOCK, "fixed": BORGER_ODOORN_SPLIT},
        )
        _store(
            owner=None,
            user=None,
            region=region,
            group=group,
            year=DEMO_YEAR,
            half=Half.WHOLE_YEAR,
            name=spec["name"],
            description=DEMO_DESCRIPTION,
            status=Scenario.Status.PUBLISHED,
            calc=(calc[0], calc[1], True),
        )
        created += 1
    return f"{created} nieuw, {len(DEMO_SCENARIOS) - created} al aanwezig"


def load_fair_share() -> str:
    """Everything the fair-share pages need in the demo: the real stock per association, the
    demo figures (``is_demo``) and the two demo scenarios."""
    return "; ".join(
        [
            f"voorraad per corporatie: {figures.load_stock_figures()}",
            f"demonstratiecijfers: {figures.load_demo_figures()}",
            f"scenario's: {load_demo_scenarios()}",
        ]
    )
