"""Commitment rows of a pipe table, put together from physical lines.

A row of the PDF table may break over many lines. The extractor writes, for each
physical line, the non-empty cell fragments in column order (then pads with
empty cells), so the column a fragment belongs to is lost. ``RowBuilder`` works
it out: period and lead cells that end in '-' or '/' are still open; a text
column that got nothing on the previous line has ended; among what is left, the
fragments go where the line widths and sentence endings fit best. When that is
not certain, the fragment gets an ``unreadable`` flag naming the choice.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .pipe_helpers import (
    COLUMN_NAMES,
    COLUMNS,
    MASKED_NUMBER,
    NUMBER,
    TEXT_COLUMNS,
    ends_continuing,
    first_word,
    infer_number,
    is_lead_like,
    is_period_like,
    lead_open,
    masked_spans,
    norm,
    parse_leads,
    parse_period,
    period_open,
    sentence_final,
    starts_lower,
)
from .schema import Commitment, Flag

_TAIL = 60  # longer fragments are the rest of a cell written on one line: no width evidence


@dataclass
class RowBuilder:
    number_raw: str
    line: int
    parts: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in COLUMNS})
    lines: list[int] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    received: set[str] = field(default_factory=set)
    continuations: int = 0

    def text(self, column: str) -> str:
        return norm(" ".join(self.parts[column]))

    def last(self, column: str) -> str:
        return self.parts[column][-1] if self.parts[column] else ""

    # -- the first line ---------------------------------------------------------------

    def start(self, frags: list[str], abbreviations: list[str]) -> None:
        """Place the cells of the row's first line; a missing column shifts the rest."""
        self.lines.append(self.line)
        extra = frags[len(COLUMNS) :]
        frags = frags[: len(COLUMNS)]
        mapping = _first_line_mapping(frags, abbreviations)
        for frag, column in zip(frags, mapping, strict=True):
            self.parts[column].append(frag)
        self.received = set(mapping)
        standard = COLUMNS[: len(frags)]
        if frags and mapping != standard:
            last = COLUMNS.index(mapping[-1])
            missing = [COLUMN_NAMES[c] for c in COLUMNS[:last] if c not in mapping]
            verb = "ontbreekt" if len(missing) == 1 else "ontbreken"
            note = (
                f"regel {self.line} heeft minder cellen dan de kopregel; kolommen afgeleid "
                f"uit de inhoud van de cellen ({' en '.join(missing)} {verb})"
            )
            for position, (frag, column) in enumerate(zip(frags, mapping, strict=True)):
                if column != standard[position]:
                    self.flags.append(Flag(column, "inferred", frag, note))
        for frag in extra:
            self.parts["year_entry"].append(frag)
            note = f"regel {self.line} heeft meer cellen dan de kopregel; bij jaarschijf gezet"
            self.flags.append(Flag("year_entry", "unreadable", frag, note))

    # -- a continuation line ----------------------------------------------------------

    def open_columns(self, after_first: bool) -> list[str]:
        result = []
        for column in COLUMNS:
            value = self.text(column)
            if column == "period":
                if value and period_open(value):
                    result.append(column)
            elif column == "lead_text":
                if value and lead_open(value):
                    result.append(column)
            elif value and (not after_first or column in self.received):
                result.append(column)
        return result

    def add(self, line: int, frags: list[str], abbreviations: list[str], widths) -> bool:
        """Add a continuation line; False when its fragments do not fit this row."""
        candidates = self.open_columns(after_first=self.continuations > 0)
        if len(candidates) < len(frags):
            candidates = self.open_columns(after_first=False)
        if len(candidates) < len(frags):
            return False
        options = _valid_mappings(frags, candidates, abbreviations)
        if not options:
            return False
        if len(options) == 1:
            chosen, doubt = options[0], False
        elif self.continuations == 0:
            chosen, doubt = self._choose_spill(frags, options)
        else:
            chosen, doubt = self._choose_wrap(frags, options, candidates, widths)
        if doubt:
            spread = ", ".join(COLUMN_NAMES[c] for c in candidates)
            for frag, column in zip(frags, chosen, strict=True):
                if self.continuations == 0:
                    note = (
                        f"regel {line} staat los onder de rij; niet zeker bij welke kolom "
                        f"({spread}) dit hoort, of dat het een aparte afspraak is; geplaatst "
                        f"bij {COLUMN_NAMES[column]}"
                    )
                else:
                    note = (
                        f"regel {line}: kolom niet zeker ({spread}); geplaatst bij "
                        f"{COLUMN_NAMES[column]} op grond van regelbreedte en zinseinde"
                    )
                self.flags.append(Flag(column, "unreadable", frag, note))
        for frag, column in zip(frags, chosen, strict=True):
            wrapped = self.continuations > 0 or len(frags) > 1
            if wrapped and len(frag) <= _TAIL:
                widths.setdefault(column, []).append(len(frag))
            self.parts[column].append(frag)
        self.received = set(chosen)
        self.lines.append(line)
        self.continuations += 1
        return True

    def _choose_spill(self, frags, options):
        """A row that stood on one line goes on below: lower case continues an open sentence."""
        kept = [
            option
            for option in options
            if not any(
                starts_lower(frag) and sentence_final(self.last(column))
                for frag, column in zip(frags, option, strict=True)
            )
        ] or options
        return kept[0], len(kept) > 1

    def _choose_wrap(self, frags, options, candidates, widths):
        scored = sorted(
            (self._cost(frags, option, candidates, widths), index)
            for index, option in enumerate(options)
        )
        best, index = scored[0]
        doubt = len(scored) > 1 and scored[1][0] - best < 0.5
        return options[index], doubt

    def _cost(self, frags, option, candidates, widths) -> float:
        cost = 0.0
        for frag, column in zip(frags, option, strict=True):
            if column not in TEXT_COLUMNS:
                continue
            width = _width(widths, column, self.parts[column])
            cost += abs(len(frag) - width) / width
            last = self.last(column)
            fits = len(last) + 1 + len(first_word(frag)) <= 0.9 * width
            if last and not sentence_final(last) and fits:
                cost += 1  # the word would have fitted on the line above
        for column in candidates:
            if column in option or column not in TEXT_COLUMNS:
                continue
            last = self.last(column)
            width = _width(widths, column, self.parts[column])
            if ends_continuing(last):
                cost += 2
            elif not (sentence_final(last) or len(last) < 0.6 * width):
                cost += 0.5
        return cost


def _width(widths: dict[str, list[int]], column: str, parts: list[str]) -> float:
    seen = widths.get(column) or [len(part) for part in parts[:1]] or [20]
    return float(max(max(seen), 4))


def _first_line_mapping(frags: list[str], abbreviations: list[str]) -> tuple[str, ...]:
    """Columns for the cells of a row's first line (after the number)."""
    standard = COLUMNS[: len(frags)]
    if not frags or _fits(frags, standard, abbreviations, strict=False):
        return standard
    for option in itertools.combinations(COLUMNS[1:], len(frags) - 1):
        mapping = ("content", *option)
        if _fits(frags, mapping, abbreviations, strict=True):
            return mapping
    return standard


def _fits(frags, mapping, abbreviations, strict: bool) -> bool:
    for frag, column in zip(frags, mapping, strict=False):
        if column == "period" and not is_period_like(frag):
            return False
        if column == "lead_text" and not is_lead_like(frag, abbreviations):
            return False
        shaped = is_lead_like(frag, abbreviations) or is_period_like(frag)
        if strict and column in ("result", "year_entry") and shaped:
            return False
    return True


def _valid_mappings(frags, candidates, abbreviations) -> list[tuple[str, ...]]:
    options = [
        option
        for option in itertools.combinations(candidates, len(frags))
        if _fits(frags, option, abbreviations, strict=False)
    ]
    # A period or lead cell that ends in '-' or '/' goes on: prefer options that continue it.
    structural = [c for c in candidates if c not in TEXT_COLUMNS]
    if structural:
        best = max(sum(c in option for c in structural) for option in options) if options else 0
        options = [o for o in options if sum(c in o for c in structural) == best]
    return options


def full_row_shape(frags: list[str], abbreviations: list[str]) -> bool:
    """A line without a number that still has its own period and lead: a row of its own."""
    return len(frags) >= 4 and is_period_like(frags[2]) and is_lead_like(frags[3], abbreviations)


def build_commitments(rows, abbreviations: list[str], municipality: str) -> list[Commitment]:
    """Commitments from the finished rows: numbers, parents, periods, leads and flags."""
    commitments = []
    numbers = [row.number_raw for row, *_ in rows]
    previous = ""
    for index, (row, code, label, label_flags) in enumerate(rows):
        flags: list[Flag] = []
        number = row.number_raw
        if MASKED_NUMBER.match(number):
            number = infer_number(numbers, index)
            note = f"nummer gemaskeerd in de bron ('{row.number_raw}')"
            flags.append(Flag("number", "masked", row.number_raw, note))
            if number:
                following = next((n for n in numbers[index + 1 :] if NUMBER.match(n)), "")
                flags.append(
                    Flag(
                        "number",
                        "inferred",
                        row.number_raw,
                        f"nummer {number} afgeleid uit de volgorde ({following} volgt)",
                    )
                )
        if number:
            parent = number[:-1] if number[-1].islower() else ""
            previous = number
        else:
            parent = previous
            flags.append(
                Flag(
                    "parent",
                    "inferred",
                    "",
                    f"rij zonder nummer; hoort vermoedelijk bij {previous}, de afspraak erboven",
                )
            )
        commitment = Commitment(
            number=number,
            theme=code or (number[:1] if number else ""),
            content=row.text("content"),
            result=row.text("result"),
            period=row.text("period"),
            lead_text=row.text("lead_text"),
            year_entry_label=label,
            year_entry=row.text("year_entry"),
            parent=parent,
            lines=row.lines,
        )
        commitment.period_start, commitment.period_end = parse_period(commitment.period)
        commitment.leads, unknown = parse_leads(commitment.lead_text, abbreviations, municipality)
        if unknown:
            flags.append(
                Flag(
                    "leads",
                    "unreadable",
                    commitment.lead_text,
                    f"trekker niet herkend: {', '.join(unknown)}",
                )
            )
        flags.extend(label_flags)
        for column in ("content", "result", "year_entry"):
            for raw in masked_spans(getattr(commitment, column)):
                note = f"tekst gemaskeerd in de bron ({COLUMN_NAMES[column]})"
                flags.append(Flag(column, "masked", raw, note))
        commitment.flags = flags + row.flags
        commitments.append(commitment)
    return commitments
