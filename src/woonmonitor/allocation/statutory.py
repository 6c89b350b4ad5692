"""The statutory statushouders task (Huisvestingswet 2014, art. 28-30). Pure: no database.

For a half-year the Rijk sets a national number ``vg``. A municipality's task is
``vg x iG / iN`` **rounded up** to a whole number, with ``iG`` and ``iN`` the populations of the
municipality and of the Netherlands on 1 January of the year before the half-year's year
(art. 28). The arithmetic is exact (integers and ``Fraction``): ``ceil(57.876...)`` is 58, and a
quotient that is a whole number stays that number; no float ever rounds a task.

Two or more municipalities may exchange parts of their tasks as long as their sum stays equal
(art. 29 lid 2): ``apply_exchanges`` moves whole persons from a giver to a receiver and refuses
an exchange larger than what the giver has left. After a merger the province sets the population
to use (art. 30); the caller passes that population in and says so (``override``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _


class ExchangeError(ValueError):
    """An exchange that cannot be applied (unknown party, more than the giver's task)."""


def reference_date(year: int) -> datetime.date:
    """The population date of a half-year in ``year``: 1 January of the year before."""
    return datetime.date(year - 1, 1, 1)


def quotient(vg: int, ig: int, in_: int) -> Fraction:
    """``vg x iG / iN`` exactly."""
    if in_ <= 0:
        raise ValueError("the national population must be positive")
    if vg < 0 or ig < 0:
        raise ValueError("the national number and the population cannot be negative")
    return Fraction(vg * ig, in_)


def statutory_task(vg: int, ig: int, in_: int) -> int:
    """``ceil(vg x iG / iN)`` in integer arithmetic (a whole quotient stays as it is)."""
    quotient(vg, ig, in_)  # validates
    return -((-vg * ig) // in_)


@dataclass(frozen=True)
class Exchange:
    """Part of a task handed from ``giver`` to ``receiver`` (art. 29 lid 2)."""

    giver: str
    receiver: str
    amount: int
    decision: str = ""


@dataclass(frozen=True)
class Computation:
    """One municipality's task, with every input and step."""

    code: str
    vg: int
    population: int
    national_population: int
    raw_task: int
    exchanges: tuple[Exchange, ...] = ()
    task: int = 0
    override: bool = False

    @property
    def quotient(self) -> Fraction:
        return quotient(self.vg, self.population, self.national_population)

    @property
    def exchange_delta(self) -> int:
        """What the exchanges did to this municipality's task (negative: it gave)."""
        return self.task - self.raw_task


def apply_exchanges(tasks: Mapping[str, int], exchanges: Iterable[Exchange]) -> dict[str, int]:
    """The tasks after the exchanges, applied in order; the sum stays equal.

    Both parties must be in ``tasks``; an exchange may not take more than the giver has at that
    moment (after the exchanges before it), nor be empty or with itself.
    """
    result = dict(tasks)
    for exchange in exchanges:
        if exchange.giver == exchange.receiver:
            raise ExchangeError(_("Een gemeente kan niet met zichzelf uitruilen."))
        if exchange.amount <= 0:
            raise ExchangeError(_("Een uitruil moet ten minste één persoon betreffen."))
        for code in (exchange.giver, exchange.receiver):
            if code not in result:
                raise ExchangeError(
                    _("Voor %(code)s is geen taakstelling berekend; de uitruil kan niet.")
                    % {"code": code}
                )
        if exchange.amount > result[exchange.giver]:
            raise ExchangeError(
                _(
                    "%(giver)s kan geen %(amount)s afstaan: de taak is daar %(task)s. "
                    "Een uitruil is nooit groter dan de taak van de gemeente die afstaat."
                )
                % {
                    "giver": exchange.giver,
                    "amount": exchange.amount,
                    "task": result[exchange.giver],
                }
            )
        result[exchange.giver] -= exchange.amount
        result[exchange.receiver] += exchange.amount
    return result


@dataclass
class Outcome:
    """The tasks of a set of municipalities for one half-year."""

    vg: int
    national_population: int
    computations: dict[str, Computation] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(c.task for c in self.computations.values())


def compute(
    *,
    vg: int,
    national_population: int,
    populations: Mapping[str, int],
    exchanges: Sequence[Exchange] = (),
    overridden: Iterable[str] = (),
) -> Outcome:
    """The task of every municipality in ``populations``, then the exchanges applied."""
    overridden = set(overridden)
    raw = {
        code: statutory_task(vg, population, national_population)
        for code, population in populations.items()
    }
    final = apply_exchanges(raw, exchanges)
    outcome = Outcome(vg=vg, national_population=national_population)
    for code, population in populations.items():
        involved = tuple(e for e in exchanges if code in (e.giver, e.receiver))
        outcome.computations[code] = Computation(
            code=code,
            vg=vg,
            population=population,
            national_population=national_population,
            raw_task=raw[code],
            exchanges=involved,
            task=final[code],
            override=code in overridden,
        )
    return outcome


# ----------------------------------------------------------------------------- words


def format_int(number: int) -> str:
    """``17590672`` -> ``17.590.672`` (Dutch thousands separator)."""
    return f"{number:,}".replace(",", ".")


def format_fraction(value: Fraction, decimals: int = 2) -> str:
    """An exact fraction written the Dutch way, rounded half up for display only."""
    if value < 0:
        return "-" + format_fraction(-value, decimals)
    scale = 10**decimals
    scaled = (value * scale * 2 + 1) // 2  # round half up, exact
    whole, rest = divmod(int(scaled), scale)
    text = format_int(whole)
    return f"{text},{rest:0{decimals}d}" if decimals else text


def describe(computation: Computation, *, names: Mapping[str, str] | None = None) -> list[str]:
    """Each step of one municipality's task, in words, for the page."""
    names = names or {}

    def name(code: str) -> str:
        return names.get(code, code)

    c = computation
    q = c.quotient
    steps = [
        _("Landelijk aantal (vg): %(vg)s.") % {"vg": format_int(c.vg)},
        (
            _("Inwoners van de gemeente (iG): %(ig)s, vastgesteld door de provincie (art. 30).")
            if c.override
            else _("Inwoners van de gemeente (iG): %(ig)s.")
        )
        % {"ig": format_int(c.population)},
        _("Inwoners van Nederland (iN): %(in)s.") % {"in": format_int(c.national_population)},
        _("vg × iG / iN = %(product)s / %(in)s = %(q)s.")
        % {
            "product": format_int(c.vg * c.population),
            "in": format_int(c.national_population),
            "q": format_fraction(q),
        },
    ]
    if q.denominator == 1:
        steps.append(_("Dat is een geheel getal: de taak is %(task)s.") % {"task": c.raw_task})
    else:
        steps.append(
            _("Naar boven afgerond (art. 28): %(task)s.") % {"task": format_int(c.raw_task)}
        )
    for exchange in c.exchanges:
        if exchange.giver == c.code:
            steps.append(
                _("Uitruil (art. 29 lid 2): %(amount)s afgestaan aan %(other)s.")
                % {"amount": exchange.amount, "other": name(exchange.receiver)}
            )
        else:
            steps.append(
                _("Uitruil (art. 29 lid 2): %(amount)s overgenomen van %(other)s.")
                % {"amount": exchange.amount, "other": name(exchange.giver)}
            )
    if c.exchanges:
        steps.append(_("Taakstelling na uitruil: %(task)s.") % {"task": format_int(c.task)})
    return steps
