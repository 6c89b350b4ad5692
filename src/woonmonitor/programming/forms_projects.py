"""The form to add or change a project (plan). Reads the database (choices, permissions).

Counts per segment and dwelling type are number fields where an EMPTY field means *unknown*
and 0 means *none* (``parsing.segments``); the deliveries are one field per year (empty: no
delivery expected that year; the rest of the homes is "jaar onbekend"). The location is a
GeoJSON Point or Polygon in a text field: the map (``plan-map.js``) writes it, and without
JavaScript it can be pasted; ``geometry.check`` validates it either way. The owner is one of
``permissions.writing_organisations(user)``; only the municipality sets the publicity
(``permissions.may_set_publicity``). The figures must add up (``figures.problems``): every
problem is shown at the top of the form. ``services.save_project`` checks it all again.
"""

from __future__ import annotations

import datetime
import json

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.forms import AccessibleFormMixin

from . import permissions
from .figures import ProjectFigures, problems
from .geometry import GeometryError, check
from .models import DeveloperKind, Phase, Project, Publicity
from .parsing.segments import DwellingType, Segment

UNKNOWN_HELP = _("Leeg = onbekend; 0 = geen.")
#: How many years ahead the form offers a delivery field (besides years the plan already has).
YEARS_AHEAD = 10


def segment_field(key: str) -> str:
    return f"segment_{key}"


def type_field(key: str) -> str:
    return f"woningtype_{key}"


def year_field(year: int) -> str:
    return f"oplevering_{year}"


def _count_field(label, help_text=UNKNOWN_HELP) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100_000,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class PhaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Phase) -> str:
        certainty = obj.get_certainty_display() or _("telt niet als plancapaciteit")
        return f"{obj.name} ({certainty})"


class ProjectForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam van het plan"), max_length=200)
    municipality_code = forms.ChoiceField(label=_("Gemeente"))
    owner = forms.ChoiceField(
        label=_("Bijgehouden door"),
        help_text=_("De organisatie die dit plan op Woonmonitor bijhoudt."),
    )
    phase = PhaseChoiceField(
        label=_("Fase"),
        queryset=Phase.objects.none(),
        empty_label=None,
        help_text=_("Hard of zacht volgt uit de fase; de betekenis van elke fase staat hieronder."),
    )
    developer_kind = forms.ChoiceField(label=_("Soort ontwikkelaar"), choices=DeveloperKind.choices)
    developer_name = forms.CharField(label=_("Ontwikkelaar"), max_length=200, required=False)
    publicity = forms.ChoiceField(
        label=_("Openbaarheid"),
        choices=Publicity.choices,
        help_text=_(
            "Alleen de gemeente bepaalt dit. Openbaar als project: iedereen ziet het plan. "
            "Alleen in totalen: het plan telt mee in openbare totalen, maar is niet als project "
            "te zien. Alleen voor partijen: alleen de partijen in de gemeente zien het."
        ),
    )
    reference_date = forms.DateField(
        label=_("Peilmoment van de gegevens"),
        help_text=_("De datum waarop deze cijfers de stand van het plan geven."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    units_gross = _count_field(
        _("Woningen bruto"), _("Nieuwe woningen, vóór sloop. Leeg = onbekend.")
    )
    demolition = _count_field(_("Sloop"), _("Woningen die verdwijnen. Leeg = onbekend; 0 = geen."))
    units_net = forms.IntegerField(
        label=_("Woningen netto"),
        min_value=0,
        max_value=100_000,
        help_text=_("Bruto min sloop: wat het plan aan de voorraad toevoegt."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    geometry = forms.CharField(
        label=_("Locatie (GeoJSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            "Klik op de kaart voor een punt of teken een vlak; de kaart vult dit veld. Zonder "
            "kaart: plak een GeoJSON-punt of -vlak in WGS84, bijvoorbeeld "
            '{"type": "Point", "coordinates": [6.79, 52.92]}. Leeg = nog geen locatie.'
        ),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reden van deze wijziging"),
        required=False,
        max_length=300,
        help_text=_("Komt in de geschiedenis van het plan. Niet verplicht."),
    )

    def __init__(
        self,
        data=None,
        *,
        user,
        project: Project | None,
        phases: list[Phase],
        names: dict[str, str],
        today: datetime.date,
    ):
        self.user = user
        self.project = project
        self.organisations = permissions.writing_organisations(user)
        years = set(range(today.year, today.year + YEARS_AHEAD + 1))
        if project is not None:
            years |= {int(year) for year in (project.deliveries or {})}
        self.years = sorted(years)
        super().__init__(data, initial=self._initial(project, today))
        for segment in Segment:
            self.fields[segment_field(segment.value)] = _count_field(segment.label)
        for kind in DwellingType:
            self.fields[type_field(kind.value)] = _count_field(kind.label)
        for year in self.years:
            self.fields[year_field(year)] = _count_field(str(year), help_text="")
        codes = {code for org in self.organisations for code in permissions.codes_for(org)}
        if project is not None:
            codes.add(project.municipality_code)
        self.fields["municipality_code"].choices = sorted(
            ((code, f"{names.get(code, code)} ({code})") for code in codes),
            key=lambda choice: choice[1],
        )
        self.fields["phase"].queryset = Phase.objects.filter(pk__in=[p.pk for p in phases])
        if project is None:
            self.fields["owner"].choices = [(org.slug, org.name) for org in self.organisations]
        else:
            del self.fields["owner"]
        if not self._may_publicise_somewhere(codes):
            del self.fields["publicity"]
        self.style_widgets()

    # -- set-up -------------------------------------------------------------------------

    def _initial(self, project: Project | None, today: datetime.date) -> dict:
        if project is None:
            kinds = {
                OrganisationKind.MUNICIPALITY: DeveloperKind.MUNICIPALITY,
                OrganisationKind.HOUSING_ASSOCIATION: DeveloperKind.ASSOCIATION,
            }
            first = self.organisations[0].kind if self.organisations else ""
            return {
                "reference_date": today,
                "publicity": Publicity.PARTIES,
                "developer_kind": kinds.get(first, DeveloperKind.UNKNOWN),
            }
        initial = {
            name: getattr(project, name)
            for name in (
                "name",
                "municipality_code",
                "developer_kind",
                "developer_name",
                "publicity",
                "units_gross",
                "demolition",
                "units_net",
                "note",
            )
        }
        initial["phase"] = project.phase_id
        initial["reference_date"] = today
        initial["geometry"] = json.dumps(project.geometry) if project.geometry else ""
        for key, count in (project.segments or {}).items():
            initial[segment_field(key)] = count
        for key, count in (project.dwelling_types or {}).items():
            initial[type_field(key)] = count
        for year, units in (project.deliveries or {}).items():
            initial[year_field(int(year))] = units
        return initial

    def _may_publicise_somewhere(self, codes) -> bool:
        if self.project is not None:
            return permissions.may_set_publicity(self.user, self.project)
        return any(
            permissions.may_set_publicity(self.user, Project(municipality_code=code))
            for code in codes
        )

    # -- groups of fields for the template ----------------------------------------------

    def segment_fields(self):
        return [self[segment_field(segment.value)] for segment in Segment]

    def type_fields(self):
        return [self[type_field(kind.value)] for kind in DwellingType]

    def year_fields(self):
        return [self[year_field(year)] for year in self.years]

    # -- validation ---------------------------------------------------------------------

    def clean_geometry(self):
        text = self.cleaned_data["geometry"].strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("De locatie is geen geldige GeoJSON.")) from None
        if isinstance(value, dict) and value.get("type") == "Feature":
            value = value.get("geometry")
        try:
            return check(value)
        except GeometryError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_owner(self):
        slug = self.cleaned_data["owner"]
        return next(org for org in self.organisations if org.slug == slug)

    def figures(self) -> ProjectFigures:
        data = self.cleaned_data
        return ProjectFigures(
            units_net=data.get("units_net") or 0,
            units_gross=data.get("units_gross"),
            demolition=data.get("demolition"),
            segments={s.value: data.get(segment_field(s.value)) for s in Segment},
            dwelling_types={k.value: data.get(type_field(k.value)) for k in DwellingType},
            deliveries={
                year: data[year_field(year)] for year in self.years if data.get(year_field(year))
            },
        )

    def clean(self):
        data = super().clean()
        code = data.get("municipality_code")
        owner = data.get("owner")
        if (
            code
            and self.project is None
            and owner is not None
            and not permissions.may_create_for(self.user, owner, code)
        ):
            self.add_error(
                "municipality_code",
                _("%(owner)s houdt geen plannen bij in deze gemeente.") % {"owner": owner.name},
            )
        if code and self.project is not None and code != self.project.municipality_code:
            moved = Project(owner_id=self.project.owner_id, municipality_code=code)
            if not permissions.may_edit(self.user, moved):
                self.add_error("municipality_code", _("U houdt geen plannen bij in deze gemeente."))
        if "publicity" in self.fields and code and data.get("publicity"):
            current = self.project.publicity if self.project else Publicity.PARTIES
            probe = Project(municipality_code=code)
            if data["publicity"] != current and not permissions.may_set_publicity(self.user, probe):
                self.add_error(
                    "publicity", _("Alleen de gemeente bepaalt hoe openbaar een plan is.")
                )
        if data.get("units_net") is not None:
            for message in problems(self.figures()):
                self.add_error(None, message)
        return data

    def fields_for_service(self) -> dict:
        """The descriptive fields ``services.save_project`` takes."""
        data = self.cleaned_data
        fields = {
            "name": data["name"].strip(),
            "municipality_code": data["municipality_code"],
            "developer_kind": data["developer_kind"],
            "developer_name": data["developer_name"].strip(),
            "geometry": data["geometry"],
            "note": data["note"].strip(),
            "reference_date": data["reference_date"],
        }
        if "publicity" in self.fields:
            fields["publicity"] = data["publicity"]
        elif self.project is None:
            fields["publicity"] = Publicity.PARTIES
        if self.project is None:
            fields["source"] = "formulier"
        return fields
