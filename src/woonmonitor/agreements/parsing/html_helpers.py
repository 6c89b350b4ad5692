"""Small text helpers for the ``html-cells`` format: HTML cells and markdown lines to plain text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BULLETS = ("•", "-", "–", "*")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SENTENCE_END = re.compile(r"[.!?:;]$")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)$")
_MASKED = re.compile(r"^(X[0Xx]*|x{3,}|0{3,})$")


def _squash(text: str) -> str:
    return " ".join(text.split())


class _CellText(HTMLParser):
    """Collect paragraphs from a cell: ``<p>`` and text runs are paragraphs, a list is one
    paragraph with one item per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.items: list[str] | None = None
        self.sup: list[str] | None = None

    def flush(self) -> None:
        text = _squash("".join(self.buffer))
        self.buffer = []
        if not text:
            return
        if self.items is not None:
            self.items.append(text if text.startswith(BULLETS) else f"• {text}")
        else:
            self.paragraphs.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "div", "li"):
            self.flush()
        elif tag in ("ul", "ol"):
            self.flush()
            self.items = []
        elif tag == "br":
            self.flush()
        elif tag == "sup":
            self.sup = []

    def handle_endtag(self, tag):
        if tag in ("p", "div", "li"):
            self.flush()
        elif tag in ("ul", "ol") and self.items is not None:
            self.flush()
            items, self.items = self.items, None
            if items:
                self.paragraphs.append("\n".join(items))
        elif tag == "sup" and self.sup is not None:
            text, self.sup = "".join(self.sup).strip(), None
            before = "".join(self.buffer)
            # a footnote marker ("energielabels<sup>1</sup>") stays readable as "energielabels¹";
            # "1<sup>ste</sup>" reads "1ste"
            if text.isdigit() and before and not before[-1].isdigit() and not before[-1].isspace():
                text = text.translate(_SUPERSCRIPT)
            self.buffer.append(text)

    def handle_data(self, data):
        if self.sup is not None:
            self.sup.append(data)
        else:
            self.buffer.append(data)

    def close(self):
        super().close()
        self.flush()
        if self.items:
            self.paragraphs.append("\n".join(self.items))
            self.items = None


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs of an HTML cell as plain text (tags stripped, entities decoded)."""
    parser = _CellText()
    parser.feed(html)
    parser.close()
    return parser.paragraphs


def markdown_text(line: str) -> str:
    """A markdown line as plain text: ``**``/``*`` markup and inline HTML removed, words kept."""
    text = line.strip()
    if "<" in text:
        text = " ".join(html_paragraphs(text))
    text = _MD_BOLD.sub(r"\1", text)
    return _squash(_MD_ITALIC.sub(r"\1", text))


def continues(previous: str, following: str) -> bool:
    """Whether ``following`` continues the sentence ``previous`` broke off (page or cell break):
    the previous text has no closing punctuation and the next does not start a sentence."""
    if not previous or not following:
        return False
    last_line = previous.rsplit("\n", 1)[-1]
    if last_line.startswith(BULLETS) or _SENTENCE_END.search(previous):
        return False
    return not following[0].isupper() and not following.startswith(BULLETS)


def append_paragraphs(paragraphs: list[str], new: list[str]) -> None:
    """Add ``new`` to ``paragraphs``, joining a broken-off sentence with a space."""
    for index, paragraph in enumerate(new):
        if index == 0 and paragraphs and continues(paragraphs[-1], paragraph):
            paragraphs[-1] = f"{paragraphs[-1]} {paragraph}"
        else:
            paragraphs.append(paragraph)


def is_masked(raw: str) -> bool:
    return bool(_MASKED.match(raw.strip()))


def parse_number(raw: str) -> int | None:
    """A Dutch-written whole number ("3.008", "+200", "-2"), or None when it is not one."""
    text = raw.strip().replace("\u2212", "-")
    if not _NUMBER.match(text) or is_masked(text):
        return None
    return int(text.replace(".", ""))


def looks_numeric(raw: str) -> bool:
    return parse_number(raw) is not None or is_masked(raw)
