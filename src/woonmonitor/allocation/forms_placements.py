"""The form on which a municipality or housing association enters a placement. The choices
depend on the organisation the person enters for; the rules themselves are checked again in
``placements.record_placement``. Reads the database (choices)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from woonmonitor.accounts.models import Organisation
from woonmonitor.areas.models import Area, Level
from woonmonitor.forms import AccessibleFormMixin

from .models import Group
from .placements import allowed_codes

FIRST_YEAR = 2014  # the Huisvestingswet 2014


def municipality_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """(code, "Name (code)") of the municipalities ``organisation`` may enter for."""
    codes = allowed_codes(organisation)
    areas = Area.objects.filter(level=Level.MUNICIPALITY, code__in=codes)
    names = dict(areas.order_by("vintage").values_list("code", "name"))
    for code in codes:
        names.setdefault(code, code)
    return sorted(((code, f"{name} ({code})") for code, name in names.items()), key=lambda c: c[1])


class PlacementForm(AccessibleFormMixin, forms.Form):
    group = forms.ModelChoiceField(
        label=_("Aandachtsgroep"), queryset=Group.objects.all(), empty_label=None
    )
    municipality_code = forms.ChoiceField(label=_("Gemeente"))
    year = forms.IntegerField(label=_("Jaar"), min_value=FIRST_YEAR)
    month = forms.TypedChoiceField(
        label=_("Maand"), coerce=int, choices=[(number, name) for number, name in MONTHS.items()]
    )
    count = forms.IntegerField(
        label=_("Aantal gehuisvest"),
        min_value=0,
        max_value=10_000,
        help_text=_("Personen (statushouders) of de eenheid van de groep, in deze maand."),
    )
    area_code = forms.CharField(
        label=_("Wijk of buurt (niet verplicht)"),
        required=False,
        max_length=10,
        help_text=_("CBS-code, bijvoorbeeld WK168100 of BU16810001."),
    )
    note = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisation: Organisation, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.today = today
        self.fields["municipality_code"].choices = municipality_choices(organisation)
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": today.year})
        self.fields["count"].widget.attrs.update({"inputmode": "numeric"})
        statushouders = Group.objects.filter(key="statushouders").first()
        if statushouders is not None and not self.is_bound:
            self.initial.setdefault("group", statushouders.pk)

    def clean_area_code(self) -> str:
        code = self.cleaned_data["area_code"].strip().upper()
        if (
            code
            and not Area.objects.filter(
                code=code, level__in=(Level.DISTRICT, Level.NEIGHBOURHOOD)
            ).exists()
        ):
            raise forms.ValidationError(
                _("%(code)s is geen bekende wijk- of buurtcode."), params={"code": code}
            )
        return code

    def clean(self) -> dict:
        data = super().clean()
        year, month = data.get("year"), data.get("month")
        if year and month and (year, month) > (self.today.year, self.today.month):
            self.add_error("month", _("Deze maand moet nog beginnen."))
        return data
