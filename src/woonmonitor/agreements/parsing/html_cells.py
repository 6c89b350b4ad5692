"""Parser for the ``html-cells`` format: text extracted from a Word document (Hoogeveen 2023-2027).

The document is markdown-ish: ``#`` headings, prose paragraphs separated by blank lines, and
commitment tables whose rows are tab-separated cells holding HTML
(``<p><b>1. title</b></p> <p>...</p>\\t<p>step</p>``). The number of tabs in a row varies (merged
cells), and a row may continue on a following line. Number tables (stock per association, planned
production) are plain tab-separated rows with a header such as ``Stand 01-01-2023`` or
``2023 t/m 2027``.

One pass over the lines; every non-blank line ends up in the ``lines`` of the element it belongs
to, or in ``not_understood``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from ..measures import measure_for_label
from .html_helpers import (
    append_paragraphs,
    html_paragraphs,
    is_masked,
    looks_numeric,
    markdown_text,
    parse_number,
)
from .schema import (
    Cell,
    Commitment,
    Flag,
    Fragment,
    ParsedAgreement,
    Party,
    Row,
    Section,
    Table,
    Theme,
)

FORMAT = "html-cells"
MUNICIPALITY = "municipality"
ASSOCIATION = "housing_association"
TENANTS = "tenants_organisation"

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(\S.*)$")
_COMMITMENT = re.compile(r"^\s*<p>\s*<b>\s*(\d+)\.\s")
_NUMBER_PREFIX = re.compile(r"^(\d+)\.\s+")
_BOLD_LEAD = re.compile(r"^(\s*<p>\s*<b>(?:(?!</b>).)*</b>)(?!\s*</p>)", re.DOTALL)
_FOOTNOTE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")
_RULE = re.compile(r"^\s*-{2,}(\s+-{2,})*\s*$")
_STOCK_HEAD = re.compile(r"^stand\s+(\d{1,2})-(\d{1,2})-(\d{4})$", re.IGNORECASE)
_PERIOD_HEAD = re.compile(r"^(\d{4})\s*(?:t/m|tot en met|-|–)\s*(\d{4})$", re.IGNORECASE)
_TITLE_PLACE = re.compile(r"prestatieafspraken\s+(.+?)\s+\d{4}", re.IGNORECASE)
_GEMEENTE = re.compile(r"\bgemeente\s+([A-Z][\w'-]+)")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("januari", "februari", "maart", "april", "mei", "juni")
        + ("juli", "augustus", "september", "oktober", "november", "december"),
        start=1,
    )
}
_DATE = r"(\d{1,2})\s+([a-z]+)\s+(\d{4})"
_PERIOD = re.compile(
    rf"periode\s+(?:van\s+)?{_DATE}\s+(?:tot en met|t/m|tot)\s+{_DATE}", re.IGNORECASE
)
_KINDS = re.compile(
    r"woningcorporaties\s+(?P<associations>.+?)\s+en\s+de\s+huurdersorganisaties\s+"
    r"(?P<tenants>.+?)\s+(?:met elkaar|hebben|zijn)\b",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r",\s*|\s+en\s+")
# subject of the bold sentence -> who leads ("trekker"); the document has no trekker column
_LEAD_ASSOCIATIONS = re.compile(r"^(?:de\s+)?(?:woning)?corporaties\b", re.IGNORECASE)
_LEAD_MUNICIPALITY = re.compile(r"^de\s+gemeente\b", re.IGNORECASE)
_LEAD_ALL = re.compile(r"^(?:we|wij|partijen)\b", re.IGNORECASE)
_LEAD_ALL_INVERTED = re.compile(r"^.{0,80}?\b(?:we|wij)\b", re.IGNORECASE)


def parse_html_cells(text: str) -> ParsedAgreement:
    return _Reader(text).read()


class _Text:
    """Paragraph accumulator for prose: consecutive lines stay one paragraph (a list keeps its
    items on separate lines); a blank line starts a new one unless a sentence broke off."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.open = False

    def add(self, text: str) -> None:
        if self.open and self.paragraphs:
            self.paragraphs[-1] += "\n" + text
        else:
            append_paragraphs(self.paragraphs, [text])
        self.open = True

    def value(self) -> str:
        return "\n\n".join(self.paragraphs)


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.doc = ParsedAgreement(
            format=FORMAT,
            title="",
            municipality="",
            period_start="",
            period_end="",
            source_line_count=len(self.lines),
        )
        self.theme_codes = self._theme_codes()
        self.texts: dict[int, _Text] = {}  # id(Section | Theme) -> its prose
        self.steps: dict[int, list[str]] = {}  # id(Commitment) -> step paragraphs
        self.contents: dict[int, list[str]] = {}
        self.party_lines: list[tuple[int, str]] = []
        self.expect_parties = False
        self.section: Section | None = None
        self.theme: Theme | None = None
        self.commitment: Commitment | None = None
        self.table: Table | None = None
        self.label = ""  # header of the "concrete steps" column of the current theme

    # ------------------------------------------------------------------ driver

    def read(self) -> ParsedAgreement:
        for number, raw in enumerate(self.lines, start=1):
            if not raw.strip():
                self._blank()
            else:
                self._line(number, raw.rstrip(" "))  # trailing tabs are empty cells
        self._finish()
        return self.doc

    def _theme_codes(self) -> dict[str, str]:
        codes: dict[str, str] = {}
        for line in self.lines:
            match = _NUMBERED.match(line.strip())
            if match and "<" not in line:
                codes.setdefault(markdown_text(match[2]).lower(), match[1])
        return codes

    def _blank(self) -> None:
        for text in self.texts.values():
            text.open = False
        self.table = None
        if self.expect_parties and self.party_lines:
            self._parties()

    def _line(self, n: int, line: str) -> None:
        if heading := _HEADING.match(line):
            self._heading(n, markdown_text(heading[2]))
        elif self.expect_parties:
            self.party_lines.append((n, line.strip()))
        elif footnote := _FOOTNOTE.match(line.strip()):
            self._footnote(n, footnote[1], footnote[2])
        elif _RULE.match(line):
            self._close()
            self._attach(n)
        elif commitment := _COMMITMENT.match(line):
            self._commitment(n, commitment[1], line)
        elif "\t" in line:
            self._tab_line(n, line)
        elif self.commitment and line.lstrip().startswith("<"):
            self._continue(n, line)
        else:
            self._prose(n, line)

    # ------------------------------------------------------------------ structure

    def _heading(self, n: int, title: str) -> None:
        if self.expect_parties and self.party_lines:
            self._parties()
        self.expect_parties = False
        self._close()
        if not self.doc.title and "prestatieafspraken" in title.lower():
            self.doc.title = title
            self.doc.lines.append(n)
            self.expect_parties = True
            return
        code = self.theme_codes.get(title.lower())
        if code is not None:
            self.theme = Theme(code=code, title=title, vision="", lines=[n])
            self.texts[id(self.theme)] = _Text()
            self.doc.themes.append(self.theme)
            self.section = None
            self.label = ""
            return
        self.theme = None
        self.section = Section(title=title, text="", lines=[n])
        self.texts[id(self.section)] = _Text()
        self.doc.sections.append(self.section)

    def _close(self) -> None:
        self.commitment = None
        self.table = None

    def _attach(self, n: int) -> None:
        """Put a line without text of its own (table rule, column header) with its container."""
        container = self.theme or self.section
        (container.lines if container else self.doc.lines).append(n)

    def _prose(self, n: int, line: str) -> None:
        container = self.theme or self.section
        if container is None or (self.theme and self._theme_has_commitments()):
            reason = "losse tekst tussen de afspraken" if container else "tekst buiten een kop"
            self.doc.not_understood.append(Fragment(line=n, text=line, reason=reason))
            return
        self.texts[id(container)].add(markdown_text(line))
        container.lines.append(n)

    def _theme_has_commitments(self) -> bool:
        return any(c.theme == self.theme.code for c in self.doc.commitments)

    def _footnote(self, n: int, mark: str, text: str) -> None:
        section = Section(title=f"Voetnoot {mark}", text=markdown_text(text), lines=[n])
        (self.theme.sections if self.theme else self.doc.sections).append(section)

    # ------------------------------------------------------------------ commitments

    def _commitment(self, n: int, number: str, line: str) -> None:
        self.table = None
        cells = line.split("\t")
        content = html_paragraphs(_BOLD_LEAD.sub(r"\1</p><p>", cells[0], count=1))
        content = [_NUMBER_PREFIX.sub("", content[0], count=1), *content[1:]] if content else [""]
        steps: list[str] = []
        for cell in cells[1:]:
            append_paragraphs(steps, html_paragraphs(cell))
        commitment = Commitment(
            number=number,
            theme=self.theme.code if self.theme else "",
            content="",
            year_entry_label=self.label,
            lines=[n],
        )
        self._leads(commitment, content[0])
        self.contents[id(commitment)] = content
        self.steps[id(commitment)] = steps
        self.doc.commitments.append(commitment)
        self.commitment = commitment

    def _continue(self, n: int, line: str) -> None:
        """A row that goes on after a line break: first cell adds to the content, the others
        to the concrete steps."""
        cells = line.split("\t")
        append_paragraphs(self.contents[id(self.commitment)], html_paragraphs(cells[0]))
        for cell in cells[1:]:
            append_paragraphs(self.steps[id(self.commitment)], html_paragraphs(cell))
        self.commitment.lines.append(n)

    def _leads(self, commitment: Commitment, sentence: str) -> None:
        associations = [p.abbreviation for p in self.doc.parties if p.kind == ASSOCIATION]
        everyone = [p.abbreviation for p in self.doc.parties]
        municipality = [p.abbreviation for p in self.doc.parties if p.kind == MUNICIPALITY]
        for pattern, leads in (
            (_LEAD_ASSOCIATIONS, associations),
            (_LEAD_MUNICIPALITY, municipality),
            (_LEAD_ALL, everyone),
            (_LEAD_ALL_INVERTED, everyone),
        ):
            match = pattern.match(sentence)
            if match and leads:
                commitment.leads = list(leads)
                commitment.flags.append(
                    Flag(
                        field="leads",
                        kind="inferred",
                        raw=match[0],
                        note=f"trekker afgeleid uit de tekst: '{match[0]} ...'",
                    )
                )
                return

    # ------------------------------------------------------------------ tab-separated lines

    def _tab_line(self, n: int, line: str) -> None:
        cells = [cell.strip() for cell in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        filled = [cell for cell in cells if cell]
        has_html = "<" in line
        if not has_html and len(filled) >= 3 and self._table_head(n, cells):
            return
        if self.table and not has_html and self._table_row(n, cells):
            return
        if self.table and not has_html and len(filled) == 1 and cells[0]:
            self.table.notes.append(cells[0])
            self.table.lines.append(n)
            return
        if not has_html and not self.commitment and self._column_header(filled):
            self.label = filled[-1]  # "Meerjarige afspraken | Concrete stappen"
            self._attach(n)
            return
        if self.commitment and (has_html or line.startswith("\t")):
            self._continue(n, line)
            return
        self.doc.not_understood.append(
            Fragment(line=n, text=line, reason="tabelregel die bij geen afspraak of tabel past")
        )

    @staticmethod
    def _column_header(filled: list[str]) -> bool:
        """Column names above the commitment rows: short words, no figures."""
        return len(filled) >= 2 and all(
            len(cell) <= 40 and re.fullmatch(r"[^\W\d_][\w ()/-]*", cell) for cell in filled
        )

    def _table_head(self, n: int, cells: list[str]) -> bool:
        head = cells[0]
        if stock := _STOCK_HEAD.match(head):
            day, month, year = stock.groups()
            key, kind, period = f"stock-{year}-{int(month):02}-{int(day):02}", "stock", head[6:]
        elif production := _PERIOD_HEAD.match(head):
            key, kind, period = f"production-{production[1]}-{production[2]}", "production", head
        else:
            return False
        keys = {table.key for table in self.doc.tables}
        suffix = 2
        base = key
        while key in keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        self.table = Table(
            key=key,
            title=head,
            kind=kind,
            period=period.strip(),
            commitment=self.commitment.number if self.commitment else "",
            columns=cells[1:],
            lines=[n],
        )
        self.doc.tables.append(self.table)
        return True

    def _table_row(self, n: int, cells: list[str]) -> bool:
        label, values = cells[0], cells[1:]
        if not label or looks_numeric(label) or not values:
            return False
        if not all(looks_numeric(value) for value in values if value):
            return False
        table = self.table
        index = len(table.rows)
        row = Row(label=label, measure=measure_for_label(label))
        parties = {p.abbreviation.lower(): p.abbreviation for p in self.doc.parties}
        for position, raw in enumerate(values):
            column = table.columns[position] if position < len(table.columns) else ""
            value = parse_number(raw)
            row.cells.append(
                Cell(
                    column=column,
                    raw=raw,
                    value=value,
                    party=parties.get(column.lower(), ""),
                    is_total=column.lower().startswith("totaal"),
                )
            )
            where = f"rows[{index}].cells[{position}]"
            if is_masked(raw):
                table.flags.append(
                    Flag(where, "masked", raw, "cel is in de bron onleesbaar gemaakt")
                )
            elif value is None:
                table.flags.append(Flag(where, "unreadable", raw, "geen getal"))
        if len(values) != len(table.columns):
            table.flags.append(
                Flag(
                    f"rows[{index}]",
                    "unreadable",
                    "\t".join(cells),
                    f"{len(values)} waarden onder {len(table.columns)} kolommen",
                )
            )
        table.rows.append(row)
        table.lines.append(n)
        return True

    # ------------------------------------------------------------------ document level

    def _parties(self) -> None:
        """The party line(s) under the title: a comma-separated list of names."""
        self.expect_parties = False
        for n, line in self.party_lines:
            for name in (part.strip() for part in line.split(",")):
                if not name:
                    continue
                if name.lower().startswith("gemeente"):
                    party = Party(abbreviation="Gemeente", name=name, kind=MUNICIPALITY)
                else:
                    party = Party(abbreviation=name, name=name, kind="")
                party.lines.append(n)
                self.doc.parties.append(party)
        self._party_kinds()

    def _party_kinds(self) -> None:
        text = " ".join(self.lines)
        match = _KINDS.search(text)
        kinds = {}
        if match:
            for group, kind in (("associations", ASSOCIATION), ("tenants", TENANTS)):
                for name in _LIST_SPLIT.split(match[group]):
                    kinds[name.strip().lower()] = kind
        for party in self.doc.parties:
            if not party.kind:
                party.kind = kinds.get(party.name.lower(), "")
            if not party.kind:
                party.flags.append(
                    Flag(
                        "kind", "unreadable", party.name, "soort organisatie staat niet in de tekst"
                    )
                )

    def _municipality(self) -> None:
        title = _TITLE_PLACE.search(self.doc.title)
        written = title[1] if title else ""
        skip = {n for n, _ in self.party_lines} | set(self.doc.lines)
        body = " ".join(line for n, line in enumerate(self.lines, 1) if n not in skip)
        spelled = Counter(_GEMEENTE.findall(body))
        name = written
        if spelled and written not in spelled:
            best = spelled.most_common(1)[0][0]
            if difflib.SequenceMatcher(None, best.lower(), written.lower()).ratio() >= 0.8:
                name = best
        elif not written and spelled:
            name = spelled.most_common(1)[0][0]
        self.doc.municipality = name
        if name == written or not written:
            return
        note = (
            f"De titel en de partijregel schrijven '{written}', de tekst schrijft "
            f"'gemeente {name}'; gemeentenaam afgeleid uit de tekst."
        )
        self.doc.flags.append(Flag("municipality", "inferred", written, note))
        for party in self.doc.parties:
            if party.kind == MUNICIPALITY and written in party.name:
                raw = party.name
                party.name = raw.replace(written, name)
                party.flags.append(Flag("name", "inferred", raw, note))

    def _period(self) -> None:
        match = _PERIOD.search(" ".join(self.lines))
        if match:
            d1, m1, y1, d2, m2, y2 = match.groups()
            if m1.lower() in _MONTHS and m2.lower() in _MONTHS:
                self.doc.period_start = f"{y1}-{_MONTHS[m1.lower()]:02}-{int(d1):02}"
                self.doc.period_end = f"{y2}-{_MONTHS[m2.lower()]:02}-{int(d2):02}"
                return
        years = re.search(r"(\d{4})\s*-\s*(\d{4})", self.doc.title)
        if years:
            self.doc.period_start, self.doc.period_end = f"{years[1]}-01-01", f"{years[2]}-12-31"
            note = "periode afgeleid uit de jaren in de titel"
            self.doc.flags.append(Flag("period_start", "inferred", years[0], note))
            self.doc.flags.append(Flag("period_end", "inferred", years[0], note))

    def _check_totals(self) -> None:
        for table in self.doc.tables:
            for r, row in enumerate(table.rows):
                parts = [c.value for c in row.cells if not c.is_total]
                for c, cell in enumerate(row.cells):
                    if not cell.is_total or cell.value is None or None in parts:
                        continue
                    total = sum(parts)
                    if total != cell.value:
                        table.flags.append(
                            Flag(
                                f"rows[{r}].cells[{c}]",
                                "unreadable",
                                cell.raw,
                                f"het totaal {cell.raw} is niet gelijk aan de som van de "
                                f"kolommen ({total}); waarde niet aangepast, controleer de bron",
                            )
                        )

    def _finish(self) -> None:
        if self.expect_parties and self.party_lines:
            self._parties()
        self._municipality()
        self._period()
        self._check_totals()
        for element in [*self.doc.sections, *self.doc.themes]:
            text = self.texts.get(id(element))
            if text is None:
                continue
            if isinstance(element, Theme):
                element.vision = text.value()
            else:
                element.text = text.value()
        for commitment in self.doc.commitments:
            commitment.content = "\n\n".join(self.contents[id(commitment)])
            commitment.year_entry = "\n\n".join(self.steps[id(commitment)])
