"""Segments, hard/zacht, dwelling types and unit counts where unknown is not zero.

Pure: no database (the choices are Django ``TextChoices`` so models and forms can reuse them;
nothing here queries). A count is ``None`` when it is unknown (a price field absent from the
national file, an empty cell in a plan list) and ``0`` only when the source says zero; sums
(``tally``) say how much is known, how many counts are unknown and how many units of a total
are not accounted for by the known counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Segment(models.TextChoices):
    """Price segment of a home; the last three say the segment is not known (yet)."""

    SOCIAL_RENT = "sociale_huur", gettext_lazy("sociale huur")
    MIDDLE_RENT = "middenhuur", gettext_lazy("middenhuur")
    EXPENSIVE_RENT = "dure_huur", gettext_lazy("dure huur")
    RENT_UNKNOWN = "huur_onbekend", gettext_lazy("huur, segment onbekend")
    AFFORDABLE_PURCHASE = "betaalbare_koop", gettext_lazy("betaalbare koop")
    EXPENSIVE_PURCHASE = "dure_koop", gettext_lazy("dure koop")
    PURCHASE_UNKNOWN = "koop_onbekend", gettext_lazy("koop, segment onbekend")
    UNKNOWN = "onbekend", gettext_lazy("segment onbekend")


class Certainty(models.TextChoices):
    """Hard: adopted or irrevocable, only a building permit still needed; zacht: still to be
    adopted, initiatives included (domain.md, "Programming and plan capacity")."""

    HARD = "hard", gettext_lazy("hard")
    SOFT = "zacht", gettext_lazy("zacht")


class DwellingType(models.TextChoices):
    """Dwelling types of a plan. The first three are features (a zero-step apartment counts
    as nultreden and as appartement); the last three are building forms that split a plan."""

    STEP_FREE = "nultreden", gettext_lazy("nultredenwoning")
    CLUSTERED = "geclusterd", gettext_lazy("geclusterde woning")
    CARE_SUITABLE = "zorggeschikt", gettext_lazy("zorggeschikte woning")
    GROUND_LEVEL = "grondgebonden", gettext_lazy("grondgebonden woning")
    APARTMENT = "appartement", gettext_lazy("appartement")
    FLEX = "flexwoning", gettext_lazy("flexwoning")


#: Dwelling types that overlap the others: each at most the total, never summed.
FEATURES = (DwellingType.STEP_FREE, DwellingType.CLUSTERED, DwellingType.CARE_SUITABLE)
#: Building forms: together they make up the total when all are given.
FORMS = (DwellingType.GROUND_LEVEL, DwellingType.APARTMENT, DwellingType.FLEX)

#: The seven price classes of the national woningbouwkaart (``project2.json``), as the file
#: names them, each split hard/zacht there. It has no class for "segment onbekend".
WONINGBOUWKAART_CLASSES: dict[Segment, str] = {
    Segment.SOCIAL_RENT: "Sociale huur",
    Segment.MIDDLE_RENT: "Middenhuur",
    Segment.EXPENSIVE_RENT: "Dure huur",
    Segment.RENT_UNKNOWN: "Huur onbekend",
    Segment.AFFORDABLE_PURCHASE: "Betaalbare koop",
    Segment.EXPENSIVE_PURCHASE: "Dure koop",
    Segment.PURCHASE_UNKNOWN: "Koop onbekend",
}


@dataclass(frozen=True)
class Units:
    """The homes of one segment (and, where the source splits it, one of hard/zacht).

    ``count`` ``None`` means unknown, ``0`` means none."""

    segment: str
    count: int | None
    certainty: str = ""

    @property
    def known(self) -> bool:
        return self.count is not None

    @property
    def label(self) -> str:
        label = str(Segment(self.segment).label)
        return f"{label} ({Certainty(self.certainty).label})" if self.certainty else label


@dataclass(frozen=True)
class Tally:
    """A sum of counts that says what is unknown."""

    #: the sum of the known counts
    known: int
    #: the counts that are unknown (their labels)
    unknown: tuple[str, ...]
    #: the total the counts should make up, ``None`` when that is unknown too
    total: int | None = None

    @property
    def complete(self) -> bool:
        """Every count is known."""
        return not self.unknown

    @property
    def unaccounted(self) -> int | None:
        """Units of the total that no known count covers (``None`` without a total)."""
        return None if self.total is None else self.total - self.known

    @property
    def adds_up(self) -> bool | None:
        """``True``/``False`` when every count and the total are known; ``None`` otherwise
        (then only an excess is certain: see ``exceeds``)."""
        if self.total is None or not self.complete:
            return None
        return self.known == self.total

    @property
    def exceeds(self) -> bool:
        """The known counts alone are more than the total."""
        return self.total is not None and self.known > self.total


def tally(units: Iterable[Units], total: int | None = None) -> Tally:
    """Sum the known counts; list the unknown ones; compare with ``total``."""
    units = list(units)
    return Tally(
        known=sum(unit.count for unit in units if unit.count is not None),
        unknown=tuple(unit.label for unit in units if unit.count is None),
        total=total,
    )


def number(value: int) -> str:
    """``1234`` -> ``1.234`` (the active language's notation)."""
    return number_format(value, force_grouping=True)


def sum_problem(result: Tally, *, parts: str, total_name: str) -> str | None:
    """A Dutch message when the counts do not add up to the total, naming both numbers;
    ``None`` when they do or cannot be checked (unknown counts that stay below the total)."""
    if result.total is None:
        return None
    if result.adds_up is False:
        return _(
            "%(parts)s tellen op tot %(sum)s woningen, maar %(total_name)s is %(total)s "
            "(verschil %(difference)s)"
        ) % {
            "parts": parts,
            "sum": number(result.known),
            "total_name": total_name,
            "total": number(result.total),
            "difference": number(abs(result.known - result.total)),
        }
    if result.exceeds:
        return _(
            "%(parts)s die zijn ingevuld tellen al op tot %(sum)s woningen, meer dan "
            "%(total_name)s (%(total)s)"
        ) % {
            "parts": parts,
            "sum": number(result.known),
            "total_name": total_name,
            "total": number(result.total),
        }
    return None


# --------------------------------------------------------------------------- counts

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DIGITS = re.compile(r"\d+")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(\.\d{3})+")
_WHOLE_DECIMAL = re.compile(r"(\d+)[.,]0+")
#: Texts that mean "unknown" in a count field; they read as ``None``, never as 0.
UNKNOWN_TEXTS = frozenset({"onbekend", "n.b.", "nb", "n.v.t.", "-", "?"})


def parse_count(raw: object, what: str) -> int | None:
    """A number of homes: ``None`` (unknown) for an absent or empty value, else a whole
    number 0 or more (``12``, ``12.0`` from Excel, ``1.234`` with a thousands dot).

    A fraction is refused, not rounded (rounded phases drift off by one). ``ValueError``
    with a Dutch reason otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(_("%(what)s is geen aantal") % {"what": what})
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if raw != raw or not raw.is_integer():
            raise ValueError(
                _("%(what)s %(value)s is geen geheel aantal woningen")
                % {"what": what, "value": f"{raw:g}"}
            )
        value = int(raw)
    else:
        text = _SPACES.sub("", str(raw)).replace("\u2212", "-")
        if not text or text.lower() in UNKNOWN_TEXTS:
            return None
        negative = text.startswith("-")
        digits = text[1:] if negative else text
        if _THOUSANDS.fullmatch(digits):
            digits = digits.replace(".", "")
        elif match := _WHOLE_DECIMAL.fullmatch(digits):
            digits = match.group(1)
        if not _DIGITS.fullmatch(digits):
            raise ValueError(
                _("'%(text)s' bij %(what)s is geen geheel aantal (schrijf bijvoorbeeld 12)")
                % {"text": str(raw).strip(), "what": what}
            )
        value = -int(digits) if negative else int(digits)
    if value < 0:
        raise ValueError(
            _("%(what)s is %(value)s: een aantal woningen is 0 of meer")
            % {"what": what, "value": value}
        )
    return value
