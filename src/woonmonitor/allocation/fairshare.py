"""A fair share of a regional total over municipalities and their associations. Pure: no
database; the figures come in as ``MunicipalityInput`` (``distribution_figures`` reads them).

The calculation, in the order the screen shows it (``result["steps"]``):

1. **Keys.** Each switched-on key turns one figure per municipality into shares that add up
   to one: ``inwoners`` (inhabitants), ``sociale-voorraad`` (social rented stock),
   ``vrijgekomen`` (social rented homes that became vacant in a year), and ``concentratie``,
   an *inverse* key so that municipalities that already house many of the group get less::

       c_i   = presence_i / inhabitants_i            (the group per inhabitant)
       c̄     = Σ presence / Σ inhabitants            (the region's average)
       w_i   = inhabitants_i × c̄ / (c_i + c̄)         (share_i = w_i / Σ w)

   A municipality without the group weighs as its inhabitants, one at the regional average as
   half of them, one at three times the average as a quarter. When nobody in the region houses
   the group yet (c̄ = 0) the key equals ``inwoners``, and the step says so.
2. **Combination.** ``share_i = Σ_k weight_k × share_k,i / Σ_k weight_k`` (weights need not add
   up to 100; they are normalised).
3. **Caps.** With a cap of p % of vacated social homes, a municipality gets at most
   ``floor(p × vacated_i / 100)``. Shares above the cap are set to the cap and the rest of the
   total is shared again over the uncapped municipalities by the same combined key, until no
   share exceeds its cap ("rounds"). If every municipality is capped and units remain, they
   cannot be placed within the caps: ``unplaced`` says how many. A municipality without a
   vacated-homes figure has no cap (a warning says so).
4. **Rounding.** Largest remainder (``apportion``) over the uncapped municipalities, so the
   regional total is exact; a capped municipality keeps its whole-number cap, and rounding up
   never passes a cap (an uncapped exact share is below its whole cap).
5. **Split over associations.** Each municipality's whole share is split over its housing
   associations pro rata their social stock, or by a fixed split agreed for that municipality
   (for instance 50-50 for Lefier and Woonservice in Borger-Odoorn, seed 001 C3); again with
   largest remainder and, if set, a cap of p % of the association's vacated homes there.

Warnings are data (``{"kind": ...}``) and the page words them: the Alabama paradox (a total
one lower or higher gives someone more or less: ``alabama``), units that cannot be placed,
missing figures for a cap, municipalities whose share is not split.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from math import floor

from django.utils.translation import gettext as _

from .apportion import capped_apportion

INHABITANTS = "inwoners"
SOCIAL_STOCK = "sociale-voorraad"
VACATED = "vrijgekomen"
CONCENTRATION = "concentratie"
#: every key, in the order the screen shows them
KEYS = (INHABITANTS, SOCIAL_STOCK, VACATED, CONCENTRATION)

SPLIT_STOCK = "stock"
SPLIT_NONE = "none"


class FairShareError(ValueError):
    """The calculation cannot be made; ``messages`` says why, in Dutch."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class AssociationInput:
    slug: str
    name: str
    stock: int | None = None
    vacated: int | None = None


@dataclass(frozen=True)
class MunicipalityInput:
    code: str
    name: str
    inhabitants: int | None = None
    social_stock: int | None = None
    vacated: int | None = None
    presence: int | None = None
    associations: tuple[AssociationInput, ...] = ()


@dataclass(frozen=True)
class Plan:
    """What to share and how: the total, key weights, caps (percent) and the split."""

    total: int
    weights: Mapping[str, int | Fraction]
    municipality_cap: Fraction | int | None = None
    association_cap: Fraction | int | None = None
    split: str = SPLIT_STOCK
    fixed_splits: Mapping[str, Mapping[str, int | Fraction]] = field(default_factory=dict)


def number(value: Fraction | int) -> float:
    """A fraction for the screen and JSON: six decimals."""
    return round(float(value), 6)


# ----------------------------------------------------------------------------- keys

_FIGURE_OF_KEY = {
    INHABITANTS: "inhabitants",
    SOCIAL_STOCK: "social_stock",
    VACATED: "vacated",
}


def _check_figures(municipalities: Sequence[MunicipalityInput], keys: Sequence[str]) -> None:
    problems = []
    needed = {key: [_FIGURE_OF_KEY.get(key, "inhabitants")] for key in keys}
    if CONCENTRATION in needed:
        needed[CONCENTRATION] = ["inhabitants", "presence"]
    labels = {
        "inhabitants": _("inwoners"),
        "social_stock": _("sociale huurvoorraad"),
        "vacated": _("vrijgekomen sociale huurwoningen"),
        "presence": _("huidige aanwezigheid van de groep"),
    }
    for key, attributes in needed.items():
        for attribute in attributes:
            missing = [m.name for m in municipalities if getattr(m, attribute) is None]
            if missing:
                problems.append(
                    _("De sleutel %(key)s heeft %(figure)s nodig; die ontbreekt voor %(names)s.")
                    % {"key": key, "figure": labels[attribute], "names": ", ".join(missing)}
                )
    if problems:
        raise FairShareError(problems)


def key_weights(municipalities: Sequence[MunicipalityInput], key: str) -> dict[str, Fraction]:
    """The unnormalised weight per municipality code under one key (see the module)."""
    if key in _FIGURE_OF_KEY:
        return {m.code: Fraction(getattr(m, _FIGURE_OF_KEY[key])) for m in municipalities}
    if key != CONCENTRATION:
        raise FairShareError([_("Onbekende verdeelsleutel: %(key)s.") % {"key": key}])
    people = sum((m.inhabitants for m in municipalities), 0)
    present = sum((m.presence for m in municipalities), 0)
    average = Fraction(present, people) if people else Fraction(0)
    weights = {}
    for m in municipalities:
        if average == 0 or not m.inhabitants:
            weights[m.code] = Fraction(m.inhabitants)
        else:
            own = Fraction(m.presence, m.inhabitants)
            weights[m.code] = m.inhabitants * average / (own + average)
    return weights


def _normalise(weights: Mapping[str, Fraction], key: str) -> dict[str, Fraction]:
    whole = sum(weights.values(), Fraction(0))
    if whole <= 0:
        raise FairShareError(
            [_("De sleutel %(key)s heeft in deze regio geen cijfers boven nul.") % {"key": key}]
        )
    return {code: value / whole for code, value in weights.items()}


def _key_step(municipalities, key, weight, shares, raw) -> dict:
    rows = []
    people = sum((m.inhabitants or 0 for m in municipalities), 0)
    present = sum((m.presence or 0 for m in municipalities), 0)
    for m in municipalities:
        row = {"code": m.code, "name": m.name, "weight": number(raw[m.code])}
        row["share"] = number(shares[m.code])
        if key == CONCENTRATION:
            row["inhabitants"] = m.inhabitants
            row["presence"] = m.presence
            row["per_thousand"] = (
                number(Fraction(m.presence * 1000, m.inhabitants)) if m.inhabitants else None
            )
        else:
            row["figure"] = getattr(m, _FIGURE_OF_KEY[key])
        rows.append(row)
    step = {"step": "key", "key": key, "key_weight": number(weight), "rows": rows}
    if key == CONCENTRATION:
        step["average_per_thousand"] = number(Fraction(present * 1000, people)) if people else 0
        step["fallback"] = present == 0
    return step


def _cap(percent, vacated: int | None) -> int | None:
    if percent is None or vacated is None:
        return None
    return floor(Fraction(percent) * vacated / 100)


# ----------------------------------------------------------------------------- the whole


def fair_share(
    municipalities: Sequence[MunicipalityInput], plan: Plan, *, check_alabama: bool = True
) -> dict:
    """The fair share of ``plan.total`` with every step; JSON-ready (see the module)."""
    if plan.total < 0:
        raise FairShareError([_("Het totaal mag niet negatief zijn.")])
    if not municipalities:
        raise FairShareError([_("De regio heeft geen gemeenten.")])
    keys = [key for key in KEYS if Fraction(plan.weights.get(key, 0)) > 0]
    unknown = sorted(set(plan.weights) - set(KEYS))
    if unknown:
        raise FairShareError([_("Onbekende verdeelsleutel: %(key)s.") % {"key": unknown[0]}])
    if not keys:
        raise FairShareError([_("Zet minstens één verdeelsleutel aan met een gewicht boven nul.")])
    _check_figures(municipalities, keys)
    names = {m.code: m.name for m in municipalities}
    steps: list[dict] = []
    warnings: list[dict] = []

    key_weight = {key: Fraction(plan.weights[key]) for key in keys}
    all_weight = sum(key_weight.values(), Fraction(0))
    per_key = {}
    for key in keys:
        raw = key_weights(municipalities, key)
        per_key[key] = _normalise(raw, key)
        steps.append(_key_step(municipalities, key, key_weight[key], per_key[key], raw))
        if key == CONCENTRATION and steps[-1]["fallback"]:
            warnings.append({"kind": "concentration_fallback"})

    combined = {
        m.code: sum((key_weight[k] * per_key[k][m.code] for k in keys), Fraction(0)) / all_weight
        for m in municipalities
    }
    steps.append(
        {
            "step": "combine",
            "weights": {key: number(key_weight[key] / all_weight) for key in keys},
            "rows": [
                {
                    "code": m.code,
                    "name": m.name,
                    "parts": {
                        k: number(key_weight[k] * per_key[k][m.code] / all_weight) for k in keys
                    },
                    "share": number(combined[m.code]),
                    "exact": number(plan.total * combined[m.code]),
                }
                for m in municipalities
            ],
        }
    )

    caps = {m.code: _cap(plan.municipality_cap, m.vacated) for m in municipalities}
    if plan.municipality_cap is not None:
        for m in municipalities:
            if m.vacated is None:
                warnings.append({"kind": "no_cap", "code": m.code, "name": m.name})
    outcome = capped_apportion(combined, caps, plan.total)
    if plan.municipality_cap is not None:
        steps.append(
            {
                "step": "caps",
                "percent": number(Fraction(plan.municipality_cap)),
                "rounds": [[{"code": c, "name": names[c]} for c in r] for r in outcome.rounds],
                "unplaced": outcome.unplaced,
                "rows": [
                    {
                        "code": m.code,
                        "name": m.name,
                        "vacated": m.vacated,
                        "cap": caps[m.code],
                        "before": number(plan.total * combined[m.code]),
                        "after": number(outcome.exact[m.code]),
                        "capped": m.code in outcome.capped,
                    }
                    for m in municipalities
                ],
            }
        )
    if outcome.unplaced:
        warnings.append({"kind": "unplaced", "amount": outcome.unplaced})
    rounding = outcome.rounding
    steps.append(
        {
            "step": "rounding",
            "total": plan.total - outcome.unplaced,
            "rows": [
                {
                    "code": m.code,
                    "name": m.name,
                    "exact": number(outcome.exact[m.code]),
                    "floor": rounding.floor.get(m.code, outcome.amounts[m.code]),
                    "remainder": number(rounding.remainder.get(m.code, 0)),
                    "extra": bool(rounding.extra.get(m.code, False)),
                    "capped": m.code in outcome.capped,
                    "share": outcome.amounts[m.code],
                }
                for m in municipalities
            ],
        }
    )

    split_rows, result_rows = [], []
    for m in municipalities:
        amount = outcome.amounts[m.code]
        split = _split(m, amount, plan)
        warnings.extend(split.pop("warnings"))
        split_rows.append(split)
        result_rows.append(
            {
                "code": m.code,
                "name": m.name,
                "share": amount,
                "exact": number(outcome.exact[m.code]),
                "cap": caps[m.code],
                "capped": m.code in outcome.capped,
                "split_basis": split["basis"],
                "associations": [
                    {"slug": a["slug"], "name": a["name"], "share": a["share"]}
                    for a in split["associations"]
                ],
                "unsplit": split["unplaced"],
            }
        )
    steps.append({"step": "split", "rows": split_rows})

    result = {
        "total": plan.total,
        "placed": plan.total - outcome.unplaced,
        "unplaced": outcome.unplaced,
        "keys": keys,
        "municipalities": result_rows,
        "steps": steps,
        "warnings": warnings,
    }
    if check_alabama:
        result["warnings"].extend(_alabama(municipalities, plan, result))
    return result


def _split(m: MunicipalityInput, amount: int, plan: Plan) -> dict:
    """One municipality's whole share over its associations (fixed or pro rata stock)."""
    warnings: list[dict] = []
    by_slug = {a.slug: a for a in m.associations}
    fixed = plan.fixed_splits.get(m.code)
    if fixed:
        basis = "fixed"
        weights = {slug: Fraction(value) for slug, value in fixed.items()}
    elif plan.split == SPLIT_STOCK:
        basis = "stock"
        weights = {a.slug: Fraction(a.stock) for a in m.associations if a.stock is not None}
        for a in m.associations:
            if a.stock is None:
                warnings.append({"kind": "no_stock", "code": m.code, "name": m.name, "org": a.name})
    else:
        basis, weights = "none", {}
    if sum(weights.values(), Fraction(0)) <= 0:
        if plan.split != SPLIT_NONE or fixed:
            warnings.append({"kind": "unsplit", "code": m.code, "name": m.name})
        return {
            "code": m.code,
            "name": m.name,
            "amount": amount,
            "basis": "none",
            "associations": [],
            "unplaced": amount,
            "warnings": warnings,
        }
    caps = {}
    for slug in weights:
        association = by_slug.get(slug)
        vacated = association.vacated if association else None
        caps[slug] = _cap(plan.association_cap, vacated)
        if plan.association_cap is not None and vacated is None:
            name = association.name if association else slug
            warnings.append(
                {"kind": "no_association_cap", "code": m.code, "name": m.name, "org": name}
            )
    outcome = capped_apportion(weights, caps, amount)
    if outcome.unplaced:
        warnings.append(
            {
                "kind": "association_unplaced",
                "code": m.code,
                "name": m.name,
                "amount": outcome.unplaced,
            }
        )
    rows = []
    for slug, weight in weights.items():
        association = by_slug.get(slug)
        rows.append(
            {
                "slug": slug,
                "name": association.name if association else slug,
                "weight": number(weight),
                "vacated": association.vacated if association else None,
                "cap": caps[slug],
                "exact": number(outcome.exact[slug]),
                "floor": outcome.rounding.floor.get(slug, outcome.amounts[slug]),
                "remainder": number(outcome.rounding.remainder.get(slug, 0)),
                "extra": bool(outcome.rounding.extra.get(slug, False)),
                "capped": slug in outcome.capped,
                "share": outcome.amounts[slug],
            }
        )
    return {
        "code": m.code,
        "name": m.name,
        "amount": amount,
        "basis": basis,
        "associations": rows,
        "unplaced": outcome.unplaced,
        "warnings": warnings,
    }


def _shares(result: dict) -> dict[tuple[str, str], int]:
    found = {}
    for row in result["municipalities"]:
        found[(row["code"], "")] = row["share"]
        for association in row["associations"]:
            found[(row["code"], association["slug"])] = association["share"]
    return found


def _alabama(municipalities, plan: Plan, result: dict) -> list[dict]:
    """Who gets less with one unit more in total (from total - 1 and from total)."""
    warnings = []
    here = _shares(result)
    names = {(row["code"], ""): row["name"] for row in result["municipalities"]}
    for row in result["municipalities"]:
        for association in row["associations"]:
            names[(row["code"], association["slug"])] = f"{association['name']} ({row['name']})"
    pairs = []
    if plan.total > 0:
        lower = fair_share(municipalities, replace(plan, total=plan.total - 1), check_alabama=False)
        pairs.append((plan.total - 1, _shares(lower), here))
    higher = fair_share(municipalities, replace(plan, total=plan.total + 1), check_alabama=False)
    pairs.append((plan.total, here, _shares(higher)))
    for low, before, after in pairs:
        for party, amount in before.items():
            if party in after and after[party] < amount:
                warnings.append(
                    {
                        "kind": "alabama",
                        "code": party[0],
                        "org": party[1],
                        "name": names[party],
                        "low": low,
                        "before": amount,
                        "after": after[party],
                    }
                )
    return warnings
