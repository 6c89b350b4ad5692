"""Small and hostile spreadsheet files, built by hand: zip archives and XML written here.

A normal part is deflated by ``zipfile``; a bomb is a raw deflate stream of one pattern
repeated, built from one compressed block repeated (a full flush resets the compressor), so a
part that expands to gigabytes takes a few hundred kilobytes and no time to build.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
SHEET_HEAD = XML + f'<worksheet xmlns="{MAIN}">'.encode()


def sheet_xml(rows: str, dimension: str | None = None) -> bytes:
    """A worksheet part with the given ``<row>`` elements (and a declared dimension)."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return SHEET_HEAD + f"{declared}<sheetData>{rows}</sheetData></worksheet>".encode()


def strings_xml(texts: list[str]) -> bytes:
    items = "".join(f"<si><t>{text}</t></si>" for text in texts)
    return XML + f'<sst xmlns="{MAIN}">{items}</sst>'.encode()


def package_parts(sheet_name: str = "Waarden", strings: bool = True) -> dict[str, bytes]:
    """Every part of a minimal workbook but the sheet (and the shared texts)."""
    overrides = [
        ("/xl/workbook.xml", f"{TYPES}.sheet.main+xml"),
        (f"/{SHEET}", f"{TYPES}.worksheet+xml"),
    ]
    relations = [("worksheet", "worksheets/sheet1.xml")]
    if strings:
        overrides.append((f"/{STRINGS}", f"{TYPES}.sharedStrings+xml"))
        relations.append(("sharedStrings", "sharedStrings.xml"))
    types = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
    links = "".join(
        f'<Relationship Id="rId{i}" Type="{DOC_RELS}/{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(relations, start=1)
    )
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>'
    )
    return {
        "[Content_Types].xml": XML + content_types.encode(),
        "_rels/.rels": XML
        + (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": XML
        + (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
            f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": XML
        + f'<Relationships xmlns="{RELS}">{links}</Relationships>'.encode(),
    }


def xlsx(sheet: bytes, strings: bytes | None = None, **extra: bytes) -> bytes:
    """A workbook with one sheet ("Waarden"), deflated by zipfile; ``extra`` parts by name."""
    parts = package_parts(strings=strings is not None)
    parts[SHEET] = sheet
    if strings is not None:
        parts[STRINGS] = strings
    parts.update({name.replace("__", "/"): data for name, data in extra.items()})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def deflated_repeat(head: bytes, pattern: bytes, times: int, tail: bytes) -> bytes:
    """A raw deflate stream of ``head + pattern * times + tail``, never built in memory."""
    per_block = max(1, (1 << 20) // len(pattern))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [compressor.compress(head), compressor.flush(zlib.Z_FULL_FLUSH)]
    block = compressor.compress(pattern * per_block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(pattern * per_block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "a full flush should make every block the same"
    blocks, rest = divmod(times, per_block)
    out += [block] * blocks
    out.append(compressor.compress(pattern * rest + tail))
    out.append(compressor.flush())
    return b"".join(out)


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive written by hand from ``(name, raw deflate data, crc, declared size)``:
    the directory says what it is told to say."""
    local = struct.Struct("<4s5H3L2H")
    central = struct.Struct("<4s6H3L5H2L")
    body, directory = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = body.tell()
        body.write(
            local.pack(b"PK\x03\x04", 20, 0, 8, 0, 33, crc, len(data), size, len(encoded), 0)
        )
        body.write(encoded + data)
        directory.write(
            central.pack(
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                33,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    count = len(members)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, directory.tell(), body.tell(), 0
    )
    return body.getvalue() + directory.getvalue() + end


def deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def bomb_xlsx(
    part: str,
    head: bytes,
    pattern: bytes,
    times: int,
    tail: bytes,
    strings: bool = False,
    declared: int | None = None,
) -> bytes:
    """A workbook whose ``part`` expands to ``head + pattern * times + tail``. The directory
    declares that size (up to 4 GB) unless told otherwise; the checksum is left 0."""
    parts = package_parts(strings=strings or part == STRINGS)
    parts.setdefault(SHEET, sheet_xml(""))
    if part != STRINGS and (strings or part == STRINGS):
        parts[STRINGS] = strings_xml([])
    members = [(name, *deflated(data)) for name, data in parts.items() if name != part]
    size = min(len(head) + len(pattern) * times + len(tail), 0xFFFFFFFE)
    size = size if declared is None else declared
    members.append((part, deflated_repeat(head, pattern, times, tail), 0, size))
    return raw_zip(members)


def many_members(count: int) -> bytes:
    """A workbook with ``count`` extra empty parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in package_parts(strings=False).items():
            archive.writestr(name, data)
        archive.writestr(SHEET, sheet_xml(""))
        for number in range(count):
            archive.writestr(f"xl/media/leeg{number}.bin", b"")
    return buffer.getvalue()
