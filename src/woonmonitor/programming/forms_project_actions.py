"""Small forms on a project page: move the plan a phase (for those who may edit it) and record
the impulsteam's support (province editors). Reads the database (choices). The writes go
through ``services.move_phase`` and ``services.record_support``, which check the permission
again."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.forms import AccessibleFormMixin

from .forms_projects import PhaseChoiceField
from .models import Phase, SupportOutcome


class MovePhaseForm(AccessibleFormMixin, forms.Form):
    phase = PhaseChoiceField(
        label=_("Nieuwe fase"), queryset=Phase.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Reden (niet verplicht)"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld het besluit of de datum; komt in de geschiedenis."),
    )

    def __init__(self, data=None, *, phases: list[Phase], current: Phase, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["phase"].queryset = Phase.objects.filter(pk__in=[p.pk for p in phases])
        self.fields["phase"].initial = current.pk
        self.current = current

    def clean_phase(self):
        phase = self.cleaned_data["phase"]
        if phase.pk == self.current.pk:
            raise forms.ValidationError(_("Het plan staat al in deze fase."))
        return phase


class SupportForm(AccessibleFormMixin, forms.Form):
    requested_by = forms.ChoiceField(
        label=_("Aangevraagd door gemeente"),
        help_text=_("De gemeente die het impulsteam om hulp vroeg."),
    )
    subject = forms.CharField(
        label=_("Waarvoor"),
        max_length=300,
        help_text=_("Bijvoorbeeld: haalbaarheid, grondpositie, procesbegeleiding."),
    )
    since = forms.DateField(
        label=_("Sinds"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=SupportOutcome.choices)
    outcome_note = forms.CharField(
        label=_("Toelichting op de uitkomst (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, municipalities, default_code: str, today: datetime.date):
        super().__init__(data, initial={"requested_by": default_code, "since": today})
        self.fields["requested_by"].choices = [
            (code, f"{name} ({code})") for code, name in municipalities
        ]
