"""Recording import runs: all or nothing per file, with a row-level report."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .errors import MalformedFile
from .models import DataSource, ImportRun
from .sources import SourceEntry, resolve

MAX_STORED_REJECTIONS = 1000
#: Past ``MAX_STORED_REJECTIONS`` skip entries, skipped rows are counted per reason, for at
#: most this many reasons (the rest under ``OTHER_SKIP_REASONS``).
MAX_SKIP_REASONS = 100
OTHER_SKIP_REASONS = "overige redenen"
#: A running run of another machine (whose process cannot be checked from here) older than this
#: is taken to be dead: the largest national import takes minutes, not hours.
ABANDONED_AFTER = timedelta(hours=12)
ABANDONED_MESSAGE = (
    "Afgebroken: het proces stopte voordat de import klaar was ({reason}). De import is als "
    "geheel teruggedraaid: er is niets van deze run opgeslagen."
)


class RunRecorder:
    """Counts rows while an importer works; saved on the ImportRun at the end."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.rows_read = 0
        self.rows_accepted = 0
        self.rejections: list[dict] = []
        self.skips: list[dict] = []
        self._more_skips: dict[str, dict] = {}
        self.rows_skipped = 0
        self.warnings: list[dict] = []

    def read(self, count: int = 1) -> None:
        self.rows_read += count

    def accept(self, count: int = 1) -> None:
        self.rows_accepted += count

    def reject(self, row: str, reason: str) -> None:
        self.rejections.append({"row": str(row), "reason": str(reason)})

    def skip(self, row: str, reason: str, count: int = 1) -> None:
        """The row was read and deliberately left out (e.g. outside the chosen gemeenten), with
        why: every row read is accepted, rejected or skipped, and the counts add up.

        ``count``: one entry for many rows with the same reason (``row`` then says which). Past
        ``MAX_STORED_REJECTIONS`` entries the rows are counted per reason, so the stored entries
        always add up to ``rows_skipped``."""
        if count <= 0:
            return
        self.rows_skipped += count
        if len(self.skips) < MAX_STORED_REJECTIONS:
            self.skips.append({"row": str(row), "reason": str(reason), "count": count})
            return
        reason = str(reason)
        if reason not in self._more_skips and len(self._more_skips) >= MAX_SKIP_REASONS:
            reason = OTHER_SKIP_REASONS
        more = self._more_skips.setdefault(reason, {"row": "…", "reason": reason, "count": 0})
        more["count"] += count

    @property
    def skipped_entries(self) -> list[dict]:
        """The stored skip entries: the first ones row by row, the rest counted per reason."""
        return self.skips + list(self._more_skips.values())

    def warn(self, row: str, message: str) -> None:
        """The row was accepted, but something about it needs saying (e.g. an empty geometry)."""
        self.warnings.append({"row": str(row), "message": str(message)})

    @property
    def rows_rejected(self) -> int:
        return len(self.rejections)

    @property
    def unaccounted(self) -> int:
        """Rows read that were neither accepted, rejected nor skipped (0 when the counts add up;
        negative when more rows were judged than read)."""
        return self.rows_read - self.rows_accepted - self.rows_rejected - self.rows_skipped

    @property
    def adds_up(self) -> bool:
        """Every row read was accepted, rejected with a reason or skipped with a reason."""
        return self.unaccounted == 0

    def summary(self) -> str:
        text = (
            f"{self.rows_read} rijen gelezen, {self.rows_accepted} geaccepteerd, "
            f"{self.rows_rejected} afgewezen, {self.rows_skipped} overgeslagen, "
            f"{len(self.warnings)} waarschuwingen"
        )
        if not self.adds_up:
            text += f" (telt niet op: {self.unaccounted:+d} rijen zonder oordeel)"
        return text


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ----------------------------------------------------------------------------- processes


def _start_ticks(pid: int) -> str:
    """When the process started (clock ticks since boot, Linux), so a reused pid is no match."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def this_process() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid)}"


def _process_alive(process: str) -> bool | None:
    """True or False for a process of this machine, None when it cannot be told from here."""
    host, _, rest = process.partition(":")
    pid_text, _, ticks = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return not ticks or _start_ticks(pid) == ticks


def mark_abandoned_runs(*, now=None) -> int:
    """Runs still 'bezig' whose process is gone (killed, a crash) become failed; returns how many.

    On this machine the process is checked directly; a run of another machine is given up after
    ``ABANDONED_AFTER``. Its data was never committed: the import is one transaction.
    """
    now = now or timezone.now()
    marked = 0
    for run in ImportRun.objects.running().only("pk", "process", "started_at"):
        alive = _process_alive(run.process)
        if alive is False:
            reason = "het proces bestaat niet meer"
        elif alive is None and run.started_at < now - ABANDONED_AFTER:
            reason = f"na {ABANDONED_AFTER.total_seconds() / 3600:.0f} uur niet afgerond"
        else:
            continue
        marked += ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).update(
            status=ImportRun.Status.FAILED,
            finished_at=now,
            message=ABANDONED_MESSAGE.format(reason=reason),
        )
    return marked


# ----------------------------------------------------------------------------- recording


def sync_source(entry: SourceEntry, *, published_on=None) -> DataSource:
    """Store the resolved source ``entry`` (the table's text wins over an older copy).

    ``published_on``: a publication date the file itself states (a CBS OData ``Modified``), which
    overrides the table's.
    """
    fields = {
        "publisher": entry.publisher,
        "title": entry.title,
        "table_id": entry.table_id,
        "reference": entry.reference,
        "reference_date": entry.reference_date,
        "published_on": published_on or entry.published_on,
        "status": entry.status,
        "url": entry.url,
        "licence": entry.licence,
        "route": entry.route,
        "notes": entry.notes,
    }
    source, _created = DataSource.objects.update_or_create(
        key=entry.key, vintage=entry.vintage, defaults=fields
    )
    return source


@contextmanager
def recording_import(
    *,
    command: str,
    source: str = "",
    path: Path | None = None,
    vintage: int | None = None,
    user=None,
    source_key: str | None = None,
    published_on=None,
) -> Iterator[RunRecorder]:
    """Run an import inside one transaction and record how it went.

    The data changes of the block are atomic: on any exception they are rolled
    back and the run is stored as failed with the message, so the import
    history shows the attempt while the data stays as it was. The run records its
    process, so a run whose process was killed is later marked failed, not left 'bezig'.

    ``source_key`` names the run's source in the sources table (imports/data/sources.toml); the
    run then cites it, and ``source`` defaults to its citation.
    """
    if path is not None and not path.is_file():
        raise MalformedFile(f"Bestand niet gevonden: {path}")
    if not source and not source_key:
        raise ValueError("recording_import needs a source or a source_key")
    data_source = (
        sync_source(resolve(source_key, vintage), published_on=published_on) if source_key else None
    )
    mark_abandoned_runs()
    run = ImportRun.objects.create(
        command=command,
        source=source or data_source.citation,
        data_source=data_source,
        file_name=str(path.name) if path else "",
        file_sha256=file_sha256(path) if path else "",
        vintage=vintage,
        started_by=user,
        process=this_process(),
    )
    recorder = RunRecorder(run)
    try:
        with transaction.atomic():
            yield recorder
    except Exception as exc:
        _finish(recorder, ImportRun.Status.FAILED, str(exc))
        raise
    _finish(recorder, ImportRun.Status.SUCCEEDED, recorder.summary())


def _finish(recorder: RunRecorder, status: str, message: str) -> None:
    run = recorder.run
    run.status = status
    run.message = message
    run.finished_at = timezone.now()
    run.rows_read = recorder.rows_read
    run.rows_accepted = recorder.rows_accepted
    run.rows_rejected = recorder.rows_rejected
    run.rows_skipped = recorder.rows_skipped
    run.rejections = recorder.rejections[:MAX_STORED_REJECTIONS]
    run.skipped = recorder.skipped_entries
    run.warnings = recorder.warnings[:MAX_STORED_REJECTIONS]
    run.save()
