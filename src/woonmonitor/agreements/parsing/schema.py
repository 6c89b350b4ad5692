"""The structured result of reading an agreement document, before it is stored.

Parsers (one per document format) turn the text of a prestatieafspraken
document into a ``ParsedAgreement``. It is plain data: no database, so it can be
compared against a golden file and stored by ``agreements.services``.

Rules every parser keeps:

- Nothing is lost: every non-blank source line number (1-based) appears in the
  ``lines`` of some element, or in ``not_understood``.
- Nothing is invented: a value that is not literally in the source carries a
  ``Flag`` of kind ``inferred`` (with the reason); a cell that is masked in the
  source (``X0``, ``Xxxxxxxxx``, ``0000``) carries a ``Flag`` of kind ``masked``
  and keeps its raw text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

FlagKind = Literal["masked", "inferred", "unreadable"]


@dataclass
class Flag:
    """Something a person has to look at: a masked cell or a value inferred from context."""

    field: str  # which field of the element, e.g. "number", "year_entry_label", "cells[2].year"
    kind: FlagKind
    raw: str  # the text as it stands in the source
    note: str  # why, in Dutch, for the review page ("jaar afgeleid uit de kolomvolgorde")


@dataclass
class Party:
    abbreviation: str  # as the document defines it ("LF"); else a short name
    name: str  # as the document writes it
    kind: str  # accounts.OrganisationKind value ("municipality", "housing_association", ...)
    lines: list[int] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass
class Section:
    """Text that belongs to the document or a theme but is not a commitment (intro, vision)."""

    title: str
    text: str  # paragraphs joined by "\n\n"
    lines: list[int] = field(default_factory=list)


@dataclass
class Theme:
    code: str  # "A".."D" (001) or "1".."6" (002)
    title: str
    vision: str  # the theme's introduction / ambition text, paragraphs joined by "\n\n"
    sections: list[Section] = field(default_factory=list)  # sub-headed vision text, if any
    lines: list[int] = field(default_factory=list)


@dataclass
class Commitment:
    number: str  # "A5a", "19"; "" for a row the source gives no number
    theme: str  # Theme.code
    content: str
    result: str = ""
    period: str = ""  # as written: "2021-2024", "2023 2021-2024", "2023 t/m 2027"
    period_start: int | None = None
    period_end: int | None = None
    leads: list[str] = field(default_factory=list)  # Party.abbreviation values
    lead_text: str = ""  # the trekker cell as written ("gemeente /WS", "allen")
    year_entry_label: str = ""  # "Jaarschijf 2023" / "Concrete stappen"
    year_entry: str = ""
    parent: str = ""  # number of the commitment this row continues or subdivides ("A5" for "A5a")
    lines: list[int] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass
class Cell:
    column: str  # header text as written ("2026", "0000", "Domesta")
    raw: str  # cell text as written ("30", "+200", "3.008", "0000")
    value: int | None  # None when masked or unreadable
    year: int | None = None  # for year columns; inferred years are flagged on the table
    party: str = ""  # Party.abbreviation for association columns; "" for totals
    is_total: bool = False


@dataclass
class Row:
    label: str  # as written ("Nieuwbouw", "Xxxxxxxxx")
    measure: str  # agreements.Measure value ("new_build"); "" when unknown
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Table:
    key: str  # stable within the document: "stock-2023-01-01", "production-lefier"
    title: str
    kind: Literal["stock", "production"]
    party: str = ""  # Party.abbreviation when the whole table is one association's
    period: str = ""  # "2023 t/m 2027" / "01-01-2023"
    commitment: str = ""  # number of the commitment the table belongs to, if any
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # text under the table ("De realisatie is ...")
    lines: list[int] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass
class Fragment:
    """A source line the parser could not place; shown on the review page."""

    line: int
    text: str
    reason: str


@dataclass
class ParsedAgreement:
    format: str  # "pipe-table" (001) / "html-cells" (002)
    title: str
    municipality: str  # municipality name as the document spells it
    period_start: str  # ISO date "2023-01-01"
    period_end: str
    date_text: str = ""  # "December 2022"
    parties: list[Party] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # intro, reading guide, annexes
    themes: list[Theme] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    not_understood: list[Fragment] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)  # document-level (title, period)
    lines: list[int] = field(default_factory=list)  # title / party / heading lines
    source_line_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def covered_lines(self) -> set[int]:
        covered = set(self.lines)
        for group in (self.parties, self.sections, self.themes, self.commitments, self.tables):
            for element in group:
                covered.update(element.lines)
                for section in getattr(element, "sections", []):
                    covered.update(section.lines)
        covered.update(fragment.line for fragment in self.not_understood)
        return covered


def from_dict(data: dict[str, Any]) -> ParsedAgreement:
    """Rebuild a ParsedAgreement from ``to_dict`` output (golden files, stored drafts)."""

    def flags(items):
        return [Flag(**item) for item in items]

    return ParsedAgreement(
        **{
            **data,
            "parties": [Party(**{**p, "flags": flags(p["flags"])}) for p in data["parties"]],
            "sections": [Section(**s) for s in data["sections"]],
            "themes": [
                Theme(**{**t, "sections": [Section(**s) for s in t["sections"]]})
                for t in data["themes"]
            ],
            "commitments": [
                Commitment(**{**c, "flags": flags(c["flags"])}) for c in data["commitments"]
            ],
            "tables": [
                Table(
                    **{
                        **t,
                        "rows": [
                            Row(**{**r, "cells": [Cell(**c) for c in r["cells"]]})
                            for r in t["rows"]
                        ],
                        "flags": flags(t["flags"]),
                    }
                )
                for t in data["tables"]
            ],
            "not_understood": [Fragment(**f) for f in data["not_understood"]],
            "flags": flags(data["flags"]),
        }
    )
