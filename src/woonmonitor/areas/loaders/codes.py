"""CBS area codes: validation, level and parent codes."""

from __future__ import annotations

import re

from woonmonitor.imports.errors import InvalidRow

COUNTRY_CODE = "NL01"
COUNTRY_NAME = "Nederland"

#: Level (as stored in ``Area.level``) -> regular expression of a valid code.
CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "land": re.compile(r"NL\d{2}"),
    "provincie": re.compile(r"PV\d{2}"),
    "gemeente": re.compile(r"GM\d{4}"),
    "wijk": re.compile(r"WK\d{4}[0-9A-Z]{2}"),
    "buurt": re.compile(r"BU\d{4}[0-9A-Z]{4}"),
}
#: Any CBS area code in a URL (case-insensitive; wijk and buurt codes may hold letters:
#: WK0363AA, BU0363AA01 in Amsterdam). Routes and the API use this; ``level_of`` validates.
URL_REGEX = r"(?:[Nn][Ll]|[Pp][Vv]|[Gg][Mm]|[Ww][Kk]|[Bb][Uu])[0-9A-Za-z]{2,8}"
PREFIX_LEVEL = {"NL": "land", "PV": "provincie", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}
LEVEL_PREFIX = {level: prefix for prefix, level in PREFIX_LEVEL.items()}
#: Length of the bare number of each level, for codes written without prefix.
LEVEL_DIGITS = {"provincie": 2, "gemeente": 4, "wijk": 6, "buurt": 8}


def normalise_code(raw: object, level: str | None = None) -> str:
    """Trim and upper-case a code; add the CBS prefix to a bare number when the level is known.

    Raises ``InvalidRow`` when the result is not a valid code (of ``level`` if given).
    """
    if raw is None:
        raise InvalidRow("code ontbreekt")
    code = str(raw).strip().upper()
    if level and code.isdigit() and len(code) == LEVEL_DIGITS.get(level, -1):
        code = LEVEL_PREFIX[level] + code
    found = level_of(code)
    if found is None:
        raise InvalidRow(f"ongeldige code {code!r}")
    if level and found != level:
        raise InvalidRow(f"code {code} is geen {level}")
    return code


def level_of(code: str) -> str | None:
    """The level of a valid code, or None if the code is not valid."""
    level = PREFIX_LEVEL.get(code[:2])
    if level and CODE_PATTERNS[level].fullmatch(code):
        return level
    return None


def municipality_code_of(code: str) -> str | None:
    """GM code of the gemeente a GM/WK/BU code belongs to (by CBS code structure)."""
    if code[:2] in ("GM", "WK", "BU") and len(code) >= 6:
        return "GM" + code[2:6]
    return None


def parent_code_of(code: str) -> str | None:
    """The parent code that follows from the code itself (buurt->wijk, wijk->gemeente, PV->NL01).

    Gemeenten have no parent in their code: their province comes from the data.
    """
    prefix = code[:2]
    if prefix == "BU":
        return "WK" + code[2:8]
    if prefix == "WK":
        return "GM" + code[2:6]
    if prefix == "PV":
        return COUNTRY_CODE
    return None


def parse_code_list(value: str | None, level: str | None = None) -> set[str]:
    """Parse a comma separated option like ``GM1681,GM0106`` into a set of valid codes."""
    if not value:
        return set()
    codes = set()
    for part in value.split(","):
        if part.strip():
            codes.add(normalise_code(part, level))
    return codes


#: Why a row of another gemeente than the chosen ones is skipped (``--gemeenten``).
OUTSIDE_MUNICIPALITIES = "buiten de gekozen gemeenten (--gemeenten)"


def in_municipalities(code: str, municipalities: set[str]) -> bool:
    """True when no filter is given or the code belongs to one of the given gemeenten."""
    if not municipalities:
        return True
    return municipality_code_of(code) in municipalities
