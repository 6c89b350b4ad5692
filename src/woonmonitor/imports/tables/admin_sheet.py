"""One sheet of a workbook an operator loads with a command (``ADMIN_LIMITS``). No database.

Every failure is a ``MalformedFile`` naming the file, so the import command stops with a Dutch
message and stores nothing."""

from __future__ import annotations

from pathlib import Path

from woonmonitor.imports.errors import MalformedFile

from .limits import ADMIN_LIMITS, TableTooLarge, TableUnreadable
from .workbook import Sheet, read_xlsx


def admin_sheet(path: Path, sheet: str) -> Sheet:
    """The sheet ``sheet`` of the workbook at ``path``, read within ``ADMIN_LIMITS``."""
    try:
        workbook = read_xlsx(path, limits=ADMIN_LIMITS, sheets=[sheet])
    except (TableUnreadable, OSError) as exc:
        raise MalformedFile(f"{path.name} is geen leesbaar Excel-bestand: {exc}") from exc
    except TableTooLarge as exc:
        raise MalformedFile(f"{path.name}: {exc}") from exc
    if sheet not in workbook:
        raise MalformedFile(f"Blad {sheet!r} ontbreekt in {path.name}.")
    return workbook[sheet]
