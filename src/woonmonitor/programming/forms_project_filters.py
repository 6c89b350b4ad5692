"""The filter of the project list and the plan map (a plain GET form: works without JavaScript).

Every field is optional; an unknown value is a form error and filters nothing. ``certainty``
is hard/zacht, derived from the phase; ``segment`` keeps projects with homes in that segment
(``onbekend``: projects with homes whose segment is not known); ``year`` keeps projects with
an expected delivery in that year.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.forms import AccessibleFormMixin

from .parsing.segments import Certainty, Segment

#: The segment choice for "segment not known" (every unknown count and unclassified home).
UNKNOWN_SEGMENT = "onbekend"


def _select(choices, label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", _("alle"))] + list(choices),
    )


class ProjectFilterForm(AccessibleFormMixin, forms.Form):
    gemeente = _select([], _("Gemeente"))
    fase = _select([], _("Fase"))
    zekerheid = _select(Certainty.choices, _("Hard of zacht"))
    segment = _select(
        [(key, label) for key, label in Segment.choices if key != Segment.UNKNOWN]
        + [(UNKNOWN_SEGMENT, _("segment onbekend"))],
        _("Segment"),
    )
    jaar = _select([], _("Oplevering in jaar"))

    def __init__(
        self, data=None, *, municipalities=(), phases=(), years=(), with_municipality=True
    ):
        super().__init__(data)
        self.fields["gemeente"].choices = [("", _("alle"))] + [
            (code, f"{name} ({code})") for code, name in municipalities
        ]
        self.fields["fase"].choices = [("", _("alle"))] + [
            (phase.key, phase.name) for phase in phases
        ]
        self.fields["jaar"].choices = [("", _("alle"))] + [(str(y), str(y)) for y in years]
        if not with_municipality:
            del self.fields["gemeente"]

    def filters(self) -> dict[str, str]:
        """The valid, chosen filters (empty when the form has errors)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
