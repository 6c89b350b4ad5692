"""Shared plumbing of the monitor's value import commands (one recorded run per file)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from woonmonitor.areas.importing import AreaImportCommand
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor import loading
from woonmonitor.monitor.importers import Parsed


def number(value: int | float) -> str:
    return f"{value:,.0f}".replace(",", ".")


class ValueImportCommand(AreaImportCommand):
    """Reads one file into monitor values: parse, then ``loading.load_parsed``, with progress
    lines and a summary (rows read = accepted + rejected + skipped, values new/replaced/
    unchanged, time). The source is a key of the sources table (``source_key``)."""

    #: Why rows were skipped, for a reader that only counts them (``Parsed.skipped_rows``
    #: without ``Parsed.skip``), e.g. "gemeente bestond niet".
    skipped_reason = ""

    def import_values(
        self,
        *,
        path: Path,
        vintage: int | None,
        parse: Callable[[RunRecorder], Parsed],
        source_key: str = "",
        source: str = "",
        value_vintage: int | None = None,
        after: Callable[[RunRecorder, Parsed], None] | None = None,
    ) -> RunRecorder:
        """``source_key``: the file's source in the sources table (default the command's);
        ``source`` overrides its citation (``--source``). ``value_vintage``: the vintage of the
        areas the values belong to (None: each value's period); ``vintage`` is what the run
        records."""
        started = time.perf_counter()
        self.result: loading.LoadResult | None = None

        def work(recorder: RunRecorder) -> None:
            parsed = parse(recorder)
            self.stdout.write(
                f"  gelezen: {number(parsed.rows_read)} rijen, {number(len(parsed.values))} "
                f"waarden, {len(parsed.rejected)} afgewezen, {number(parsed.skipped_rows)} "
                f"overgeslagen ({time.perf_counter() - started:.1f} s)"
            )
            for row, reason in parsed.rejected[:10]:
                self.stdout.write(f"    afgewezen {row}: {reason}")
            if len(parsed.rejected) > 10:
                self.stdout.write(f"    ... en {len(parsed.rejected) - 10} meer (zie de importrun)")
            self.result = loading.load_parsed(
                parsed,
                vintage=value_vintage,
                recorder=recorder,
                skipped_reason=self.skipped_reason,
                say=self.stdout.write,
            )
            if after is not None:
                after(recorder, parsed)

        self.stdout.write(f"{self.command_name} {path.name}: inlezen ...")
        recorder = self.run_import(
            path=path, source_key=source_key, source=source, vintage=vintage, work=work
        )
        self.summary(recorder, time.perf_counter() - started)
        return recorder

    def summary(self, recorder: RunRecorder, seconds: float) -> None:
        result = self.result
        store = result.store if result else None
        changed = store.created + store.replaced if store else 0
        self.stdout.write(
            f"  samenvatting: {number(recorder.rows_read)} rijen gelezen, "
            f"{number(recorder.rows_accepted)} geaccepteerd, {number(recorder.rows_rejected)} "
            f"afgewezen, {number(recorder.rows_skipped)} overgeslagen; waarden: "
            f"{store if store else 'geen'}; {seconds:.1f} s"
        )
        if store and not changed:
            self.stdout.write("  niets gewijzigd: alle waarden stonden er al zo.")
