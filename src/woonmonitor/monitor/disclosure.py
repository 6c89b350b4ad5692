"""Statistical disclosure control: what the public may see of a value. Pure, no database.

The rules follow CBS practice for Kerncijfers wijken en buurten (KWB), so a figure we publish is
never more revealing than the figure CBS publishes for the same kind of area:

* **Counts of persons** (inhabitants, households, benefit recipients) are rounded to multiples of
  5 for wijken and buurten; gemeenten are not rounded. CBS: "Om redenen van statistische
  geheimhouding zijn de aantallen op wijk- en buurtniveau aselect afgerond op veelvouden van 5"
  (Toelichting Wijk- en Buurtkaart 2022, 2023 en 2024, chapter 5.2 Bevolking, published with the
  wijk- en buurtkaart at https://www.cbs.nl/nl-nl/reeksen/geografische-data). CBS rounds at
  random ("aselect"); we round to the *nearest* multiple of 5, so showing a value twice never
  gives away more than showing it once.
* **Care counts** (jeugdzorg, Wmo): "De cijfers zijn afgerond op vijftallen. Om het risico op
  onthulling van individuen te voorkomen zijn de waarden 0 tot en met 7 weergegeven als geheim"
  (same Toelichting, 5.8 Zorg): a count rule with ``minimum=8`` and no base.
* **Percentages and averages** are hidden below a minimum size of the population they describe.
  The minimum is per variable, as CBS states it in the variable's definition in table 85984NED
  (https://opendata.cbs.nl/ODataApi/odata/85984NED/DataProperties, a real copy is in
  ``shared/data/kwb-2024-gm-wk/DataProperties.json``), for example: population density and
  relative births "bij 10 of meer inwoners"; distances to services "bij minimaal 10 inwoners";
  WOZ value and the shares of home types, tenure and building year "bij minimaal 20 woningen";
  district heating "bij tien of meer (bewoonde) woningen"; average gas and electricity use "bij
  zes of meer (bewoonde) woningen"; net labour participation "bij minimaal 150 inwoners";
  household-income shares "bij minimaal 100 particuliere huishoudens"; cars per household "bij
  minimaal 50 huishoudens"; average income per inhabitant "bij minimaal 2.500 personen". The
  catalogue (``monitor/data/indicators.toml``) stores each indicator's kind, base and minimum.
* Special values: CBS publishes ``-99997`` for "waarde geheim of niet aanwezig" (Toelichting,
  chapter 3); such a value arrives here with status ``geheim`` and stays suppressed, with its note.
  A value that is missing in the source stays missing.

Values entered by parties (municipalities, housing associations) get exactly the same treatment:
``origin`` never loosens a rule. Provinces and the country are far above every minimum, so only
their stored value is shown; gemeenten are checked against the minimum but never rounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Kinds of rule (the values of ``monitor.models.DisclosureKind``).
COUNT_PERSONS = "aantal-personen"
COUNT = "aantal"
SHARE = "aandeel"
AVERAGE = "gemiddelde"
NONE = "geen"
KINDS = (COUNT_PERSONS, COUNT, SHARE, AVERAGE, NONE)
#: Kinds that describe a population and are hidden when that population is small.
NEEDS_BASE = (SHARE, AVERAGE)

# Statuses (the values of ``monitor.models.ValueStatus``).
SUPPRESSED = "geheim"
MISSING = "ontbreekt"

#: Counts of persons are rounded to a multiple of this number in small areas.
ROUNDING_MULTIPLE = 5
#: Levels whose counts are published as they are (CBS rounds only wijken and buurten).
UNROUNDED_LEVELS = ("gemeente", "provincie", "land")
#: Levels that are never checked against a minimum: every one is far above all minimums.
EXEMPT_LEVELS = ("provincie", "land")

#: The base indicators a rule may count, and how a reason names them.
BASE_LABELS = {
    "inwoners": gettext_lazy("inwoners"),
    "woningvoorraad": gettext_lazy("woningen"),
    "huishoudens": gettext_lazy("huishoudens"),
}
#: How a reason names the persons a count rule counts (a count rule without base).
COUNT_LABEL = gettext_lazy("personen")

#: What CBS publishes, and where, that these rules follow (shown on "Over de cijfers").
SOURCES = (
    (
        "CBS, Kerncijfers wijken en buurten 2024 (85984NED): definities per variabele, met het "
        "minimum waarbij CBS een cijfer vermeldt",
        "https://opendata.cbs.nl/ODataApi/odata/85984NED/DataProperties",
    ),
    (
        "CBS, Toelichting Wijk- en Buurtkaart 2022, 2023 en 2024 (30 oktober 2024): afronding "
        "op veelvouden van 5, geheime zorgcijfers 0 tot en met 7, speciale waarde -99997",
        "https://www.cbs.nl/nl-nl/reeksen/geografische-data",
    ),
    (
        "CBS, Toelichting Wijk- en Buurtkaart 2020, 2021 en 2022: algemene gegevens kerncijfers",
        "https://www.cbs.nl/nl-nl/longread/diversen/2022/"
        "toelichting-wijk-en-buurtkaart-2020-2021-en-2022/2-algemene-gegevens-kerncijfers",
    ),
    (
        "CBS, onderzoeksbeschrijving Kerncijfers Wijken en Buurten",
        "https://www.cbs.nl/nl-nl/onze-diensten/methoden/onderzoeksomschrijvingen/"
        "korte-onderzoeksbeschrijvingen/kerncijfers-wijken-en-buurten",
    ),
)


@dataclass(frozen=True)
class Rule:
    """How one indicator is protected: its kind, and for population rules the base and minimum.

    ``base_key`` names the indicator that counts the population (``inwoners``,
    ``woningvoorraad``, ``huishoudens``); a count rule with a ``minimum`` and no base compares
    the count itself (CBS care figures: 0 to 7 are secret).
    """

    kind: str
    minimum: int | None = None
    base_key: str = ""

    @property
    def needs_base(self) -> bool:
        return bool(self.base_key) and bool(self.minimum)


@dataclass(frozen=True)
class Shown:
    """A value as the public may see it: ``value`` None when it is suppressed or missing."""

    value: float | None
    status: str
    note: str


def rule_for(indicator) -> Rule:
    """The rule of an ``Indicator`` (or a catalogue ``IndicatorSpec``: same attribute names)."""
    return Rule(
        kind=indicator.disclosure,
        minimum=indicator.disclosure_minimum or None,
        base_key=indicator.disclosure_base or "",
    )


def base_label(base_key: str) -> str:
    return str(BASE_LABELS.get(base_key, base_key))


def reason_too_few(minimum: int, base_key: str = "") -> str:
    """The Dutch reason for a suppressed value, e.g. "minder dan 10 inwoners"."""
    label = base_label(base_key) if base_key else str(COUNT_LABEL)
    number = f"{minimum:,}".replace(",", ".")
    return _("minder dan %(number)s %(label)s") % {"number": number, "label": label}


def reason_unknown_base(base_key: str) -> str:
    return _("aantal %(label)s onbekend") % {"label": base_label(base_key)}


def round_count(value: float | None) -> float | None:
    """``value`` rounded to the nearest multiple of 5 (halves away from zero); None stays None."""
    if value is None:
        return None
    sign = -1.0 if value < 0 else 1.0
    return sign * math.floor(abs(value) / ROUNDING_MULTIPLE + 0.5) * ROUNDING_MULTIPLE


def disclose(
    rule: Rule,
    *,
    value: float | None,
    status: str,
    note: str = "",
    base: float | None = None,
    level: str | None = None,
    origin: str = "",
) -> Shown:
    """What the public may see of one value.

    ``base`` is the value of ``rule.base_key`` for the same area and period (None when unknown),
    ``level`` the area's level (``wijk``, ``gemeente``...; anything unknown is treated as small),
    ``origin`` where the value came from: recorded by callers, but every origin follows the
    same rules, so a party-entered figure is never shown where CBS would hide it.
    """
    del origin  # Deliberately unused: the rules do not depend on who supplied the value.
    if status == SUPPRESSED:
        return Shown(None, SUPPRESSED, note or _("geheim volgens de bron"))
    if status == MISSING or value is None or not math.isfinite(value):
        return Shown(None, MISSING, note or _("geen waarde in de bron"))
    if rule.kind == NONE:
        return Shown(value, status, note)
    if rule.kind not in KINDS:
        return Shown(None, SUPPRESSED, _("onbekende geheimhoudingsregel"))
    if rule.kind in NEEDS_BASE and not rule.needs_base:
        return Shown(None, SUPPRESSED, _("geheimhoudingsregel zonder minimum"))
    if level not in EXEMPT_LEVELS and rule.minimum:
        if rule.base_key:
            if base is None:
                return Shown(None, SUPPRESSED, reason_unknown_base(rule.base_key))
            if base < rule.minimum:
                return Shown(None, SUPPRESSED, reason_too_few(rule.minimum, rule.base_key))
        elif value < rule.minimum:
            return Shown(None, SUPPRESSED, reason_too_few(rule.minimum))
    if rule.kind == COUNT_PERSONS and level not in UNROUNDED_LEVELS:
        value = round_count(value)
    return Shown(value, status, note)


def describe(shown: Shown) -> str:
    """One line for a table cell or a download: "geheim: minder dan 10 inwoners"."""
    if shown.value is not None:
        return shown.note
    return f"{shown.status}: {shown.note}" if shown.note else shown.status
