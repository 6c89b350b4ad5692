"""Forms of the import, review and publication pages (Utrecht classes, errors linked to inputs)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from woonmonitor.accounts.models import Organisation
from woonmonitor.forms import AccessibleFormMixin

from .models import Agreement, Commitment, NumberTable
from .services import EDITABLE_COMMITMENT_FIELDS

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


class UploadForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Document (platte tekst, .txt)"),
        help_text=_(
            "De tekst van het prestatieafsprakendocument, opgeslagen als platte tekst in UTF-8. "
            "Hoogstens 2 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".txt,text/plain"}),
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
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "min": 1900, "max": 2100}
            )
        self.style_widgets()

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        for name in ("period_start", "period_end"):
            year = data.get(name)
            if year is not None and not 1900 <= year <= 2100:
                self.add_error(name, _("Geef een jaartal tussen 1900 en 2100."))
        if start and end and start > end:
            self.add_error("period_end", _("Het eindjaar ligt voor het beginjaar."))
        return data


class TableEditForm(AccessibleFormMixin, forms.Form):
    """Value and year of every cell of one number table (raw text stays as in the document)."""

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
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 7}),
            )
            if not self.has_years:
                continue
            self.fields[f"year_{cell.pk}"] = forms.IntegerField(
                label=_("Jaar voor %s") % where,
                required=cell.year is not None,
                initial=cell.year,
                min_value=1900,
                max_value=2100,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            )
        self.style_widgets()

    def rows(self):
        """(cell, value field, year field) for the template."""
        return [
            (cell, self[f"value_{cell.pk}"], self[f"year_{cell.pk}"] if self.has_years else None)
            for cell in self.cells
        ]

    def changes(self):
        """(cell, value, year or None) for every cell whose value or year was changed."""
        result = []
        for cell in self.cells:
            value = self.cleaned_data.get(f"value_{cell.pk}")
            year = self.cleaned_data.get(f"year_{cell.pk}")
            if value != cell.value or (year is not None and year != cell.year):
                result.append((cell, value, year if year != cell.year else None))
        return result


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

    def __init__(self, *args, agreement: Agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            kind="province"
        ).order_by("kind", "name")


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
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("De werkmap is groter dan 5 MB."))
        self.cleaned_data["data"] = upload.read()
        return upload
