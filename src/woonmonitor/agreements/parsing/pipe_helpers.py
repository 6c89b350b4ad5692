"""Small text helpers for the pipe-table parser (cells, periods, leads, masked text)."""

from __future__ import annotations

import re

from .schema import Flag

# Commitment columns after "nr.", in header order.
COLUMNS = ("content", "result", "period", "lead_text", "year_entry")
TEXT_COLUMNS = ("content", "result", "year_entry")
COLUMN_NAMES = {
    "content": "inhoud",
    "result": "resultaat",
    "period": "tijd",
    "lead_text": "trekker",
    "year_entry": "jaarschijf",
}

NUMBER = re.compile(r"^[A-Z]\d{1,2}[a-z]?$")
MASKED_NUMBER = re.compile(r"^(?=.*X)[X0]{1,4}$")
MASKED_WORD = re.compile(r"\bX[xX]{2,}\b")
MASKED_DIGITS = re.compile(r"(?<![\d.,])0{3,}(?:[-\s]+0{3,})*(?![\d.,]?\d)")
MASKED_HEADER = re.compile(r"^(?=.*[Xx])[Xx]+(?:\s+0+)?$|^0{3,}$")
YEAR = re.compile(r"\b(19|20)\d{2}\b")
YEAR_CELL = re.compile(r"^\d{4}$")
PERIOD_LIKE = re.compile(r"^(?:\d{4}|t/m|[-–/\s])+$")
DATE_LINE = re.compile(
    r"^(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december)\s+\d{4}$",
    re.IGNORECASE,
)

# Words after which a wrapped cell line cannot end: the cell goes on below.
_CONTINUING = {
    "een", "de", "het", "en", "of", "voor", "door", "te", "van", "in", "met", "op", "bij",
    "aan", "om", "die", "dat", "naar", "tot", "als", "over", "uit", "is", "zijn", "wordt",
}  # fmt: skip


def norm(text: str) -> str:
    return " ".join(text.split())


def split_cells(line: str) -> list[str]:
    """'a | b | ||' -> ['a', 'b', '', '', '']: the piece after the last '|' is dropped."""
    parts = line.split("|")
    if len(parts) > 1 and not parts[-1].strip():
        parts = parts[:-1]
    return [norm(part) for part in parts]


def fragments(line: str) -> list[str]:
    return [cell for cell in split_cells(line) if cell]


def is_period_like(text: str) -> bool:
    return bool(text) and bool(YEAR.search(text)) and bool(PERIOD_LIKE.match(text))


def lead_tokens(text: str) -> list[str]:
    return [token for token in re.split(r"[\s/,&+]+", text) if token]


def is_lead_like(text: str, abbreviations: list[str]) -> bool:
    known = {a.lower() for a in abbreviations} | {"gemeente", "allen"}
    tokens = lead_tokens(text)
    return bool(tokens) and all(token.lower() in known for token in tokens)


def period_open(text: str) -> bool:
    return bool(re.search(r"[-–/]\s*$", text))


def lead_open(text: str) -> bool:
    return bool(re.search(r"(?:[/,&+]|\ben)\s*$", text))


def parse_period(text: str) -> tuple[int | None, int | None]:
    years = [int(match.group(0)) for match in YEAR.finditer(text)]
    if not years:
        return None, None
    return min(years), max(years)


def parse_leads(text: str, abbreviations: list[str], municipality: str) -> tuple[list[str], list]:
    """'gemeente /WS' -> ['BO', 'WS']; returns (leads, unknown tokens)."""
    by_lower = {a.lower(): a for a in abbreviations}
    leads: list[str] = []
    unknown: list[str] = []
    for token in lead_tokens(text):
        lower = token.lower()
        if lower == "allen":
            found = list(abbreviations)
        elif lower == "gemeente" and municipality:
            found = [municipality]
        elif lower in by_lower:
            found = [by_lower[lower]]
        else:
            unknown.append(token)
            found = []
        leads.extend(a for a in found if a not in leads)
    return leads, unknown


def sentence_final(text: str) -> bool:
    return text.rstrip("’'\")»”] ").endswith((".", "!", "?"))


def ends_continuing(text: str) -> bool:
    stripped = text.rstrip()
    if stripped.endswith((",", "-", "–", "/", ":", ";", "(")):
        return True
    words = stripped.split()
    return bool(words) and words[-1].lower() in _CONTINUING


def first_word(text: str) -> str:
    words = text.split()
    return words[0] if words else ""


def starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def masked_spans(text: str) -> list[str]:
    """Masked words ('Xxxxxx') and masked digit groups ('0000-0000 000') in running text."""
    found = [m.group(0) for m in MASKED_WORD.finditer(text)]
    found += [m.group(0) for m in MASKED_DIGITS.finditer(text)]
    return found


def cell_value(raw: str) -> int | None:
    text = raw.strip()
    if re.fullmatch(r"0{2,}", text):
        return None  # masked
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+", text):
        return int(text.replace(".", ""))
    return None


def comparable(text: str) -> str:
    """For matching names: lower case, no quotes or spaces."""
    return re.sub(r"[\s'’‘`\"]+", "", text.lower())


def numbers_header(line: str) -> bool:
    cells = [c for c in split_cells(line) if c]
    return (
        "|" in line
        and len(cells) >= 3
        and not YEAR_CELL.match(cells[0])
        and all(YEAR_CELL.match(c) for c in cells[1:])
    )


def column_years(columns: list[str]) -> tuple[list[int | None], list[Flag]]:
    """Years of the header cells; masked ones ('0000') follow from the column order."""
    years: list[int | None] = [int(c) if c != "0000" else None for c in columns]
    known = [(index, year) for index, year in enumerate(years) if year]
    masked = [index for index, year in enumerate(years) if year is None]
    if not masked:
        return years, []
    raw = " | ".join(columns[index] for index in masked)
    note = f"kolomkoppen {positions(masked)} gemaskeerd in de bron"
    flags = [Flag("columns", "masked", raw, note)]
    steps = {year - index for index, year in known}
    if len(steps) == 1:
        base = steps.pop()
        for index in masked:
            years[index] = base + index
        inferred = ", ".join(str(years[index]) for index in masked)
        following = ", ".join(str(year) for _, year in known)
        flags.append(
            Flag(
                "columns",
                "inferred",
                raw,
                f"jaar afgeleid uit de kolomvolgorde ({following} volgen): kolommen "
                f"{positions(masked)} zijn {inferred}",
            )
        )
    return years, flags


def positions(indexes: list[int]) -> str:
    return ", ".join(str(index + 1) for index in indexes)


def infer_number(numbers: list[str], index: int) -> str:
    following = next((n for n in numbers[index + 1 :] if NUMBER.match(n)), "")
    match = re.fullmatch(r"([A-Z])(\d+)", following)
    if match and int(match.group(2)) > 1:
        return f"{match.group(1)}{int(match.group(2)) - 1}"
    return ""


def is_heading(line: str, following: str) -> bool:
    return (
        len(line) <= 80
        and line[:1].isupper()
        and not sentence_final(line)
        and not line.endswith((":", ",", ";"))
        and len(following) > len(line)
    )
