"""Read the text of a prestatieafspraken document into a ``ParsedAgreement``.

Two formats are known, both real (see ``../shared/seeds``):

- ``pipe-table``: text extracted from a PDF, tables as ``a | b | c |`` rows that
  may break over many lines (Borger-Odoorn 2023);
- ``html-cells``: text extracted from a Word document, commitments as
  tab-separated cells holding HTML (Hoogeveen 2023-2027).
"""

from __future__ import annotations

import re

from .schema import ParsedAgreement


class NotAnAgreement(ValueError):
    """The text is not a prestatieafspraken document this importer can read."""


_TITLE = re.compile(r"prestatieafspraken", re.IGNORECASE)
_PIPE_HEADER = re.compile(r"^\s*nr\.?\s*\|\s*inhoud\s*\|", re.IGNORECASE | re.MULTILINE)
_HTML_COMMITMENT = re.compile(r"<p><b>\s*\d+\.\s", re.IGNORECASE)


def detect_format(text: str) -> str:
    head = text[:3000]
    if not _TITLE.search(head):
        raise NotAnAgreement(
            "Dit is geen prestatieafsprakendocument: het woord 'prestatieafspraken' "
            "staat niet in de titel of de eerste alinea's."
        )
    if _PIPE_HEADER.search(text):
        return "pipe-table"
    if _HTML_COMMITMENT.search(text):
        return "html-cells"
    raise NotAnAgreement(
        "Geen genummerde afspraken gevonden: er is geen tabel met de kolommen "
        "'nr. | Inhoud' en geen lijst met genummerde meerjarige afspraken."
    )


def parse(text: str) -> ParsedAgreement:
    """Parse a document; raises ``NotAnAgreement`` when it is not one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fmt = detect_format(text)
    if fmt == "pipe-table":
        from .pipe_tables import parse_pipe_tables

        parsed = parse_pipe_tables(text)
    else:
        from .html_cells import parse_html_cells

        parsed = parse_html_cells(text)
    if not parsed.commitments:
        raise NotAnAgreement("Het document bevat geen afspraken die gelezen konden worden.")
    from ..masking import mask_parsed_zeros

    # a 0 in a masked row or column may be a masked digit: unreadable, with a flag
    return mask_parsed_zeros(parsed)
