"""CBS cells: a number, or a special value that is never read as a number.

How CBS marks what it does not publish (see the "Verklaring van symbolen" in the real
``kwb-2024-gm-wk/TableInfos.json``, and the Kerncijfers wijken en buurten downloads):

* ``.`` (in OData JSON: ``null``): "het cijfer is onbekend, onvoldoende betrouwbaar of geheim";
* blank: "het cijfer kan op logische gronden niet voorkomen";
* ``x``: "geheim" (the classic CBS sign for a secret figure);
* ``-99997`` in the KWB download files: geheim (privacy); other large negative codes
  (``-99995``, ``-99996``, anything ``<= -99990``): no figure available.

``read_cell`` is on the hot path of national imports (millions of cells), so it avoids
Decimal and regular expressions.
"""

from __future__ import annotations

import math

from woonmonitor.areas.loaders.kwb import SENTINEL_LIMIT
from woonmonitor.imports.errors import InvalidRow
from woonmonitor.monitor.models import ValueStatus

DEFINITIVE = ValueStatus.DEFINITIVE.value
SUPPRESSED = ValueStatus.SUPPRESSED.value
MISSING = ValueStatus.MISSING.value

#: The CBS code for a figure kept secret for privacy.
SECRET_CODE = -99997
SENTINEL = float(SENTINEL_LIMIT)

NOTE_SECRET = "CBS: geheim"
NOTE_DOT = "CBS: cijfer onbekend, onvoldoende betrouwbaar of geheim (.)"
NOTE_NULL = "CBS: geen cijfer (onbekend, onvoldoende betrouwbaar of geheim)"
NOTE_BLANK = "CBS: cijfer kan op logische gronden niet voorkomen (blanco)"

_SECRET_SIGNS = {"x", "X"}
_MISSING_SIGNS = {
    ".": NOTE_DOT,
    "-": "CBS: teken '-' in de bron (geen cijfer)",
    "?": "geen cijfer in de bron ('?')",
}
_WORD_MISSING = {"null", "none", "nan", "na"}


class CellError(InvalidRow):
    """The cell holds something that is neither a number nor a known CBS sign (an invalid row
    of the import: the reader rejects the row or the value with this reason)."""


def special(code: float) -> tuple[None, str, str]:
    """(None, status, note) for a CBS special code such as -99997."""
    number = int(code) if float(code).is_integer() else code
    if number == SECRET_CODE:
        return None, SUPPRESSED, f"{NOTE_SECRET} ({number})"
    return None, MISSING, f"CBS: speciale waarde {number} (geen cijfer beschikbaar)"


def read_cell(
    raw: object,
    factor: float = 1.0,
    *,
    blank_note: str = NOTE_BLANK,
    null_note: str = NOTE_NULL,
    status: str = DEFINITIVE,
) -> tuple[float | None, str, str]:
    """``(value, status, note)`` of one cell; ``CellError`` when it is not readable at all.

    Numbers are multiplied by ``factor`` (rounded to 9 decimals so ``277.86 * 100`` is 27786).
    Special values give ``value`` None with status ``geheim`` or ``ontbreekt`` and a note.
    """
    kind = type(raw)
    if kind is int or kind is float:
        number = raw
    elif raw is None:
        return None, MISSING, null_note
    elif kind is str:
        text = raw.strip()
        if not text:
            return None, MISSING, blank_note
        if text in _SECRET_SIGNS:
            return None, SUPPRESSED, f"{NOTE_SECRET} (x)"
        note = _MISSING_SIGNS.get(text)
        if note:
            return None, MISSING, note
        if text.lower() in _WORD_MISSING:
            return None, MISSING, f"geen cijfer in de bron ({text!r})"
        try:
            number = float(text)
        except ValueError:
            if text.count(",") != 1 or "." in text:
                raise CellError(f"geen getal: {text!r}") from None
            try:
                number = float(text.replace(",", "."))
            except ValueError as exc:
                raise CellError(f"geen getal: {text!r}") from exc
    else:
        raise CellError(f"geen getal: {raw!r}")
    if not math.isfinite(number):
        raise CellError(f"geen getal: {raw!r}")
    if number <= SENTINEL:
        return special(number)
    if factor != 1.0:
        return round(number * factor, 9), status, ""
    return float(number), status, ""
