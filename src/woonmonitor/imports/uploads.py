"""An upload handler that keeps no more of a file than any form accepts. No database.

Django streams a file that is larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file,
all of it. This handler writes only the first ``UPLOAD_LIMITS.max_file_bytes + 1`` bytes to
disk and counts the rest, so ``UploadedFile.size`` is the real size and the form refuses the
file by its size with a Dutch message (``imports.tables.check_size``); a huge upload neither
fills the disk nor is ever read into memory. Every form that takes a file checks its size
against a limit no larger than ``UPLOAD_LIMITS.max_file_bytes``.
"""

from __future__ import annotations

from django.core.files.uploadhandler import TemporaryFileUploadHandler

from .tables import UPLOAD_LIMITS


class BoundedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """``TemporaryFileUploadHandler`` that stores at most one byte more than the limit."""

    max_bytes = UPLOAD_LIMITS.max_file_bytes

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = self.max_bytes + 1 - start
        if room > 0:
            self.file.write(raw_data[:room])
