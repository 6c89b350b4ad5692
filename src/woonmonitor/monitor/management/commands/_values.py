"""Shared plumbing of the monitor's value import commands (one recorded run per file)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from woonmonitor.areas.management.commands._base import ImportCommand
from woonmonitor.imports.services import RunRecorder
from woonmonitor.monitor import loading
from woonmonitor.monitor.importers import Parsed


def number(value: int | float) -> str:
    return f"{value:,.0f}".replace(",", ".")


class ValueImportCommand(ImportCommand):
    """Reads one file into monitor values: parse, then ``loading.load_parsed``, with progress
    lines and a summary (rows read/accepted/rejected, values new/replaced/unchanged, time)."""

    #: Why rows were skipped (shown in the run's warnings), e.g. "gemeente bestond niet".
    skipped_reason = ""

    def import_values(
        self,
        *,
        path: Path,
        source: str,
        vintage: int | None,
        parse: Callable[[RunRecorder], Parsed],
        value_vintage: int | None = None,
        after: Callable[[RunRecorder, Parsed], None] | None = None,
    ) -> RunRecorder:
        """``value_vintage``: the vintage of the areas the values belong to (None: each value's
        period); ``vintage`` is what the run records."""
        started = time.perf_counter()
        self.result: loading.LoadResult | None = None

        def work(recorder: RunRecorder) -> None:
            parsed = parse(recorder)
            self.stdout.write(
                f"  gelezen: {number(parsed.rows_read)} rijen, {number(len(parsed.values))} "
                f"waarden, {len(parsed.rejected)} afgewezen "
                f"({time.perf_counter() - started:.1f} s)"
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
        recorder = self.run_import(path=path, source=source, vintage=vintage, work=work)
        self.summary(recorder, time.perf_counter() - started)
        return recorder

    def summary(self, recorder: RunRecorder, seconds: float) -> None:
        result = self.result
        store = result.store if result else None
        changed = store.created + store.replaced if store else 0
        self.stdout.write(
            f"  samenvatting: {number(recorder.rows_read)} rijen gelezen, "
            f"{number(recorder.rows_accepted)} geaccepteerd, {number(recorder.rows_rejected)} "
            f"afgewezen; waarden: {store if store else 'geen'}; {seconds:.1f} s"
        )
        if store and not changed:
            self.stdout.write("  niets gewijzigd: alle waarden stonden er al zo.")
