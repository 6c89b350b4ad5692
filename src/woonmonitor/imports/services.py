"""Recording import runs: all or nothing per file, with a row-level report."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .models import ImportRun

MAX_STORED_REJECTIONS = 1000


class MalformedFile(Exception):
    """The file is not what the importer expects; nothing was changed."""


class RunRecorder:
    """Counts rows while an importer works; saved on the ImportRun at the end."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.rows_read = 0
        self.rows_accepted = 0
        self.rejections: list[dict] = []
        self.warnings: list[dict] = []

    def read(self, count: int = 1) -> None:
        self.rows_read += count

    def accept(self, count: int = 1) -> None:
        self.rows_accepted += count

    def reject(self, row: str, reason: str) -> None:
        self.rejections.append({"row": str(row), "reason": str(reason)})

    def warn(self, row: str, message: str) -> None:
        """The row was accepted, but something about it needs saying (e.g. an empty geometry)."""
        self.warnings.append({"row": str(row), "message": str(message)})

    @property
    def rows_rejected(self) -> int:
        return len(self.rejections)

    def summary(self) -> str:
        return (
            f"{self.rows_read} rijen gelezen, {self.rows_accepted} geaccepteerd, "
            f"{self.rows_rejected} afgewezen, {len(self.warnings)} waarschuwingen"
        )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def recording_import(
    *, command: str, source: str, path: Path | None = None, vintage: int | None = None
) -> Iterator[RunRecorder]:
    """Run an import inside one transaction and record how it went.

    The data changes of the block are atomic: on any exception they are rolled
    back and the run is stored as failed with the message, so the import
    history shows the attempt while the data stays as it was.
    """
    if path is not None and not path.is_file():
        raise MalformedFile(f"Bestand niet gevonden: {path}")
    run = ImportRun.objects.create(
        command=command,
        source=source,
        file_name=str(path.name) if path else "",
        file_sha256=file_sha256(path) if path else "",
        vintage=vintage,
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
    run.rejections = recorder.rejections[:MAX_STORED_REJECTIONS]
    run.warnings = recorder.warnings[:MAX_STORED_REJECTIONS]
    run.save()
