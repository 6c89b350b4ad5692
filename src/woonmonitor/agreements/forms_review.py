"""Forms of the import, review and publication pages (Utrecht classes, errors linked to inputs)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.accounts.models import Organisation
from woonmonitor.forms import AccessibleFormMixin
from woonmonitor.imports.tables import UPLOAD_LIMITS, TableTooLarge, check_size

from .bounds import MAX_COUNT, MAX_SIGN_OFF_NOTE, MAX_YEAR, MIN_YEAR
from .models import Commitment, NumberTable, Party, SignOff
from .services import EDITABLE_COMMITMENT_FIELDS, CellChange, commitment_fingerprint

CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class UploadForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Document (platte tekst, .txt)"),
        help_text=_(
            "De tekst van het prestatieafsprakendocument, opgeslagen als platte tekst in UTF-8. "
            "Hoogstens 2 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".txt,text/plain"}),
    )
    allow_duplicate = forms.BooleanField(
        label=_("Toch als nieuw concept inlezen, naast wat er al is"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": CHECKBOX}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".txt"):
            raise forms.ValidationError(
                _("Kies een .txt-bestand: sla het document eerst op als platte tekst.")
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is %(size)s groot; hoogstens 2 MB is toegestaan.")
                % {"size": f"{upload.size / 1024 / 1024:.1f} MB".replace(".", ",")}
            )
        data = upload.read()
        if not data.strip():
            raise forms.ValidationError(_("Het bestand is leeg."))
        try:
            self.cleaned_data["text"] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _(
                    "Het bestand is geen tekst in UTF-8; sla het document op als platte tekst "
                    "(UTF-8)."
                )
            ) from exc
        return upload


class CommitmentEditForm(AccessibleFormMixin, forms.ModelForm):
    #: the version of the commitment the person started from (a conflict check, not shown)
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)
    leads = forms.ModelMultipleChoiceField(
        label=_("Trekkers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De partijen die deze afspraak trekken."),
    )

    class Meta:
        model = Commitment
        fields = list(EDITABLE_COMMITMENT_FIELDS)
        widgets = {
            "content": forms.Textarea(attrs={"rows": 9}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "year_entry": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = self.instance.agreement.parties.all()
        self.fields["leads"].label_from_instance = lambda p: (
            p.abbreviation if p.name == p.abbreviation else f"{p.abbreviation} ({p.name})"
        )
        if not self.is_bound:
            self.initial["leads"] = list(self.instance.leads.all())
            self.initial["based_on"] = commitment_fingerprint(self.instance)
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "min": 1900, "max": 2100}
            )
        self.style_widgets()

    @classmethod
    def rebased(cls, data, commitment: Commitment) -> CommitmentEditForm:
        """What the person posted, now based on the commitment as it is (after a conflict)."""
        current = Commitment.objects.get(pk=commitment.pk)
        form = cls(_replaced(data, {"based_on": commitment_fingerprint(current)}), instance=current)
        form.is_valid()
        return form

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        for name in ("period_start", "period_end"):
            year = data.get(name)
            if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
                self.add_error(name, _("Geef een jaartal tussen 1900 en 2100."))
        if start and end and start > end:
            self.add_error("period_end", _("Het eindjaar ligt voor het beginjaar."))
        return data


class TableEditForm(AccessibleFormMixin, forms.Form):
    """Value and year of every cell of one number table (raw text stays as in the document).

    Each cell also posts the value and year the person saw (hidden), so a cell someone else
    changed meanwhile is a conflict, and a cell the person left alone is never written back.
    """

    def __init__(self, *args, table: NumberTable, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.table = table
        self.cells = list(table.cells.select_related("party").order_by("row", "col"))
        # a stock table counts at one date: its cells have no year to correct
        self.has_years = table.kind != NumberTable.Kind.STOCK or any(
            cell.year is not None for cell in self.cells
        )
        for cell in self.cells:
            where = f"{cell.row_label} / {cell.column}"
            self.fields[f"value_{cell.pk}"] = forms.IntegerField(
                label=_("Waarde voor %s") % where,
                required=False,
                initial=cell.value,
                min_value=-MAX_COUNT,
                max_value=MAX_COUNT,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 7}),
            )
            self.fields[f"seen_{cell.pk}"] = forms.CharField(
                required=False, initial=_seen(cell), widget=forms.HiddenInput
            )
            if not self.has_years:
                continue
            self.fields[f"year_{cell.pk}"] = forms.IntegerField(
                label=_("Jaar voor %s") % where,
                required=cell.year is not None,
                initial=cell.year,
                min_value=MIN_YEAR,
                max_value=MAX_YEAR,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            )
        self.style_widgets()

    @classmethod
    def rebased(cls, data, table: NumberTable) -> TableEditForm:
        """What the person posted, now based on what the cells hold (after a conflict)."""
        current = {f"seen_{cell.pk}": _seen(cell) for cell in table.cells.all()}
        form = cls(_replaced(data, current), table=table)
        form.is_valid()
        return form

    def rows(self):
        """(cell, value field, year field, seen field) for the template."""
        return [
            (
                cell,
                self[f"value_{cell.pk}"],
                self[f"year_{cell.pk}"] if self.has_years else None,
                self[f"seen_{cell.pk}"],
            )
            for cell in self.cells
        ]

    def changes(self) -> list[CellChange]:
        """Every cell whose value or year the person changed, with what they started from."""
        result = []
        for cell in self.cells:
            seen = _parse_seen(self.cleaned_data.get(f"seen_{cell.pk}"), cell)
            value = self.cleaned_data.get(f"value_{cell.pk}")
            year = self.cleaned_data.get(f"year_{cell.pk}") if self.has_years else seen[1]
            if (value, year) != seen:
                result.append(CellChange(cell, value, year if year != seen[1] else None, seen))
        return result


def _seen(cell) -> str:
    """A cell's value and year as the hidden field carries them: ``30|2024``, ``|`` when empty."""
    return f"{'' if cell.value is None else cell.value}|{'' if cell.year is None else cell.year}"


def _replaced(data, replacements: dict[str, str]):
    """A copy of posted data (a QueryDict) with some single values replaced."""
    copy = data.copy()
    for name, value in replacements.items():
        copy[name] = value
    return copy


def _parse_seen(text: str | None, cell) -> tuple[int | None, int | None]:
    """What the person saw; the current cell when the form did not carry it (an old page)."""
    try:
        value, year = (text or "").split("|")
        return (int(value) if value else None, int(year) if year else None)
    except ValueError:
        return (cell.value, cell.year)


class ResolveLineForm(AccessibleFormMixin, forms.Form):
    resolution = forms.CharField(
        label=_("Wat is er met deze regel gedaan?"),
        max_length=500,
        widget=forms.TextInput(attrs={"size": 30}),
        error_messages={"required": _("Geef aan wat er met deze regel is gedaan.")},
    )


class LinkPartyForm(AccessibleFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie in Woonmonitor"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
    )

    def __init__(self, *args, party: Party, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # only organisations of the party's kind, and never one the administrator belongs to
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(kind=party.kind)
            .exclude(memberships__user=user)
            .order_by("name")
        )


class SignOffForm(AccessibleFormMixin, forms.Form):
    """A party's decision on the current version of the draft."""

    party = forms.ModelChoiceField(label=_("Namens"), queryset=Party.objects.none())
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=SignOff.Decision.choices,
        initial=SignOff.Decision.AGREED,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=MAX_SIGN_OFF_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Verplicht bij een voorbehoud of bezwaar; een voorbehoud wordt met de afspraken "
            "gepubliceerd."
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, parties: list[Party], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(pk__in=[p.pk for p in parties])
        self.fields["party"].empty_label = None if len(parties) == 1 else "—"
        self.fields["party"].label_from_instance = lambda p: f"{p.name} ({p.abbreviation})"
        self.style_widgets()

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") not in (None, SignOff.Decision.AGREED)
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("Licht uw voorbehoud of bezwaar toe."))
        return data


class SignedDocumentForm(AccessibleFormMixin, forms.Form):
    """A platform administrator records that the parties signed the source document."""

    note = forms.CharField(
        label=_("Waar en wanneer ondertekend"),
        max_length=MAX_SIGN_OFF_NOTE,
        widget=forms.TextInput(attrs={"size": 40}),
        help_text=_("Bijvoorbeeld: ondertekend op 2 oktober 2023, zie pagina 12 van het document."),
        error_messages={"required": _("Zeg waar en wanneer het document is ondertekend.")},
    )


class WorkbookUploadForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Bewerkte werkmap (.xlsx)"),
        help_text=_(
            "De werkmap die u van deze pagina heeft gedownload en bewerkt. Hoogstens 5 MB."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Kies een Excel-werkmap (.xlsx)."))
        try:  # refused by its size before it is read into memory
            check_size(upload.size, UPLOAD_LIMITS)
        except TableTooLarge as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.cleaned_data["data"] = upload.read()
        return upload
