"""Pure helpers of the benchmark: summary statistics and the result table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def median(samples: Sequence[float]) -> float:
    """The median of the samples (mean of the two middle ones for an even count)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least ``fraction`` of all at or below.

    With 20 samples the p95 is the 19th smallest, so one slow outlier in 20 does not count.
    """
    if not samples:
        raise ValueError("no samples")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    ordered = sorted(samples)
    rank = math.ceil(fraction * len(ordered))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Result:
    """One row of the table: what was measured, ours, the reference, and the goal."""

    metric: str
    ours: float
    unit: str
    reference: float | None = None
    #: "ratio<=1.0": ours / reference must be at most 1.0; "max<=300": ours at most 300.
    goal: str = ""
    note: str = ""
    #: set when the thing could not be measured (e.g. a page that hung): shown instead of ours
    failed: str = ""

    @property
    def ratio(self) -> float | None:
        if self.reference is None or self.reference == 0:
            return None
        return self.ours / self.reference

    @property
    def passed(self) -> bool | None:
        """True or False against the goal; None when the row has no goal (information only)."""
        if self.failed:
            return False
        if not self.goal:
            return None
        kind, _, limit_text = self.goal.partition("<")
        limit = float(limit_text.lstrip("="))
        inclusive = limit_text.startswith("=")
        value = self.ratio if kind == "ratio" else self.ours
        if value is None:
            return False
        return value <= limit if inclusive else value < limit

    def goal_text(self) -> str:
        if not self.goal:
            return "-"
        kind, _, limit_text = self.goal.partition("<")
        operator = "≤" if limit_text.startswith("=") else "<"
        limit = limit_text.lstrip("=")
        if kind == "ratio":
            return f"ratio {operator} {limit}"
        return f"{operator} {limit} {self.unit}"


def fmt(value: float | None, unit: str = "") -> str:
    """A compact number: 3 significant digits below 100, whole numbers above."""
    if value is None:
        return "-"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


TABLE_HEADER = ("metric", "ours", "reference", "ratio", "goal", "result")


def table_rows(results: Sequence[Result]) -> list[tuple[str, ...]]:
    rows = []
    for result in results:
        passed = result.passed
        verdict = "-" if passed is None else ("PASS" if passed else "FAIL")
        ratio = result.ratio
        rows.append(
            (
                result.metric,
                result.failed or fmt(result.ours, result.unit),
                fmt(result.reference, result.unit),
                "-" if ratio is None else f"{ratio:.2f}",
                result.goal_text(),
                verdict,
            )
        )
    return rows


def text_table(results: Sequence[Result]) -> str:
    """The table as aligned plain text for the terminal."""
    rows = [TABLE_HEADER, *table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_HEADER))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(results: Sequence[Result]) -> str:
    rows = [TABLE_HEADER, *table_rows(results)]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(TABLE_HEADER)]
    lines += [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows[1:]
    ]
    return "\n".join(lines)
