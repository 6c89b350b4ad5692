"""Parser for a province's own programme: an "Instrument / Actie" table (pure, no database).

The real case is the Uitvoeringsprogramma Wonen of the Drentse Woonagenda (provincie Drenthe,
December 2020, seed 000). Its text has a front page (date, colophon "Dit is een uitgave van de
provincie Drenthe", title), an introduction, the table "Acties uitvoerings- programma" as
tab-separated rows ``Instrument<TAB>Actie`` where a row with an empty first cell continues the
instrument above, and then one section per instrument ("Impulsteam wonen", "Wat is het?", ...).

The result is the same ``ParsedAgreement`` the importer reviews for prestatieafspraken:

- every instrument is a theme (code ``1``, ``2``, ... in table order);
- every action is a commitment numbered per instrument (``1.1``, ``1.2``, ``2.1``, ...);
- the only party is the publishing province, and it leads every action. The document names no
  lead per action, so that is inferred from the colophon and flagged for the reviewer;
- the document names no period: it is dated (December 2020) and read as edition 2021, the year
  after its dating. Both dates are flagged as inferred, with the reason;
- the section of an instrument (found by its heading) gives the theme's description: the text
  under "Wat is het?" is the vision, the rest of the section one theme section. A section whose
  heading matches no instrument stays a section of the document.

Nothing is lost: every non-blank line is in an element or listed as not understood.
"""

from __future__ import annotations

import re

from . import NotAnAgreement
from .schema import Commitment, Flag, Fragment, ParsedAgreement, Party, Section, Theme

#: ``ParsedAgreement.format`` of this parser; ``importing`` stores such a document as a programme.
FORMAT = "instrument-table"

_TITLE = re.compile(r"^\s*uitvoeringsprogramma\b", re.IGNORECASE)
_HEADER = re.compile(r"^\s*instrument\s*\t\s*actie\s*$", re.IGNORECASE)
_PUBLISHER = re.compile(r"uitgave van (?:de )?(provincie\s+[A-Z][\w-]*)", re.IGNORECASE)
_DATE = re.compile(
    r"^\s*((?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december)\s+(\d{4}))\s*$",
    re.IGNORECASE,
)
_WHAT_IS_IT = re.compile(r"^\s*wat is het\?\s*(.*)$", re.IGNORECASE)
_BROKEN_WORD = re.compile(r"(\w)- (?=[a-zà-ÿ])")
# a sub-heading inside an instrument's section: one short line that does not end a sentence
_SUBHEADING = re.compile(r"^[A-ZÀ-Ý][^.;:]{0,68}[^.;:,\s]$")

ABBREVIATION = "PD"


def looks_like_programme(text: str) -> bool:
    """Whether the text presents itself as an uitvoeringsprogramma (in its first lines)."""
    head = [line for line in text.splitlines()[:40] if line.strip()]
    return any(_TITLE.match(line) for line in head)


def parse_programme(text: str) -> ParsedAgreement:
    """Read a programme; raises ``NotAnAgreement`` (in Dutch) when the table is not there."""
    return _Parser(text.replace("\r\n", "\n").replace("\r", "\n")).run()


def join_broken_words(text: str) -> str:
    """ "Financierings- instrument" (a word broken over two lines) as "Financieringsinstrument"."""
    return _BROKEN_WORD.sub(r"\1", " ".join(text.split()))


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9à-ÿ]+", " ", join_broken_words(text).lower()).split())


def matches_instrument(heading: str, instrument: str) -> bool:
    """A section heading belongs to an instrument when one contains the other as whole words."""
    a, b = f" {_key(heading)} ", f" {_key(instrument)} "
    return a.strip() != "" and b.strip() != "" and (a in b or b in a)


class _Parser:
    def __init__(self, text: str) -> None:
        self.raw = text.splitlines()
        self.lines = [line.strip() for line in self.raw]
        self.out = ParsedAgreement(
            format=FORMAT,
            title="",
            municipality="",
            period_start="",
            period_end="",
            source_line_count=len(self.lines),
        )

    def run(self) -> ParsedAgreement:
        header = next((i for i, line in enumerate(self.raw) if _HEADER.match(line)), None)
        if header is None:
            raise NotAnAgreement(
                "Geen actietabel gevonden: het programma moet een tabel hebben met de kolommen "
                "'Instrument' en 'Actie', gescheiden door een tab, één actie per regel."
            )
        self._front(header)
        end = self._table(header)
        if not self.out.commitments:
            raise NotAnAgreement(
                "De tabel 'Instrument / Actie' bevat geen acties: onder de kop staat geen regel "
                "met een instrument en een actie."
            )
        self._sections(end)
        return self.out

    # ------------------------------------------------------------------------- front page

    def _front(self, header: int) -> None:
        """Title, dating, publisher and the introduction: everything above the table."""
        title_at = next((i for i in range(header) if _TITLE.match(self.lines[i])), None)
        if title_at is None:
            raise NotAnAgreement(
                "Dit is geen uitvoeringsprogramma: 'Uitvoeringsprogramma' staat niet als titel "
                "boven de actietabel."
            )
        title = [self.lines[title_at]]
        self.out.lines.append(title_at + 1)
        # a subtitle directly under the title ("Drentse Woonagenda")
        nxt = self._next_non_blank(title_at + 1, header)
        if nxt is not None and len(self.lines[nxt]) <= 60 and not self.lines[nxt].endswith("."):
            title.append(self.lines[nxt])
            self.out.lines.append(nxt + 1)
        self.out.title = ", ".join(title)
        publisher_line = None
        for i in range(header):
            line = self.lines[i]
            if not line or (i + 1) in self.out.lines:
                continue
            if not self.out.date_text and (date := _DATE.match(line)):
                self.out.date_text = date.group(1)
                self.out.lines.append(i + 1)
                year = int(date.group(2))
                self._period(year, line)
            elif publisher_line is None and (publisher := _PUBLISHER.search(line)):
                publisher_line = i + 1
                name = publisher.group(1)
                self.out.municipality = name  # the owner: a province, matched by name
                self.out.parties.append(Party(ABBREVIATION, name, "province", [publisher_line]))
                self.out.lines.append(publisher_line)
            elif line.lower() == "colofon":
                self.out.lines.append(i + 1)
        if publisher_line is None:
            raise NotAnAgreement(
                "De uitgever van het programma is niet gevonden: verwacht een zin als "
                "'Dit is een uitgave van de provincie Drenthe' boven de actietabel."
            )
        if not self.out.date_text:
            raise NotAnAgreement(
                "De datering van het programma is niet gevonden: verwacht een regel als "
                "'December 2020' boven de actietabel."
            )
        placed = set(self.out.lines)
        intro = [i for i in range(header) if self.lines[i] and (i + 1) not in placed]
        # front-page lines (a tagline) before an "Inleiding" heading belong to the title page
        start = next((n for n, i in enumerate(intro) if self.lines[i].lower() == "inleiding"), 0)
        self.out.lines.extend(i + 1 for i in intro[:start])
        intro = intro[start:]
        # the table's own heading ("Acties uitvoerings- programma") is the last line before it
        if intro and len(self.lines[intro[-1]]) <= 60:
            self.out.lines.append(intro.pop() + 1)
        if intro:
            first = intro[0]
            heading = self.lines[first] if len(self.lines[first]) <= 60 else ""
            body = intro[1:] if heading else intro
            self.out.sections.append(
                Section(
                    title=heading or "Inleiding",
                    text=self._paragraphs(body),
                    lines=[i + 1 for i in intro],
                )
            )

    def _period(self, year: int, raw: str) -> None:
        self.out.period_start = f"{year + 1}-01-01"
        self.out.period_end = f"{year + 1}-12-31"
        note = (
            f"het document noemt geen looptijd; gedateerd {raw.strip().lower()} en daarom "
            f"gelezen als editie {year + 1} (1 januari t/m 31 december {year + 1}); "
            "openstaande acties gaan mee naar een volgende editie"
        )
        self.out.flags.append(Flag("period_start", "inferred", raw.strip(), note))
        self.out.flags.append(Flag("period_end", "inferred", raw.strip(), note))

    # ------------------------------------------------------------------------- the table

    def _table(self, header: int) -> int:
        """Read rows after the header; returns the index of the first line after the table."""
        self.out.lines.append(header + 1)
        instrument: Theme | None = None
        counts: dict[str, int] = {}
        i = header + 1
        while i < len(self.raw):
            raw = self.raw[i]
            if not raw.strip():
                i += 1
                continue
            if "\t" not in raw:
                break
            cells = [cell.strip() for cell in raw.split("\t")]
            first, rest = cells[0], [cell for cell in cells[1:] if cell]
            if first:
                code = str(len(self.out.themes) + 1)
                instrument = Theme(code=code, title=first, vision="", lines=[i + 1])
                self.out.themes.append(instrument)
            elif instrument is None:
                self.out.not_understood.append(
                    Fragment(i + 1, raw.strip(), "actie zonder instrument boven de eerste rij")
                )
                i += 1
                continue
            if rest:
                counts[instrument.code] = counts.get(instrument.code, 0) + 1
                flags = []
                if len(rest) > 1:
                    flags.append(
                        Flag(
                            "content",
                            "unreadable",
                            raw.strip(),
                            "de rij heeft meer dan twee kolommen; de cellen na 'Instrument' "
                            "zijn samengevoegd tot de actie",
                        )
                    )
                self.out.commitments.append(
                    Commitment(
                        number=f"{instrument.code}.{counts[instrument.code]}",
                        theme=instrument.code,
                        content=" ".join(rest),
                        leads=[ABBREVIATION],
                        lines=[i + 1],
                        flags=flags,
                    )
                )
            i += 1
        if self.out.commitments:
            self.out.flags.append(
                Flag(
                    "leads",
                    "inferred",
                    self.out.parties[0].name,
                    "het document noemt per actie geen trekker; de uitgever van het programma "
                    f"({self.out.parties[0].name}) is als trekker van elke actie genomen",
                )
            )
        return i

    # ------------------------------------------------------------------------- sections

    def _sections(self, start: int) -> None:
        """One section per heading that is followed by "Wat is het?"; text up to the next."""
        starts = []
        for i in range(start, len(self.lines)):
            if not self.lines[i] or _WHAT_IS_IT.match(self.lines[i]):
                continue
            nxt = self._next_non_blank(i + 1, len(self.lines))
            if nxt is not None and _WHAT_IS_IT.match(self.lines[nxt]) and len(self.lines[i]) <= 60:
                starts.append(i)
        leftover = [i for i in range(start, starts[0] if starts else len(self.lines))]
        for i in leftover:
            if self.lines[i]:
                self.out.not_understood.append(
                    Fragment(i + 1, self.lines[i], "tekst tussen de actietabel en de eerste sectie")
                )
        for n, begin in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(self.lines)
            self._section(begin, end)

    def _section(self, begin: int, end: int) -> None:
        heading = join_broken_words(self.lines[begin])
        theme = next((t for t in self.out.themes if matches_instrument(heading, t.title)), None)
        body = [i for i in range(begin + 1, end) if self.lines[i]]
        what = body[0]  # "Wat is het?" (found by _sections)
        aside = _WHAT_IS_IT.match(self.lines[what]).group(1).strip()
        vision_lines = [what]
        for i in body[1:]:
            if _SUBHEADING.match(self.lines[i]) and vision_lines[1:]:
                break
            vision_lines.append(i)
        rest = [i for i in body if i not in vision_lines]
        vision = self._paragraphs(vision_lines[1:])
        if aside:
            vision = f"{aside}\n\n{vision}" if vision else aside
        if theme is None:
            lines = [begin + 1] + [i + 1 for i in body]
            text = f"Wat is het?\n\n{vision}\n\n{self._paragraphs(rest)}".strip()
            self.out.sections.append(Section(title=heading, text=text, lines=lines))
            return
        if theme.vision:  # a second section for the same instrument: keep it as a section
            theme.sections.append(
                Section(
                    title=heading,
                    text=f"{vision}\n\n{self._paragraphs(rest)}".strip(),
                    lines=[begin + 1] + [i + 1 for i in body],
                )
            )
            return
        theme.vision = vision
        theme.lines.extend([begin + 1] + [i + 1 for i in vision_lines])
        if rest:
            theme.sections.append(
                Section(title=heading, text=self._paragraphs(rest), lines=[i + 1 for i in rest])
            )

    # ------------------------------------------------------------------------- helpers

    def _next_non_blank(self, start: int, stop: int) -> int | None:
        return next((i for i in range(start, stop) if self.lines[i]), None)

    def _paragraphs(self, indexes: list[int]) -> str:
        return "\n\n".join(self.lines[i] for i in indexes)
