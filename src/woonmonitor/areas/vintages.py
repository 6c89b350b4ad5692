"""The one rule for borrowing from another vintage (a boundary, a name, a parent)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def nearest_vintage(
    options: Iterable[T], vintage: int, *, vintage_of: Callable[[T], int]
) -> T | None:
    """The option whose vintage is nearest to ``vintage``; the later one on a tie; None if none."""
    return min(
        options,
        key=lambda option: (abs(vintage_of(option) - vintage), -vintage_of(option)),
        default=None,
    )
