"""Small rules every Excel download follows (openpyxl): valid sheet names, text stays text."""

from __future__ import annotations

import re

MAX_SHEET_NAME = 31
_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: set[str], fallback: str = "Blad") -> str:
    """A valid, unique Excel sheet name (no []:*?/\\, at most 31 characters); remembers it."""
    base = " ".join(_FORBIDDEN_IN_SHEET_NAME.sub(" ", text).split()).strip("'") or fallback
    name = base[:MAX_SHEET_NAME].rstrip()
    number = 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
        number += 1
    taken.add(name.lower())
    return name


def set_value(cell, value) -> None:
    """Write a value as itself: numbers as numbers, text as text, never as a formula.

    openpyxl stores a string that starts with "=" as a formula; text that people
    typed (a progress report, a commitment) must never run in someone's Excel.
    """
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
