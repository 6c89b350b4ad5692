"""The upload handler keeps no more of a file than a form accepts, and tells its real size."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory

from woonmonitor.imports.tables import UPLOAD_LIMITS
from woonmonitor.imports.uploads import BoundedTemporaryFileUploadHandler


def test_the_handler_is_configured_after_the_memory_handler():
    assert settings.FILE_UPLOAD_HANDLERS[-1].endswith(BoundedTemporaryFileUploadHandler.__name__)
    assert UPLOAD_LIMITS.max_file_bytes > settings.FILE_UPLOAD_MAX_MEMORY_SIZE


def test_a_large_upload_is_cut_on_disk_but_keeps_its_real_size():
    size = UPLOAD_LIMITS.max_file_bytes + 3 * 1024 * 1024
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("x.csv", b"x" * size)})
    upload = request.FILES["file"]
    assert isinstance(upload, TemporaryUploadedFile)
    assert upload.size == size
    assert len(upload.read()) == UPLOAD_LIMITS.max_file_bytes + 1


def test_a_small_upload_stays_whole():
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("x.csv", b"a;b\n" * 10)})
    assert request.FILES["file"].read() == b"a;b\n" * 10
