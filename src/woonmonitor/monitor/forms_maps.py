"""GET forms of the monitor's start, map and compare pages (they work without JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.areas.loaders.codes import level_of
from woonmonitor.forms import AccessibleFormMixin

from .availability import Split
from .maps import MAP_LEVELS, Municipality
from .models import Theme

#: At most this many areas side by side on the compare page.
MAX_COMPARED = 5


class IndicatorSelect(forms.Select):
    """A select whose options in ``disabled_values`` cannot be chosen (listed for information:
    indicators without any value)."""

    def __init__(self, *args, disabled_values: Sequence[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.disabled_values = set(disabled_values)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.disabled_values:
            option["attrs"]["disabled"] = True
        return option


def indicator_choices(split: Split) -> list:
    """The indicators with values for the choice, grouped per theme (optgroups), then apart
    those with values for another level or year ("Nog geen gegevens per wijk in 2024", with
    where they do have values) and those without any value, which cannot be chosen."""
    groups = []
    for theme in Theme:
        options = [(i.key, i.name) for i in split.available if i.theme == theme]
        if options:
            groups.append((theme.label, options))
    elsewhere = [item for item in split.unavailable if item.selectable]
    if elsewhere:
        rest = [
            (item.indicator.key, f"{item.indicator.name} ({item.elsewhere})") for item in elsewhere
        ]
        groups.append((split.label, rest))
    if split.never_loaded:
        never = [(item.indicator.key, item.indicator.name) for item in split.never_loaded]
        groups.append((_("Nog geen gegevens geladen"), never))
    return groups


def _indicator_field(field: forms.ChoiceField, split: Split, first: list | None = None) -> None:
    field.choices = (first or []) + indicator_choices(split)
    field.widget.disabled_values = {item.indicator.key for item in split.never_loaded}


class MapForm(AccessibleFormMixin, forms.Form):
    """Indicator, year, level and gemeente of a map.

    Any year is accepted here (a select of the indicator's years, checked by the page): after
    choosing another indicator without JavaScript the old year may not exist for it, and the
    page then says so and shows the most recent year instead of refusing.
    """

    indicator = forms.ChoiceField(label=_("Indicator"), required=False, widget=IndicatorSelect)
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
        split: Split,
        municipalities: Sequence[Municipality],
        year_choices: Sequence[int],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        _indicator_field(self.fields["indicator"], split)
        self.fields["jaar"].widget.choices = [("", _("meest recente jaar"))] + [
            (str(year), str(year)) for year in sorted(year_choices, reverse=True)
        ]
        self.fields["gemeente"].choices = [("", _("alle gemeenten van de monitor"))] + [
            (m.code, m.name) for m in municipalities
        ]


class CompareForm(AccessibleFormMixin, forms.Form):
    """The areas (CBS codes, several ``gebied`` parameters), an indicator and a year."""

    indicator = forms.ChoiceField(label=_("Indicator"), required=False, widget=IndicatorSelect)
    jaar = forms.IntegerField(
        label=_("Jaar"), required=False, min_value=1900, max_value=2100, widget=forms.Select
    )

    def __init__(
        self,
        *args,
        split: Split,
        year_choices: Sequence[int],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        _indicator_field(self.fields["indicator"], split, [("", _("alle indicatoren"))])
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
