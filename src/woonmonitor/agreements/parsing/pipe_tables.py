"""Parser for the "pipe-table" format: text extracted from a PDF (Borger-Odoorn 2023).

The document has a front page (title, date, a sentence naming the parties and the
period), a contents list, numbered chapters ("2) Duurzaamheid"), prose with short
sub-headings, a "Partij | Afk." table, commitment tables ("nr. | Inhoud |
Resultaat | Tijd | Trekker | Jaarschijf 2023 |") whose rows break over lines, and
number tables per housing association ("Borger-Odoorn | 2023 | ... | 2027 |").
"""

from __future__ import annotations

import re

from ..measures import measure_for_label
from .pipe_helpers import (
    DATE_LINE,
    MASKED_HEADER,
    MASKED_NUMBER,
    NUMBER,
    cell_value,
    column_years,
    comparable,
    fragments,
    is_heading,
    norm,
    numbers_header,
    split_cells,
)
from .pipe_rows import RowBuilder, build_commitments, full_row_shape
from .schema import Cell, Flag, Fragment, ParsedAgreement, Party, Row, Section, Table
from .schema import Theme as ThemeData

CHAPTER = re.compile(r"^(\d{1,2})\)\s+(\S.*)$")
COMMITMENT_HEADER = re.compile(r"^nr\.?\s*\|\s*inhoud\s*\|", re.IGNORECASE)
PARTY_HEADER = re.compile(r"^partij\s*\|\s*afk", re.IGNORECASE)
MARKER = re.compile(r"^prestatieafspraken\s*:?$", re.IGNORECASE)
VISION = re.compile(r"^visie\b", re.IGNORECASE)
LEESWIJZER = re.compile(r"([a-zà-ÿ][a-zà-ÿ ]+?)\s*\(([A-Z])\)", re.IGNORECASE)


def parse_pipe_tables(text: str) -> ParsedAgreement:
    return _Parser(text).run()


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = [line.strip() for line in text.splitlines()]
        self.out = ParsedAgreement(
            format="pipe-table",
            title="",
            municipality="",
            period_start="",
            period_end="",
            source_line_count=len(self.lines),
        )
        self.abbreviations: list[str] = []
        self.municipality_abbr = ""
        self.theme_names = self._leeswijzer()
        self.label = self._year_entry_label()
        self.rows: list[tuple[RowBuilder, str, str, list[Flag]]] = []
        self.parties_sentence = ""

    # -- whole document ---------------------------------------------------------------

    def run(self) -> ParsedAgreement:
        chapters = [i for i, line in enumerate(self.lines) if CHAPTER.match(line)]
        toc_end = self._front(chapters[0] if chapters else len(self.lines))
        chapters = [i for i in chapters if i >= toc_end]
        for i in self._nonblank(toc_end, chapters[0] if chapters else len(self.lines)):
            self._lost(i, "tekst buiten een hoofdstuk")
        for position, start in enumerate(chapters):
            end = chapters[position + 1] if position + 1 < len(chapters) else len(self.lines)
            self._chapter(start, end)
        self.out.commitments = build_commitments(
            self.rows, self.abbreviations, self.municipality_abbr
        )
        return self.out

    def _nonblank(self, start: int, end: int):
        for i in range(start, end):
            if self.lines[i]:
                yield i

    def _lost(self, i: int, reason: str) -> None:
        self.out.not_understood.append(Fragment(i + 1, self.lines[i], reason))

    def _leeswijzer(self) -> dict[str, str]:
        """'voldoende geschikte en betaalbare woningen (A), duurzaamheid (B)' -> name: code."""
        for line in self.lines:
            found = LEESWIJZER.findall(line)
            if len(found) >= 2:
                names = {}
                for name, code in found:
                    name = re.sub(r"^(?:.*:\s*|en\s+)", "", name.strip(), flags=re.IGNORECASE)
                    names[comparable(name)] = code
                return names
        return {}

    def _year_entry_label(self) -> str:
        for line in self.lines:
            if COMMITMENT_HEADER.match(line):
                cells = [c for c in split_cells(line) if c]
                if len(cells) >= 6 and not MASKED_HEADER.match(cells[5]):
                    return cells[5]
        return ""

    # -- front page and contents --------------------------------------------------------

    def _front(self, first_chapter: int) -> int:
        """Title, date, parties sentence, contents list; returns where the chapters start."""
        i = 0
        while i < first_chapter:
            line = self.lines[i]
            if not line:
                i += 1
                continue
            if line.lower() == "inhoud":
                return self._contents(i)
            if not self.out.title and "prestatieafspraken" in line.lower() and len(line) < 80:
                self.out.title = line
                self.out.lines.append(i + 1)
            elif line == self.out.title:
                self.out.lines.append(i + 1)
            elif DATE_LINE.match(line) and not self.out.date_text:
                self.out.date_text = line
                self.out.lines.append(i + 1)
            elif re.search(r"prestatieafspraken tussen", line, re.IGNORECASE):
                self._parties_sentence(i)
            else:
                self._lost(i, "tekst op het voorblad niet herkend")
            i += 1
        return first_chapter

    def _contents(self, i: int) -> int:
        lines, items, seen = [i + 1], [], set()
        j = i + 1
        for j in self._nonblank(i + 1, len(self.lines)):
            match = CHAPTER.match(self.lines[j])
            if not match or match.group(1) in seen:
                break
            seen.add(match.group(1))
            items.append(self.lines[j])
            lines.append(j + 1)
        else:
            j = len(self.lines)
        self.out.sections.append(Section(self.lines[i], "\n\n".join(items), lines))
        return j

    def _parties_sentence(self, i: int) -> None:
        line = self.lines[i]
        self.out.lines.append(i + 1)
        self.parties_sentence = line
        match = re.search(r"\bgemeente\s+([A-Z][\w’'-]*(?:[ -][A-Z][\w’'-]*)*)", line)
        if match:
            self.out.municipality = match.group(1)
        period = re.search(r"voor de periode (\d{4})(?:\s*(?:-|–|t/m)\s*(\d{4}))?", line)
        if period:
            self.out.period_start = f"{period.group(1)}-01-01"
            self.out.period_end = f"{period.group(2) or period.group(1)}-12-31"
        else:
            self.out.flags.append(
                Flag("period_start", "unreadable", line, "looptijd niet gevonden in de partijenzin")
            )

    def _party_names(self) -> list[str]:
        match = re.search(r"tussen (?:de )?(.*?)(?: voor de periode|$)", self.parties_sentence)
        if not match:
            return []
        return [norm(p) for p in re.split(r";|\sen\s", match.group(1)) if p.strip()]

    def _party_table(self, i: int, end: int) -> int:
        self.out.lines.append(i + 1)
        names = self._party_names()
        j = i + 1
        while j < end and "|" in self.lines[j]:
            cells = [c for c in split_cells(self.lines[j]) if c]
            if len(cells) != 2:
                self._lost(j, "regel in de partijentabel zonder naam en afkorting")
                j += 1
                continue
            written, abbreviation = cells
            lower = written.lower()
            kind = (
                "municipality"
                if "gemeente" in lower
                else "tenants_organisation"
                if "huurder" in lower
                else "housing_association"
            )
            party = Party(abbreviation, written, kind, [j + 1])
            fuller = [n for n in names if comparable(written) in comparable(n)]
            if fuller and len(max(fuller, key=len)) > len(written):
                full = max(fuller, key=len)
                party.name = full[0].upper() + full[1:]
                party.flags.append(
                    Flag(
                        "name",
                        "inferred",
                        written,
                        f"volledige naam uit de partijenzin op het voorblad ('{full}'); "
                        f"de partijentabel schrijft '{written}'",
                    )
                )
            if kind == "municipality" and not self.municipality_abbr:
                self.municipality_abbr = abbreviation
            self.abbreviations.append(abbreviation)
            self.out.parties.append(party)
            j += 1
        return j

    # -- chapters -----------------------------------------------------------------------

    def _chapter(self, start: int, end: int) -> None:
        number, title = CHAPTER.match(self.lines[start]).groups()
        code = self.theme_names.get(comparable(title), "")
        theme = ThemeData(code, title, "", [], [start + 1]) if code else None
        if theme:
            self.out.themes.append(theme)
        else:
            self.out.lines.append(start + 1)
        blocks: list[list] = []  # [title or None, paragraphs, lines]
        i = start + 1
        while i < end:
            line = self.lines[i]
            nxt = next(self._nonblank(i + 1, end), None)
            if not line:
                i += 1
            elif COMMITMENT_HEADER.match(line):
                i = self._commitment_table(i, end, theme)
            elif numbers_header(line):
                i = self._number_tables(i, end, theme, None)
            elif "|" not in line and nxt is not None and numbers_header(self.lines[nxt]):
                i = self._number_tables(nxt, end, theme, i)
            elif PARTY_HEADER.match(line):
                i = self._party_table(i, end)
            elif MARKER.match(line):
                (theme.lines if theme else self.out.lines).append(i + 1)
                i += 1
            elif "|" in line:
                self._lost(i, "tabelregel buiten een afsprakentabel")
                i += 1
            elif is_heading(line, self.lines[nxt] if nxt is not None else ""):
                blocks.append([line, [], [i + 1]])
                i += 1
            else:
                if not blocks:
                    blocks.append([None, [], []])
                blocks[-1][1].append(line)
                blocks[-1][2].append(i + 1)
                i += 1
        self._prose(blocks, theme, title)

    def _prose(self, blocks, theme, chapter_title: str) -> None:
        vision, vision_lines = [], []
        for heading, paragraphs, lines in blocks:
            if theme and (heading is None or VISION.match(heading)):
                vision.extend(paragraphs)
                vision_lines.extend(lines)
            elif theme:
                theme.sections.append(Section(heading, "\n\n".join(paragraphs), lines))
            else:
                title = heading or chapter_title
                self.out.sections.append(Section(title, "\n\n".join(paragraphs), lines))
        if theme:
            theme.vision = "\n\n".join(vision)
            theme.lines = sorted({*theme.lines, *vision_lines})

    # -- commitment tables --------------------------------------------------------------

    def _commitment_table(self, i: int, end: int, theme) -> int:
        (theme.lines if theme else self.out.lines).append(i + 1)
        header = [c for c in split_cells(self.lines[i]) if c]
        label_raw = header[5] if len(header) >= 6 else ""
        label, label_flags = label_raw, []
        if label_raw and MASKED_HEADER.match(label_raw):
            label = self.label
            label_flags = [
                Flag(
                    "year_entry_label",
                    "masked",
                    label_raw,
                    f"kolomkop '{label_raw}' gemaskeerd in de bron",
                ),
                Flag(
                    "year_entry_label",
                    "inferred",
                    label_raw,
                    f"kolomkop '{label}' afgeleid uit de kopregels van de andere "
                    f"afsprakentabellen; in de bron staat '{label_raw}'",
                ),
            ]
        code = theme.code if theme else ""
        widths: dict[str, list[int]] = {}
        row: RowBuilder | None = None
        j = i + 1
        while j < end:
            line = self.lines[j]
            if not line:
                j += 1
                continue
            if "|" not in line or numbers_header(line) or COMMITMENT_HEADER.match(line):
                break
            frags = fragments(line)
            first = frags[0] if frags else ""
            numbered = bool(NUMBER.match(first) or MASKED_NUMBER.match(first))
            structural_open = row is not None and any(
                c in ("period", "lead_text") for c in row.open_columns(after_first=False)
            )
            if numbered or (not structural_open and full_row_shape(frags, self.abbreviations)):
                number = first if numbered else ""
                row = RowBuilder(number, j + 1)
                row.start(frags[1:] if numbered else frags, self.abbreviations)
                self.rows.append((row, code, label, label_flags))
            elif row is None or not frags:
                if row is not None:
                    row.lines.append(j + 1)
                else:
                    self._lost(j, "regel in een afsprakentabel voor de eerste afspraak")
            elif not row.add(j + 1, frags, self.abbreviations, widths):
                self._lost(j, "vervolgregel past niet in de kolommen van de afspraak erboven")
            j += 1
        return j

    # -- number tables ------------------------------------------------------------------

    def _number_tables(self, i: int, end: int, theme, caption_at: int | None) -> int:
        tables: list[Table] = []
        caption = caption_at
        while i < end and numbers_header(self.lines[i]):
            table, i = self._number_table(i, end, caption)
            tables.append(table)
            caption = None
            nxt = next(self._nonblank(i, end), None)
            if nxt is None:
                break
            after = next(self._nonblank(nxt + 1, end), None)
            if (
                "|" not in self.lines[nxt]
                and after is not None
                and numbers_header(self.lines[after])
            ):
                caption, i = nxt, after
            else:
                i = nxt
        if i < end and "|" not in self.lines[i] and not CHAPTER.match(self.lines[i]):
            self._after_tables(i, tables)
            i += 1
        self._infer_row_labels(tables)
        self.out.tables.extend(tables)
        return i

    def _number_table(self, i: int, end: int, caption_at: int | None):
        header = [c for c in split_cells(self.lines[i]) if c]
        corner, columns = header[0], header[1:]
        years, flags = column_years(columns)
        table = Table(key="", title=corner, kind="production", columns=columns, flags=flags)
        if caption_at is not None:
            table.lines.append(caption_at + 1)
            self._caption(table, self.lines[caption_at], "boven")
        table.lines.append(i + 1)
        j = i + 1
        while j < end and "|" in self.lines[j] and not numbers_header(self.lines[j]):
            cells = split_cells(self.lines[j])
            label, values = cells[0], cells[1:]
            row = Row(label, measure_for_label(label))
            for position, (column, year, raw) in enumerate(
                zip(columns, years, values, strict=False)
            ):
                row.cells.append(Cell(column, raw, cell_value(raw), year))
                if cell_value(raw) is None:
                    kind = "masked" if re.fullmatch(r"[X0x]{2,}", raw) else "unreadable"
                    field = f"rows[{len(table.rows)}].cells[{position}].value"
                    table.flags.append(Flag(field, kind, raw, "getal niet leesbaar in de bron"))
            if len(values) != len(columns):
                self._lost(j, "aantal cellen wijkt af van de kopregel")
            table.rows.append(row)
            table.lines.append(j + 1)
            j += 1
        known = [y for y in years if y]
        table.period = f"{min(known)}-{max(known)}" if known else ""
        if {r.measure for r in table.rows} & {"social_stock", "total_stock"}:
            table.kind = "stock"
        return table, j

    def _caption(self, table: Table, text: str, where: str) -> bool:
        for party in self.out.parties:
            if comparable(text).endswith(comparable(party.name)) or comparable(text).endswith(
                comparable(party.abbreviation)
            ):
                table.party = party.abbreviation
                table.title = f"{text} – {table.title}" if table.title else text
                place = (
                    "boven de tabel"
                    if where == "boven"
                    else "na de tabel, aan het eind van de regel eronder"
                )
                table.flags.append(
                    Flag(
                        "party",
                        "inferred",
                        text,
                        f"corporatie afgeleid uit het bijschrift '{text}' {place}",
                    )
                )
                return True
        return False

    def _after_tables(self, i: int, tables: list[Table]) -> None:
        """A line under the tables: a note, possibly ending in the caption of a table."""
        line = self.lines[i]
        open_tables = [t for t in tables if not t.party] or tables[-1:]
        target = open_tables[0]
        note = line
        for party in self.out.parties:
            if line.endswith(party.name) and line != party.name:
                note = line[: -len(party.name)].strip()
                self._caption(target, party.name, "onder")
                break
        if note:
            target.notes.append(note)
            others = [t.title for t in tables if t is not target]
            if others:
                target.flags.append(
                    Flag(
                        "notes",
                        "inferred",
                        note,
                        f"notitie staat onder de laatste tabel, op de regel van het bijschrift "
                        f"'{line[len(note) :].strip()}'; kan ook bij '{others[0]}' horen",
                    )
                )
        target.lines.append(i + 1)

    def _infer_row_labels(self, tables: list[Table]) -> None:
        for position, table in enumerate(tables):
            suffix = table.party.lower() or str(len(self.out.tables) + position + 1)
            table.key = f"{table.kind}-{suffix}"
            for index, row in enumerate(table.rows):
                if not re.fullmatch(r"X[xX]*", row.label):
                    continue
                table.flags.append(
                    Flag(
                        f"rows[{index}].label", "masked", row.label, "rijnaam gemaskeerd in de bron"
                    )
                )
                for other in tables:
                    if other is table or len(other.rows) <= index:
                        continue
                    guess = other.rows[index].label
                    if len(guess) == len(row.label) and measure_for_label(guess):
                        row.measure = measure_for_label(guess)
                        table.flags.append(
                            Flag(
                                f"rows[{index}].measure",
                                "inferred",
                                row.label,
                                f"'{guess}' afgeleid uit dezelfde rij van de tabel "
                                f"'{other.title}' (even lang: {len(guess)} letters)",
                            )
                        )
                        break
