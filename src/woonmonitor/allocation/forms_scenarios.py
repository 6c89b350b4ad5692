"""The form for a new fair-share scenario. No database access apart from its choices."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.forms import AccessibleForm

from .fairshare import CONCENTRATION, INHABITANTS, SOCIAL_STOCK, SPLIT_NONE, SPLIT_STOCK, VACATED
from .models import Group, Half, Scenario

#: form field per key, with its label
KEY_FIELDS = (
    (INHABITANTS, "weight_inhabitants", _("Inwoners")),
    (SOCIAL_STOCK, "weight_social_stock", _("Sociale huurvoorraad")),
    (VACATED, "weight_vacated", _("Vrijgekomen sociale huurwoningen")),
    (CONCENTRATION, "weight_concentration", _("Huidige concentratie van de groep (omgekeerd)")),
)
FIXED_LINE = re.compile(r"^\s*(GM\d{4})\s*:\s*(.+)$", re.IGNORECASE)
FIXED_PART = re.compile(r"^\s*([a-z0-9-]+)\s*=\s*(\d+)\s*$", re.IGNORECASE)


def _weight_field(label, initial=0):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        initial=initial,
        required=False,
        help_text=_("Gewicht 0-100; 0 of leeg zet de sleutel uit."),
    )


def _cap_field(label):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=_("Procent van de vrijgekomen sociale huurwoningen; leeg: geen plafond."),
    )


class ScenarioForm(AccessibleForm):
    region = forms.ModelChoiceField(label=_("Regio"), queryset=None, empty_label=None)
    group = forms.ModelChoiceField(
        label=_("Aandachtsgroep"), queryset=Group.objects.all(), empty_label=None
    )
    year = forms.IntegerField(label=_("Jaar"), min_value=2015, max_value=2040)
    half = forms.TypedChoiceField(
        label=_("Periode"), choices=Half.choices, coerce=int, initial=Half.WHOLE_YEAR
    )
    name = forms.CharField(label=_("Naam van het scenario"), max_length=200)
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    total = forms.IntegerField(
        label=_("Regionaal totaal"),
        min_value=0,
        max_value=100000,
        help_text=_("Het aantal (in de eenheid van de groep) dat over de regio wordt verdeeld."),
    )
    weight_inhabitants = _weight_field(KEY_FIELDS[0][2], 100)
    weight_social_stock = _weight_field(KEY_FIELDS[1][2])
    weight_vacated = _weight_field(KEY_FIELDS[2][2])
    weight_concentration = _weight_field(KEY_FIELDS[3][2])
    municipality_cap = _cap_field(_("Plafond per gemeente (%)"))
    association_cap = _cap_field(_("Plafond per corporatie (%)"))
    split_mode = forms.ChoiceField(
        label=_("Verdeling over corporaties"),
        choices=[
            (SPLIT_STOCK, _("Naar rato van de sociale voorraad van elke corporatie")),
            (SPLIT_NONE, _("Niet verdelen (alleen waar hieronder een vaste verdeling staat)")),
        ],
        initial=SPLIT_STOCK,
    )
    fixed_split = forms.CharField(
        label=_("Vaste verdeling per gemeente"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Eén regel per gemeente, bijvoorbeeld GM1681: lefier=50, woonservice=50 "
            "(gemeentecode, dan per corporatie haar korte naam in de adresbalk en een gewicht). "
            "Gaat voor de verdeling naar rato."
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Scenario.Status.choices, initial=Scenario.Status.DRAFT
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        for name in ("municipality_cap", "association_cap"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def clean_fixed_split(self) -> dict:
        text = self.cleaned_data.get("fixed_split") or ""
        fixed: dict[str, dict[str, int]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            match = FIXED_LINE.match(line)
            parts = [FIXED_PART.match(part) for part in match.group(2).split(",")] if match else []
            if not match or not parts or not all(parts):
                raise forms.ValidationError(
                    _(
                        "Regel %(number)s is niet te lezen. Schrijf bijvoorbeeld: "
                        "GM1681: lefier=50, woonservice=50"
                    )
                    % {"number": number}
                )
            weights = {part.group(1).lower(): int(part.group(2)) for part in parts}
            if sum(weights.values()) <= 0:
                raise forms.ValidationError(
                    _("Regel %(number)s: de gewichten zijn samen nul.") % {"number": number}
                )
            fixed[match.group(1).upper()] = weights
        return fixed

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(field) for _key, field, _label in KEY_FIELDS):
            raise forms.ValidationError(
                _("Zet minstens één verdeelsleutel aan met een gewicht boven nul.")
            )
        return cleaned

    def keys(self) -> dict[str, int]:
        return {key: self.cleaned_data[field] or 0 for key, field, _label in KEY_FIELDS}

    def caps(self) -> dict:
        def number(value):
            if value is None:
                return None
            return int(value) if value == value.to_integral_value() else float(value)

        return {
            "municipality": number(self.cleaned_data.get("municipality_cap")),
            "association": number(self.cleaned_data.get("association_cap")),
        }

    def split(self) -> dict:
        return {"mode": self.cleaned_data["split_mode"], "fixed": self.cleaned_data["fixed_split"]}
