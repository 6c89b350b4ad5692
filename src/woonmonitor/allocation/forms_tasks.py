"""Forms of the task pages: one task on a form, a table of tasks as a file. No database
beyond the choices the view passes in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.forms import AccessibleForm
from woonmonitor.imports.forms import clean_table_upload

from .models import Half
from .task_rows import MAX_NOTE, MAX_SOURCE


class TaskForm(AccessibleForm):
    """The task of one municipality for one group and period."""

    municipality = forms.ChoiceField(
        label=_("Gemeente"),
        help_text=_("U legt taken vast voor uw eigen gemeente."),
    )
    group = forms.ChoiceField(label=_("Aandachtsgroep"))
    year = forms.IntegerField(label=_("Jaar"), min_value=1900, max_value=2200)
    half = forms.TypedChoiceField(
        label=_("Periode"),
        coerce=int,
        choices=Half.choices,
        help_text=_(
            "Statushouders hebben een taak per halfjaar; de andere groepen een taak per jaar."
        ),
    )
    amount = forms.IntegerField(
        label=_("Taak"),
        min_value=0,
        help_text=_("Een geheel getal, 0 of meer, in de eenheid van de groep."),
    )
    source = forms.CharField(
        label=_("Bron"),
        max_length=MAX_SOURCE,
        help_text=_(
            "Waar de taak vandaan komt: een raadsbesluit, convenant of regionale afspraak."
        ),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, municipalities=(), groups=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            (code, f"{name} ({code})") for code, name in municipalities
        ]
        self.fields["group"].choices = [
            (group.key, f"{group.name} ({group.get_unit_display()})") for group in groups
        ]
        self.groups = {group.key: group for group in groups}

    def clean(self):
        data = super().clean()
        group = self.groups.get(data.get("group") or "")
        half = data.get("half")
        if group is not None and half is not None:
            if group.half_yearly and half == 0:
                self.add_error("half", _("Kies het eerste of tweede halfjaar voor deze groep."))
            if not group.half_yearly and half != 0:
                self.add_error("half", _("Deze groep heeft een taak per heel jaar."))
        return data


class TaskUploadForm(AccessibleForm):
    file = forms.FileField(
        label=_("Bestand met taken (.csv of .xlsx)"),
        help_text=_(
            "Het ingevulde sjabloon, als CSV (puntkomma of komma) of Excel-werkmap. Hoogstens 5 MB."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        return clean_table_upload(self.cleaned_data["file"])
