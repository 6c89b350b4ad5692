"""What is masked in a source document: pure rules, shared by the parser and the table reading.

The source documents were anonymised by replacing digits with ``0`` and letters with ``X``/``x``
(``X0``, ``0000``, ``Xxxxx``). Such text is unreadable in the source: it is never a number, a
year or a label. A ``0`` in a row or column whose label is masked may itself be masked, so it
counts as unreadable too until a reviewer enters the number.
"""

from __future__ import annotations

import re

from .parsing.pipe_helpers import MASKED_DIGITS, MASKED_WORD
from .parsing.schema import Flag, ParsedAgreement, Table

# A row label or column header that is only mask characters: "Xxxxxxxxx", "0000", "X0".
_MASKED_LABEL = re.compile(r"X[xX]+(?:\s+0+)?|0{3,}|X[0X]+")
# A cell value that is only mask characters: "0000", "X0", "xx" (one "0" is a number).
_MASKED_VALUE = re.compile(r"0{2,}|(?=.*[Xx])[X0x]+")

ZERO_NOTE = (
    "0 in een rij of kolom die in de bron gemaskeerd is: het getal kan zelf gemaskeerd zijn; "
    "onleesbaar tot een beoordelaar het getal invult"
)


def is_masked_label(text: str) -> bool:
    """A row label or column header made unreadable in the source ('Xxxxx', '0000')."""
    return bool(_MASKED_LABEL.fullmatch(" ".join(text.split())))


def is_masked_value(raw: str) -> bool:
    """A cell made unreadable in the source ('0000', 'X0'); a single '0' is a number."""
    return bool(_MASKED_VALUE.fullmatch(raw.strip()))


def zero_may_be_masked(value: int | None, *, row_masked: bool, column_masked: bool) -> bool:
    """A 0 in a masked row or column: it may be a masked digit, not a real zero."""
    return value == 0 and (row_masked or column_masked)


def mask_zeros(table: Table) -> None:
    """Make every 0 in a masked row or column of a parsed table unreadable, with a flag."""
    masked_columns = {
        index for index, column in enumerate(table.columns) if is_masked_label(column)
    }
    for row_index, row in enumerate(table.rows):
        row_masked = is_masked_label(row.label)
        for position, cell in enumerate(row.cells):
            if not zero_may_be_masked(
                cell.value, row_masked=row_masked, column_masked=position in masked_columns
            ):
                continue
            cell.value = None
            table.flags.append(
                Flag(f"rows[{row_index}].cells[{position}].value", "masked", cell.raw, ZERO_NOTE)
            )


def mask_parsed_zeros(parsed: ParsedAgreement) -> ParsedAgreement:
    for table in parsed.tables:
        mask_zeros(table)
    return parsed


_MASKED_SPAN = re.compile(f"{MASKED_WORD.pattern}|{MASKED_DIGITS.pattern}")


def masked_segments(text: str) -> list[tuple[str, bool]]:
    """Running text as (part, masked) pieces: 'in periode 0000-0000' -> [..., ('0000-0000', True)].

    The same patterns the importer flags as masked text ('Xxxxxx', '0000-0000 000'); quoted
    source text keeps them, and every page and export marks them as unreadable in the source.
    """
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _MASKED_SPAN.finditer(text or ""):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    if position < len(text or ""):
        parts.append((text[position:], False))
    return parts


def has_masked_text(text: str) -> bool:
    return bool(_MASKED_SPAN.search(text or ""))


# ----------------------------------------------------------------------------- cell status

READABLE, MASKED, UNREADABLE, EMPTY, REVIEWED = (
    "readable",
    "masked",
    "unreadable",
    "empty",
    "reviewed",
)  # the values of NumberCell.Status
DASHES = {"-", "–", "—"}
_CELL_FLAG = re.compile(r"rows\[(\d+)\]\.cells\[(\d+)\](?:\.value)?")


def masked_positions(flags: list[Flag]) -> set[tuple[int, int]]:
    """(row, column) of every cell a parsed table flags as masked."""
    positions = set()
    for flag in flags:
        match = _CELL_FLAG.fullmatch(flag.field)
        if flag.kind == "masked" and match:
            positions.add((int(match.group(1)), int(match.group(2))))
    return positions


def source_status(raw: str, value: int | None, *, flagged_masked: bool = False) -> str:
    """How a cell as imported may be read: readable, masked, unreadable or empty."""
    text = (raw or "").strip()
    if value is not None and not flagged_masked:
        return READABLE
    if flagged_masked or is_masked_value(text):
        return MASKED
    if text and text not in DASHES:
        return UNREADABLE
    return EMPTY


def marked_plain(text: str, label: str) -> str:
    """Plain text (Excel, CSV) with every masked part marked: '[onleesbaar in de bron: 0000]'."""
    return "".join(
        f"[{label}: {part}]" if is_masked else part for part, is_masked in masked_segments(text)
    )
