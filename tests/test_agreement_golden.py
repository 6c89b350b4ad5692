"""Golden files: the structured result of importing each seed agreement, read against the source.

Regenerate after a deliberate parser change with
``python scripts/update-agreement-golden.py`` and read the diff line by line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from woonmonitor.agreements.parsing import parse
from woonmonitor.agreements.parsing.schema import from_dict

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
GOLDEN = ROOT / "tests" / "data" / "agreements"
CASES = {
    "borger-odoorn-2023": "001_38dedbc85e70cbb7.txt",
    "hoogeveen-2023-2027": "002_8c2198bb28f9bb11.txt",
}


def source(case: str) -> str:
    path = SEEDS / CASES[case]
    if not path.is_file():
        pytest.skip(f"seed {path} is not beside the checkout")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_parse_matches_golden_file(case):
    expected = json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))
    assert parse(source(case)).to_dict() == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_source_line_is_placed_or_listed_as_not_understood(case):
    text = source(case)
    parsed = parse(text)
    non_blank = {n for n, line in enumerate(text.splitlines(), start=1) if line.strip()}
    assert non_blank - parsed.covered_lines() == set()
    assert parsed.source_line_count == len(text.splitlines())


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_file_round_trips_through_the_schema(case):
    expected = json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))
    assert from_dict(expected).to_dict() == expected
