"""Forms of the agreement pages: progress reports, comments and realised figures.

The party choices are limited to what permissions.py allows the user; the
writes themselves go through services.py.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.forms import AccessibleForm

from . import bounds
from .measures import Measure
from .models import Comment, CommitmentStatus, Party


def _party_field(parties: list[Party], label) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=label,
        queryset=Party.objects.filter(pk__in=[party.pk for party in parties]).order_by("order"),
        empty_label=None if len(parties) == 1 else "—",
        error_messages={
            "invalid_choice": _("Voor deze partij mag u hier niets melden."),
            "required": _("Kies de partij namens wie u meldt."),
        },
    )
    field.label_from_instance = lambda party: (
        party.name if party.name == party.abbreviation else f"{party.name} ({party.abbreviation})"
    )
    return field


def _year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Jaar"),
        min_value=bounds.MIN_REPORT_YEAR,
        max_value=bounds.MAX_REPORT_YEAR,
        error_messages={"required": _("Vul het jaar in, bijvoorbeeld 2024.")},
        **kwargs,
    )


class ProgressReportForm(AccessibleForm):
    year = _year_field(help_text=_("Het jaar waarover u rapporteert."))
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    text = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=bounds.MAX_REPORT_TEXT,
        error_messages={"required": _("Licht de status toe: wat is er gedaan en wat volgt?")},
    )

    field_order = ["party", "year", "status", "text"]

    def __init__(self, *args, parties: list[Party], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"] = _party_field(parties, _("Namens"))
        self.style_widgets()
        self.order_fields(self.field_order)


class CommentForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=Comment.Kind.choices)
    text = forms.CharField(
        label=_("Advies of opmerking"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=bounds.MAX_COMMENT_TEXT,
        error_messages={"required": _("Schrijf uw advies of opmerking.")},
    )

    field_order = ["party", "kind", "text"]

    def __init__(self, *args, parties: list[Party], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"] = _party_field(parties, _("Namens"))
        self.style_widgets()
        self.order_fields(self.field_order)


class RealisedFigureForm(AccessibleForm):
    measure = forms.ChoiceField(label=_("Wat is gerealiseerd"), choices=Measure.choices)
    year = _year_field()
    value = forms.IntegerField(
        label=_("Aantal"),
        min_value=0,
        max_value=bounds.MAX_COUNT,
        error_messages={
            "required": _("Vul het aantal in (een heel getal, 0 of meer)."),
            "min_value": _("Een aantal kan niet negatief zijn."),
        },
    )
    note = forms.CharField(
        label=_("Toelichting (optioneel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=bounds.MAX_NOTE,
        help_text=_(
            "Bijvoorbeeld de bron van het getal of waarom een eerder getal is gecorrigeerd."
        ),
    )

    #: the newest figure the page showed: a figure entered after it for the same cell is a
    #: conflict, not something to correct unseen (``services.record_realised``)
    seen_up_to = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**63 - 1
    )

    field_order = ["party", "measure", "year", "value", "note"]

    def __init__(self, *args, parties: list[Party], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"] = _party_field(parties, _("Corporatie"))
        self.style_widgets()
        self.fields["value"].widget.attrs["inputmode"] = "numeric"
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
        self.order_fields(self.field_order)
