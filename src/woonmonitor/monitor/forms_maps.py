"""GET forms of the monitor's start, map and compare pages (they work without JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.areas.loaders.codes import level_of
from woonmonitor.forms import AccessibleFormMixin

from .maps import MAP_LEVELS, Municipality
from .models import Indicator, Theme

#: At most this many areas side by side on the compare page.
MAX_COMPARED = 5


def indicator_choices(indicators: Sequence[Indicator], periods: dict[int, list[int]]) -> list:
    """Indicators grouped per theme (optgroups), each with the years it has values for."""
    groups = []
    for theme in Theme:
        no_values = _("nog geen waarden")
        options = [
            (
                indicator.key,
                f"{indicator.name} ({', '.join(str(p) for p in periods[indicator.pk])})"
                if periods.get(indicator.pk)
                else f"{indicator.name} ({no_values})",
            )
            for indicator in indicators
            if indicator.theme == theme
        ]
        if options:
            groups.append((theme.label, options))
    return groups


class MapForm(AccessibleFormMixin, forms.Form):
    """Indicator, year, level and gemeente of a map.

    Any year is accepted here (a select of the indicator's years, checked by the page): after
    choosing another indicator without JavaScript the old year may not exist for it, and the
    page then says so and shows the most recent year instead of refusing.
    """

    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    jaar = forms.IntegerField(
        label=_("Jaar"), required=False, min_value=1900, max_value=2100, widget=forms.Select
    )
    niveau = forms.ChoiceField(
        label=_("Niveau"),
        required=False,
        choices=[(level.value, level.label) for level in MAP_LEVELS],
    )
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False)

    def __init__(
        self,
        *args,
        indicators: Sequence[Indicator],
        periods: dict[int, list[int]],
        municipalities: Sequence[Municipality],
        year_choices: Sequence[int],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices(indicators, periods)
        self.fields["jaar"].widget.choices = [("", _("meest recente jaar"))] + [
            (str(year), str(year)) for year in sorted(year_choices, reverse=True)
        ]
        self.fields["gemeente"].choices = [("", _("alle gemeenten van de monitor"))] + [
            (m.code, m.name) for m in municipalities
        ]


class CompareForm(AccessibleFormMixin, forms.Form):
    """The areas (CBS codes, several ``gebied`` parameters), an indicator and a year."""

    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    jaar = forms.IntegerField(
        label=_("Jaar"), required=False, min_value=1900, max_value=2100, widget=forms.Select
    )

    def __init__(
        self,
        *args,
        indicators: Sequence[Indicator],
        periods: dict[int, list[int]],
        year_choices: Sequence[int],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("alle indicatoren"))] + indicator_choices(
            indicators, periods
        )
        self.fields["jaar"].widget.choices = [("", _("meest recente jaar per indicator"))] + [
            (str(year), str(year)) for year in sorted(year_choices, reverse=True)
        ]


def requested_codes(values: Sequence[str]) -> tuple[list[str], list[str], bool]:
    """The distinct area codes asked for, in order: (codes, invalid entries, too many).

    Empty entries (an unused select or text box) are ignored; more than ``MAX_COMPARED``
    codes keeps the first five and reports it.
    """
    codes: list[str] = []
    invalid: list[str] = []
    for raw in values:
        code = (raw or "").strip().upper()
        if not code:
            continue
        if level_of(code) is None:
            invalid.append(raw.strip()[:20])
            continue
        if code not in codes:
            codes.append(code)
    return codes[:MAX_COMPARED], invalid, len(codes) > MAX_COMPARED
