"""Forms of the monitor's input page (other monitor forms live in ``forms_maps.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.forms import AccessibleForm
from woonmonitor.imports.forms import clean_table_upload


class PartyUploadForm(AccessibleForm):
    """An upload of own indicator values for one organisation."""

    organisation = forms.ChoiceField(
        label=_("Namens organisatie"),
        help_text=_("De waarden worden vastgelegd als ingevoerd door deze organisatie."),
    )
    file = forms.FileField(
        label=_("Bestand met waarden (.csv of .xlsx)"),
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

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(org.slug, org.name) for org in organisations]
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].slug
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_file(self):
        return clean_table_upload(self.cleaned_data["file"])
