"""Rendered documents for anonymous visitors, cached by the data they come from.

A PDF, a workbook or a download of every area of a level costs from a tenth of a second to
seconds to build; anonymous visitors all get the same one, so it is built once per version of
its data and kept in the ``documents`` cache (``settings.CACHES``). The key is made of

- the kind of document and what was asked for (area, year, indicator, level, format, ...),
- a **fingerprint** of the data it is built from (the latest import run and value of the
  monitor, the latest change of the agreement and its reports and figures), so a change of the
  data gives a new document at once, without anyone clearing a cache,
- the language of the request.

Only anonymous requests are cached. A logged-in person may see more (drafts, names) and is
always served a document built for them, never a cached one, and nothing built for them is
stored: an anonymous visitor can never get it. Entries expire after
``DOCUMENT_CACHE_SECONDS`` anyway, for changes no fingerprint sees (a renamed organisation).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import zlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

ALIAS = "documents"
#: Raise to make every earlier entry unreachable (a change in what a document holds).
VERSION = 1

T = TypeVar("T")


def document_key(kind: str, parts: Sequence[object]) -> str:
    """A short cache key for ``kind`` and its parts, plus the active language."""
    text = json.dumps([kind, translation.get_language(), *parts], default=str, sort_keys=True)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]
    return f"doc:{VERSION}:{kind}:{digest}"


def _pack(value: object) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(data: bytes) -> object:
    return pickle.loads(zlib.decompress(data))  # noqa: S301 (our own cache, written above)


def cached_document(user, kind: str, parts: Sequence[object], build: Callable[[], T]) -> T:
    """``build()``, or its cached result for anonymous visitors.

    ``parts`` must hold everything the document depends on besides the language: what was
    asked for and the fingerprint of the data. For a logged-in ``user`` nothing is read from or
    written to the cache.
    """
    if user is not None and user.is_authenticated:
        return build()
    cache = caches[ALIAS]
    key = document_key(kind, parts)
    stored = cache.get(key)
    if stored is not None:
        return _unpack(stored)  # type: ignore[return-value]
    value = build()
    packed = _pack(value)
    if len(packed) <= settings.DOCUMENT_CACHE_MAX_BYTES:
        cache.set(key, packed, timeout=settings.DOCUMENT_CACHE_SECONDS)
    return value
