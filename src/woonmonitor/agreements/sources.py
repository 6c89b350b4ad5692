"""Sources a person can read: who published what, about which date, and when.

Pages, the API and reports name the source of a figure with these functions; how a
file reached Woonmonitor (file name, checksum, import run) and working notes belong on
the sources page (``agreements_sources``), never beside a figure.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


def publishers(agreement) -> str:
    """The parties of the document, as the document names them: who made it."""
    names = [party.name for party in agreement.parties.all()]
    return get_text_list(names, _("en")) if names else agreement.municipality.name


def document_title(agreement) -> str:
    """The document by title and dating: "Prestatieafspraken 2023 (december 2022)"."""
    if agreement.date_text:
        return _("%(title)s (%(dated)s)") % {
            "title": agreement.title,
            "dated": agreement.date_text.lower(),
        }
    return agreement.title


def document_citation(agreement) -> str:
    """Publisher, title, the period it covers and its dating, in one Dutch sentence."""
    text = _("%(publishers)s, “%(title)s”, looptijd %(start)s t/m %(end)s") % {
        "publishers": publishers(agreement),
        "title": agreement.title,
        "start": _date(agreement.period_start),
        "end": _date(agreement.period_end),
    }
    if agreement.date_text:
        text += _(", gedateerd %(dated)s") % {"dated": agreement.date_text.lower()}
    return text + "."


def commitment_citation(commitment, agreement) -> str:
    """Where a commitment is written: "afspraak A1 in PRESTATIEAFSPRAKEN 2023 (december 2022)"."""
    return _("afspraak %(label)s in %(document)s") % {
        "label": commitment.label,
        "document": document_title(agreement),
    }


def table_citation(titles: list[str], agreement) -> str:
    """Where planned numbers come from: "tabel ‘Productie Lefier’ in Prestatieafspraken 2023"."""
    quoted = ", ".join(f"‘{title}’" for title in titles)
    word = _("tabel") if len(titles) == 1 else _("tabellen")
    return _("%(word)s %(tables)s in %(document)s") % {
        "word": word,
        "tables": quoted,
        "document": document_title(agreement),
    }


FIELD_WORDS = {
    "leads": gettext_lazy("trekkers"),
    "parent": gettext_lazy("hoort bij afspraak"),
    "organisation": gettext_lazy("gekoppelde organisatie"),
    "municipality": gettext_lazy("gemeente"),
}


def field_label(model, name: str) -> str:
    """A field of a commitment or party in words ("trekkers", "kop jaarschijf"), not its code."""
    if name in FIELD_WORDS:
        return str(FIELD_WORDS[name])
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return str(_("onderdeel van de afspraak"))


def sources_section(request) -> tuple[str, dict] | None:
    """The agreements' part of the sources page: each document and how it reached us."""
    from .models import Agreement

    agreements = list(
        Agreement.objects.visible_to(request.user)
        .select_related("municipality", "import_run")
        .prefetch_related("parties")
        .defer("source_text")
        .order_by("municipality__name", "-edition", "-pk")
    )
    if not agreements:
        return None
    rows = [
        {"agreement": agreement, "citation": document_citation(agreement)}
        for agreement in agreements
    ]
    return "agreements/_sources_section.html", {"rows": rows}
