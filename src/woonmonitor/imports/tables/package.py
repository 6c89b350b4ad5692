"""Scanning an .xlsx package before anything is loaded from it. Nothing here touches the database.

The zip directory is checked first (how many members, how large the directory is: read from
the end record, before ``zipfile`` builds its list). Then every member is decompressed in
chunks while the decompressed bytes are counted against the cap (the sizes the directory
declares are never used), and every part that is XML is parsed on the fly by a defused parser
(no DTD, no entities) that counts rows, cells, columns, texts and other elements and reads the
declared sheet dimension. Nothing is kept but the counts.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from django.utils.translation import gettext as _

from .limits import (
    Deadline,
    Limits,
    TableTooLarge,
    TableUnreadable,
    cell_too_long,
    count,
    size,
    too_many_cells,
    too_many_columns,
    too_many_rows,
)

CHUNK = 64 * 1024
#: Central directory bytes allowed per member (46 fixed bytes, the name and extra fields).
DIRECTORY_BYTES_PER_MEMBER = 1024
#: XML elements in one row (its cells with their values, formulas, rich-text runs) or in one
#: shared text; openpyxl holds one such subtree in memory at a time. Real rich text runs to a
#: few hundred (one run per character of a pasted text).
MAX_ELEMENTS_PER_ITEM = 100_000
_END = struct.Struct("<4s4H2LH")
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,4})\$?(\d{1,9})")
_WHITESPACE = b" \t\r\n"
_ROOT, _DATA, _ROW, _CELL, _PART, _OTHER = range(6)


@dataclass
class SheetSize:
    """The highest row and column number found in one worksheet part."""

    rows: int = 0
    columns: int = 0


def not_a_workbook() -> TableUnreadable:
    return TableUnreadable(_("Het bestand is geen leesbare Excel-werkmap (.xlsx)."))


def scan_package(handle: BinaryIO, limits: Limits, deadline: Deadline) -> dict[str, SheetSize]:
    """The size of every worksheet part by its name in the zip; refuses what exceeds ``limits``."""
    _check_directory(handle, limits)
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise not_a_workbook() from exc
    scan = _Scan(limits)
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise _too_many_members(len(members), limits)
        for info in members:
            try:
                _scan_member(archive, info, scan, deadline)
            except DefusedXmlException as exc:
                raise TableUnreadable(
                    _("De werkmap bevat een DTD of entiteiten; die worden niet gelezen.")
                ) from exc
            except (ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                raise not_a_workbook() from exc
            except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
                raise not_a_workbook() from exc
    return scan.sheets


def _too_many_members(found: int | None, limits: Limits) -> TableTooLarge:
    if found is None:  # only the directory's size is known
        return TableTooLarge(
            _("De werkmap bestaat uit te veel onderdelen (maximaal %(limit)s).")
            % {"limit": count(limits.max_zip_members)}
        )
    return TableTooLarge(
        _("De werkmap bestaat uit te veel onderdelen: %(found)s (maximaal %(limit)s).")
        % {"found": count(found), "limit": count(limits.max_zip_members)}
    )


def _check_directory(handle: BinaryIO, limits: Limits) -> None:
    """Members and directory size from the end record (zip64 too), before ``ZipFile`` reads."""
    end = handle.seek(0, 2)
    start = max(0, end - _END.size - 0xFFFF)
    handle.seek(start)
    tail = handle.read(end - start)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _END.size > len(tail):
        raise not_a_workbook()
    *_, members, directory, offset, _comment = _END.unpack_from(tail, at)
    if members == 0xFFFF or directory == 0xFFFFFFFF or offset == 0xFFFFFFFF:
        if at < _END64_LOCATOR.size:
            raise not_a_workbook()
        signature, _disk, where, _disks = _END64_LOCATOR.unpack_from(tail, at - _END64_LOCATOR.size)
        handle.seek(where)
        record = handle.read(_END64.size)
        if signature != b"PK\x06\x07" or len(record) < _END64.size or record[:4] != b"PK\x06\x06":
            raise not_a_workbook()
        *_, members, directory, _offset = _END64.unpack(record)
    if members > limits.max_zip_members:
        raise _too_many_members(members, limits)
    if directory > limits.max_zip_members * DIRECTORY_BYTES_PER_MEMBER:
        raise _too_many_members(None, limits)


def _scan_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _Scan, deadline: Deadline
) -> None:
    parser = None
    undecided = True
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            deadline.check()
            scan.unzipped += len(chunk)
            if scan.unzipped > scan.limits.max_unzipped_bytes:
                raise TableTooLarge(
                    _("De werkmap is uitgepakt te groot: meer dan %(limit)s.")
                    % {"limit": size(scan.limits.max_unzipped_bytes)}
                )
            if undecided:
                chunk = chunk.lstrip(_WHITESPACE)
                if not chunk:
                    continue
                undecided = False
                if _looks_like_xml(chunk):
                    parser = DefusedXMLParser(
                        target=_PartCounter(scan, info.filename), forbid_dtd=True
                    )
            if parser is not None:
                parser.feed(chunk)
    if parser is not None:
        parser.close()


def _looks_like_xml(head: bytes) -> bool:
    """XML in any encoding expat detects: a tag, a byte order mark, or UTF-16 without one."""
    return head.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def column_number(letters: str) -> int:
    """``A`` -> 1, ``XFD`` -> 16384; stops counting past Excel's range (no huge numbers)."""
    number = 0
    for letter in letters.upper()[:4]:
        number = number * 26 + ord(letter) - 64
    return number


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        value = float(text)  # openpyxl accepts "5.0"; ValueError otherwise
        if not value.is_integer():
            raise
        return int(value)


class _Scan:
    """Counts over the whole package."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.unzipped = 0
        self.cells = 0
        self.others = 0
        self.sheets: dict[str, SheetSize] = {}

    def other(self) -> None:
        self.others += 1
        if self.others > self.limits.max_other_elements:
            raise TableTooLarge(
                _(
                    "De werkmap bevat te veel opmaak of andere onderdelen naast de cellen: "
                    "ten minste %(found)s (maximaal %(limit)s)."
                )
                % {"found": count(self.others), "limit": count(self.limits.max_other_elements)}
            )

    def cell(self) -> None:
        self.cells += 1
        if self.cells > self.limits.max_cells:
            raise too_many_cells(self.cells, self.limits)


class _PartCounter:
    """An XML parser target for one part: worksheets and shared texts are counted in detail."""

    def __init__(self, scan: _Scan, name: str) -> None:
        self.scan = scan
        self.limits = scan.limits
        self.name = name
        self.kind = ""
        self.roles: list[int] = []
        self.size = SheetSize()
        self.row = self.column = self.row_cells = 0
        self.parts = self.chars = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rpartition("}")[2]
        parent = self.roles[-1] if self.roles else None
        if parent is None:
            self.kind = local
            role = _ROOT
            if local == "worksheet":
                self.size = self.scan.sheets.setdefault(self.name, SheetSize())
            elif local != "sst":
                self.scan.other()
        elif parent == _ROOT and self.kind == "worksheet" and local == "sheetData":
            role = _DATA
        elif parent == _ROOT and self.kind == "sst" and local == "si":
            role = _CELL
            self.scan.cell()
            self.parts = self.chars = 0
        elif parent == _DATA and local == "row":
            role = _ROW
            self._row(attrib.get("r"))
        elif parent == _ROW:  # openpyxl reads every child of a row as a cell
            role = _CELL
            self._cell(attrib.get("r"))
        elif parent in (_CELL, _PART):
            role = _PART
            self._part()
        else:
            role = _OTHER
            self.scan.other()
            if parent == _ROOT and self.kind == "worksheet" and local == "dimension":
                self._dimension(attrib.get("ref", ""))
        self.roles.append(role)

    def end(self, tag: str) -> None:
        self.roles.pop()

    def data(self, text: str) -> None:
        if self.roles and self.roles[-1] in (_CELL, _PART):
            self.chars += len(text)
            if self.chars > self.limits.max_cell_chars:
                raise cell_too_long(self.chars, self.limits)

    def close(self) -> None:
        return None

    def _part(self) -> None:
        self.parts += 1
        if self.parts > MAX_ELEMENTS_PER_ITEM:
            raise TableTooLarge(
                _(
                    "Een rij of tekst van de werkmap bestaat uit te veel onderdelen "
                    "(maximaal %(limit)s)."
                )
                % {"limit": count(MAX_ELEMENTS_PER_ITEM)}
            )

    def _row(self, reference: str | None) -> None:
        try:
            self.row = _number(reference) if reference else self.row + 1
        except ValueError as exc:
            raise not_a_workbook() from exc
        self.column = self.row_cells = self.parts = 0
        if self.row > self.limits.max_rows:
            raise too_many_rows(self.row, self.limits)
        self.size.rows = max(self.size.rows, self.row)

    def _cell(self, reference: str | None) -> None:
        self.scan.cell()
        self._part()
        self.chars = 0
        self.row_cells += 1
        if reference:
            found = _REFERENCE.fullmatch(reference)
            if found is None:
                raise not_a_workbook()
            self.column = column_number(found.group(1))
        else:
            self.column += 1
        widest = max(self.column, self.row_cells)
        if widest > self.limits.max_columns:
            raise too_many_columns(widest, self.limits)
        self.size.columns = max(self.size.columns, self.column)
        self.size.rows = max(self.size.rows, self.row)

    def _dimension(self, reference: str) -> None:
        corners = [_REFERENCE.fullmatch(corner) for corner in reference.split(":")]
        if not reference or None in corners:
            return  # openpyxl refuses a malformed dimension itself
        rows = max(int(corner.group(2)) for corner in corners)
        columns = max(column_number(corner.group(1)) for corner in corners)
        if rows > self.limits.max_rows or columns > self.limits.max_columns:
            raise TableTooLarge(
                _(
                    "De werkmap geeft een blad op van %(range)s; dat is te groot (maximaal "
                    "%(rows)s rijen en %(columns)s kolommen)."
                )
                % {
                    "range": reference[:40],
                    "rows": count(self.limits.max_rows),
                    "columns": count(self.limits.max_columns),
                }
            )
