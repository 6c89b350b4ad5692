"""The benchmark's catalogue: the real one plus benchmark-only indicators, as TOML.

The real ``load_indicators`` command loads it into the bench database, so the extra indicators
pass the same checks as real ones. Each copies the rules (unit, aggregation, disclosure, ...) of
a real KWB 2024 indicator in turn, so the work per value stays realistic, and is named
"alleen benchmark" so nobody mistakes it for a real one. Pure, apart from reading the file.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from common import REPO

REAL_CATALOGUE = REPO / "src" / "woonmonitor" / "monitor" / "data" / "indicators.toml"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def dumps(data: dict) -> str:
    """TOML for ``{"version": ..., "indicator": [tables]}`` (the catalogue's shape only)."""
    lines = [f"version = {_value(data['version'])}", ""]
    for table in data["indicator"]:
        lines.append("[[indicator]]")
        lines.extend(f"{key} = {_value(value)}" for key, value in table.items())
        lines.append("")
    return "\n".join(lines)


def with_benchmark_indicators(real: dict, extra: list[tuple[str, str]]) -> dict:
    """The real catalogue plus one indicator per ``(key, source_variable)`` in ``extra``."""
    templates = [
        table
        for table in real["indicator"]
        if table.get("source_table") == "85984NED"
        and table.get("computation") == "direct"
        and table.get("source_variable")
    ]
    if not templates:
        raise ValueError("no KWB 2024 indicators in the catalogue to copy rules from")
    added = []
    for number, (key, variable) in enumerate(extra, start=1):
        template = templates[(number - 1) % len(templates)]
        table = dict(template)
        table.update(
            key=key,
            name=f"Benchmarkvariabele {number:03d} (alleen benchmark)",
            description=(
                "Bestaat alleen in de benchmarkdatabase van make bench, om de benchmark aan te "
                f"vullen tot 100 indicatoren; regels overgenomen van {template['key']}."
            ),
            source_variable=variable,
        )
        added.append(table)
    return {"version": real["version"], "indicator": [*real["indicator"], *added]}


def write(path: Path, extra: list[tuple[str, str]]) -> Path:
    real = tomllib.loads(REAL_CATALOGUE.read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(with_benchmark_indicators(real, extra)), encoding="utf-8")
    return path
