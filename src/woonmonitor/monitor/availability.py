"""Which indicators have values for which level and year, and how to load the others.

A picker (the map, the start page, the compare page) lists only the indicators with values for
the chosen level and year; the others are listed apart under "nog geen gegevens", with where
their values would come from and how to load them. What exists is read, never assumed: one
aggregate query (``IndicatorValueQuerySet.available``) answers for every indicator at once,
and its answer is kept per version of the data (``data_fingerprint``: a new import run or value
gives a new answer at once) in the ``documents`` cache (``woonmonitor.document_cache``).
"""

from __future__ import annotations

import importlib
import inspect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.core.management import get_commands
from django.urls import reverse
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Level
from woonmonitor.document_cache import cached_document

from .fingerprint import data_fingerprint
from .models import Computation, Indicator, IndicatorValue, SourceKind
from .presentation import period_ranges

#: The app whose management commands load monitor values.
COMMANDS_APP = "woonmonitor.monitor"

Combination = tuple[int, int, str]  # (indicator id, period, level)


@dataclass(frozen=True)
class Availability:
    """The (indicator id, period, level) combinations that have at least one value."""

    combinations: frozenset[Combination] = frozenset()
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for indicator_id, period, level in self.combinations:
            index[indicator_id][period].add(level)
        self._index.update({key: dict(periods) for key, periods in index.items()})

    def has(self, indicator_id: int, *, period: int | None = None, level: str | None = None):
        """Whether the indicator has values (in ``period``, at ``level``; None: any)."""
        periods = self._index.get(indicator_id, {})
        if period is not None:
            periods = {period: periods[period]} if period in periods else {}
        return any(level is None or level in levels for levels in periods.values())

    def periods(self, indicator_id: int, level: str | None = None) -> list[int]:
        """The periods with values of the indicator (at ``level``), oldest first."""
        return sorted(
            period
            for period, levels in self._index.get(indicator_id, {}).items()
            if level is None or level in levels
        )

    def levels(self, indicator_id: int, period: int | None = None) -> list[str]:
        """The levels with values of the indicator (in ``period``), from large to small."""
        found: set[str] = set()
        for p, levels in self._index.get(indicator_id, {}).items():
            if period is None or p == period:
                found |= levels
        return [level for level in Level.values if level in found]

    def years(self, level: str | None = None) -> list[int]:
        """Every period with values of any indicator (at ``level``)."""
        return sorted(
            {
                period
                for periods in self._index.values()
                for period, levels in periods.items()
                if level is None or level in levels
            }
        )


def availability() -> Availability:
    """The availability of every indicator, per version of the data (cached)."""
    found = cached_document(
        None,  # the same for everyone: whether values exist is public
        "indicator-availability",
        [data_fingerprint()],
        lambda: frozenset(IndicatorValue.objects.current().available()),
    )
    return Availability(found)


# ----------------------------------------------------------------------------- how to load


@dataclass(frozen=True)
class Loader:
    """Where an indicator's values come from and which commands load that source."""

    citation: str
    commands: tuple[str, ...]


@cache
def _command_sources() -> dict[str, str]:
    """The source text of every management command of the monitor, by command name."""
    found = {}
    for name, app in get_commands().items():
        if app != COMMANDS_APP or name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{app}.management.commands.{name}")
            found[name] = inspect.getsource(module)
        except (ImportError, OSError, SyntaxError):  # a command being written is not offered
            continue
    return found


@cache
def _sources_of_table(table: str) -> tuple[tuple[str, int | None], ...]:
    """The (key, vintage) of the entries of the sources table (``imports/data/sources.toml``)
    that publish ``table``: by table id, or by title for a source without one."""
    from woonmonitor.imports.sources import SourceTableError, resolve, source_keys, table_ids

    wanted = table.strip().lower()
    found: list[tuple[str, int | None]] = []
    try:
        for key in source_keys():
            tables = table_ids(key)
            entry = resolve(key)
            years = [year for year, item in sorted(tables.items()) if item.lower() == wanted]
            if years:
                found.append((key, years[-1]))
            elif entry.table_id.lower() == wanted or (
                not entry.table_id and not tables and wanted and wanted in entry.title.lower()
            ):
                found.append((key, None))
    except SourceTableError:  # the table is being edited; the page says where to look
        return ()
    return tuple(found)


def loader(indicator: Indicator) -> Loader | None:
    """The source of the indicator's table and the commands that load it: a command loads a
    source when it names the source's key (as every loader does, ``source_key``). None when
    the sources table does not know the table."""
    from woonmonitor.imports.sources import resolve

    sources = _sources_of_table(indicator.source_table) if indicator.source_table else ()
    if not sources:
        return None
    key, vintage = sources[0]
    commands = tuple(
        name
        for name, text in sorted(_command_sources().items())
        if any(f'"{source}"' in text for source, _vintage in sources)
    )
    return Loader(resolve(key, vintage).citation, commands)


def load_command(indicator: Indicator) -> str:
    """The management commands that load the indicator's source, in words; empty if none."""
    found = loader(indicator)
    return " / ".join(found.commands) if found else ""


@dataclass(frozen=True)
class LoadHint:
    """Where an indicator's values come from (``source``) and how to load them
    (``instruction``); indicators of one source share both, and ``detail`` is their own part
    (the variable, or the indicators a ratio is made of)."""

    source: str
    instruction: str
    detail: str = ""


def load_hint(indicator: Indicator, names: dict[str, str] | None = None) -> LoadHint:
    names = names or {}
    if indicator.source_kind == SourceKind.PARTY:
        return LoadHint(
            _("Ingevoerd door partijen"),
            _("Een gemeente of woningcorporatie voert deze cijfers in op de invoerpagina."),
        )
    if indicator.computation == Computation.RATIO and indicator.numerator:
        return LoadHint(
            _("Berekend uit andere indicatoren"),
            _(
                "Verschijnt zodra teller en noemer geladen zijn (manage.py load_monitor_data "
                "berekent de verhoudingen)."
            ),
            _("%(numerator)s gedeeld door %(denominator)s")
            % {
                "numerator": names.get(indicator.numerator, indicator.numerator),
                "denominator": names.get(indicator.denominator, indicator.denominator),
            },
        )
    found = loader(indicator)
    if found is None:
        publisher = str(SourceKind(indicator.source_kind).label)
        source = " ".join(part for part in (publisher, indicator.source_table) if part)
    else:
        source = found.citation
    detail = (
        _("variabele %(variable)s") % {"variable": indicator.source_variable}
        if indicator.source_variable
        else ""
    )
    if found is not None and found.commands:
        commands = (" " + _("of") + " ").join(f"manage.py {name}" for name in found.commands)
        return LoadHint(source, _("Laden met %(commands)s.") % {"commands": commands}, detail)
    return LoadHint(
        source, _("Hoe deze bron geladen wordt staat op de pagina Over de cijfers."), detail
    )


def how_to_load(indicator: Indicator, names: dict[str, str] | None = None) -> str:
    """In words: where the values come from and how to load them."""
    hint = load_hint(indicator, names)
    source = f"{hint.source} ({hint.detail})" if hint.detail else hint.source
    return f"{source}: {hint.instruction}"


# ----------------------------------------------------------------------------- pickers


@dataclass(frozen=True)
class Unavailable:
    """An indicator without values for the chosen level and year."""

    indicator: Indicator
    #: Where it does have values, e.g. "wel in 2019, 2022" or "wel per gemeente"; empty: none.
    elsewhere: str
    hint: LoadHint
    about_url: str

    @property
    def selectable(self) -> bool:
        return bool(self.elsewhere)


@dataclass
class Split:
    """The catalogue split for a picker: with values for the choice, and the rest."""

    available: list[Indicator]
    unavailable: list[Unavailable]
    period: int | None
    level: str | None

    @property
    def never_loaded(self) -> list[Unavailable]:
        """The indicators without any value at all (listed with how to load them)."""
        return [item for item in self.unavailable if not item.selectable]

    @property
    def never_loaded_groups(self) -> list[dict]:
        """The indicators without any value grouped by their source and how to load it."""
        groups: dict[tuple[str, str], list[Unavailable]] = {}
        for item in self.never_loaded:
            groups.setdefault((item.hint.source, item.hint.instruction), []).append(item)
        return [
            {"source": source, "instruction": instruction, "items": items}
            for (source, instruction), items in groups.items()
        ]

    @property
    def scope_words(self) -> str:
        """The choice in words: "per wijk in 2024" (empty for any level and year)."""
        parts = []
        if self.level:
            parts.append(_("per %(level)s") % {"level": Level(self.level).label})
        if self.period:
            parts.append(_("in %(year)s") % {"year": self.period})
        return " ".join(parts)

    @property
    def summary(self) -> str:
        """ "9 van de 80 indicatoren hebben cijfers per wijk in 2024; ..." (empty without rest)."""
        if not self.unavailable:
            return ""
        return _(
            "%(count)s van de %(total)s indicatoren hebben cijfers %(choice)s; de andere staan "
            "in de keuzelijst apart onder “Nog geen gegevens”."
        ) % {
            "count": len(self.available),
            "total": len(self.available) + len(self.unavailable),
            "choice": self.scope_words or _("in een of meer jaren"),
        }

    @property
    def label(self) -> str:
        """The heading of the rest: "Nog geen gegevens per wijk in 2024"."""
        return " ".join(part for part in (_("Nog geen gegevens"), self.scope_words) if part)


def _elsewhere(found: Availability, indicator_id: int, level: str | None) -> str:
    years = found.periods(indicator_id, level)
    if years:
        ranges = ", ".join(str(r) for r in reversed(period_ranges(years)))
        return _("wel in %(years)s") % {"years": ranges}
    levels = found.levels(indicator_id)
    if levels:
        words = ", ".join(str(Level(item).label) for item in levels)
        return _("wel per %(levels)s") % {"levels": words}
    return ""


def split_indicators(
    indicators: Sequence[Indicator],
    found: Availability,
    *,
    period: int | None = None,
    level: str | None = None,
) -> Split:
    """``indicators`` with values for ``period`` and ``level`` (None: any), and the rest with
    where they do have values and how to load them. Pure: ``found`` holds what exists."""
    names = {indicator.key: indicator.name for indicator in indicators}
    about = reverse("monitor:about")
    available: list[Indicator] = []
    rest: list[Unavailable] = []
    for indicator in indicators:
        if found.has(indicator.pk, period=period, level=level):
            available.append(indicator)
            continue
        rest.append(
            Unavailable(
                indicator,
                _elsewhere(found, indicator.pk, level),
                load_hint(indicator, names),
                f"{about}#indicator-{indicator.key}",
            )
        )
    return Split(available, rest, period, level)


def indicators_with_values(found: Availability, indicators: Iterable[Indicator]) -> int:
    return sum(1 for indicator in indicators if found.has(indicator.pk))
