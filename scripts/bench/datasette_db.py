"""The reference's data: the same current values, exported into one plain SQLite table.

One row per value with what the values endpoint filters on and returns (indicator key, level,
parent code, area code, vintage, period, value, status), indexed for both benchmark queries.
The values are the stored ones; our API shows them only after disclosure control, which
Datasette does not do (the row counts must match, the values may differ where suppressed).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

TABLE = "indicator_values"

EXPORT = f"""
INSERT INTO {TABLE} (indicator, level, parent, area, vintage, period, value, status)
SELECT i.key, a.level, p.code, a.code, a.vintage, v.period, v.value, v.status
FROM src.monitor_indicatorvalue AS v
JOIN src.monitor_indicator AS i ON i.id = v.indicator_id
JOIN src.areas_area AS a ON a.id = v.area_id
LEFT JOIN src.areas_area AS p ON p.id = a.parent_id
WHERE v.is_current{{only}}
ORDER BY i.key, a.level, v.period, a.code
"""

#: The Datasette query for "values of one indicator in one period at one level [within parent]".
QUERY_IN_PARENT = (
    f"select area, period, value, status from {TABLE} where indicator = :indicator "
    "and level = :level and parent = :parent and period = :period order by area"
)
QUERY_LEVEL = (
    f"select area, period, value, status from {TABLE} where indicator = :indicator "
    "and level = :level and period = :period order by area"
)


def export(source: Path, target: Path, indicator_keys: list[str] | None = None) -> int:
    """Write the current values (of these indicators, or all) into ``target``; return rows."""
    target.unlink(missing_ok=True)
    connection = sqlite3.connect(target)
    try:
        connection.execute("ATTACH DATABASE ? AS src", (str(source),))
        connection.execute(
            f"CREATE TABLE {TABLE} (indicator TEXT NOT NULL, level TEXT NOT NULL, parent TEXT, "
            "area TEXT NOT NULL, vintage INTEGER NOT NULL, period INTEGER NOT NULL, value REAL, "
            "status TEXT NOT NULL)"
        )
        keys = list(indicator_keys or [])
        only = f" AND i.key IN ({', '.join('?' * len(keys))})" if keys else ""
        connection.execute(EXPORT.format(only=only), keys)
        connection.execute(
            f"CREATE INDEX value_in_parent ON {TABLE} (indicator, level, period, parent, area)"
        )
        connection.execute(
            f"CREATE INDEX value_at_level ON {TABLE} (indicator, level, period, area)"
        )
        connection.commit()
        count = connection.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
        connection.execute("DETACH DATABASE src")
        return count
    finally:
        connection.close()
