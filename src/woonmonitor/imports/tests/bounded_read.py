"""Run one read under an address-space limit and print what happened as JSON (for the tests).

``python bounded_read.py '{"reader": "xlsx", "path": "...", ...}'``: Django and openpyxl are
loaded and the file is read into memory when ``as_bytes`` (all within the baseline), then
``RLIMIT_AS`` is set to the process's own virtual size plus ``budget_mb`` and the reader runs.
Prints ``{"refused": <error class>, "message": ...}``, ``{"read": <rows>}`` or
``{"memory": true}`` (the budget was exceeded) and exits 0.
"""

from __future__ import annotations

import io
import json
import resource
import sys
from dataclasses import replace
from pathlib import Path


def virtual_size() -> int:
    """This process's virtual memory size in bytes (what ``RLIMIT_AS`` limits)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def read(spec: dict, source: object, limits: object) -> int:
    from woonmonitor.imports import tables

    if spec["reader"] == "csv":
        return sum(1 for _row in tables.iter_csv(source, limits=limits, **spec.get("options", {})))
    if spec["reader"] == "xlsx":
        book = tables.read_xlsx(source, limits=limits, **spec.get("options", {}))
        return sum(sheet.max_row for sheet in book.sheets.values())
    if spec["reader"] == "openpyxl":  # what the party-input reader did before, for comparison
        from openpyxl import load_workbook

        data = io.BytesIO(source) if isinstance(source, bytes) else source
        book = load_workbook(data, read_only=True, data_only=True)
        return len([list(row) for row in book.worksheets[0].iter_rows(values_only=True)])
    if spec["reader"] == "allocate":  # shows that the budget is enforced
        return len(bytearray(spec.get("budget_mb", 256) * 2 * 1024 * 1024))
    raise ValueError(spec["reader"])


def main() -> None:
    spec = json.loads(sys.argv[1])
    import django

    django.setup()
    import openpyxl.reader.excel  # noqa: F401 - loaded before the limit, like Django
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    from woonmonitor.imports import tables

    gettext("Het bestand is te groot: %(size)s (maximaal %(limit)s).")
    number_format(1000, force_grouping=True)
    limits = replace(getattr(tables, spec.get("limits", "UPLOAD_LIMITS")), **spec.get("set", {}))
    source: object = Path(spec["path"])
    if spec.get("as_bytes"):
        source = source.read_bytes()
    budget = spec.get("budget_mb", 256) * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (virtual_size() + budget, hard))
    try:
        result: dict = {"read": read(spec, source, limits)}
    except tables.TableError as exc:
        result = {"refused": type(exc).__name__, "message": str(exc)}
    except MemoryError:
        result = {"memory": True}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
