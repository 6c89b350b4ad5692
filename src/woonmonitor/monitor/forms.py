"""Forms of the monitor's input page (other monitor forms live in ``forms_maps.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.forms import AccessibleForm
from woonmonitor.imports.tables import UPLOAD_LIMITS, TableTooLarge, check_size


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
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Kies een .csv- of .xlsx-bestand, zoals het sjabloon."))
        try:  # refused by its size before it is read into memory
            check_size(upload.size, UPLOAD_LIMITS)
        except TableTooLarge as exc:
            raise forms.ValidationError(str(exc)) from exc
        if upload.size == 0:
            raise forms.ValidationError(_("Het bestand is leeg."))
        return upload
