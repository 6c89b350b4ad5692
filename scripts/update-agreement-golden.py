"""Rewrite the agreement golden files from the current parser. Read the diff before committing.

Usage: python scripts/update-agreement-golden.py [borger-odoorn-2023] [hoogeveen-2023-2027]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import django  # noqa: E402
import os  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "woonmonitor.settings")
os.environ.setdefault("WOONMONITOR_DEVELOPMENT", "1")  # a development tool (see settings)
django.setup()

from test_agreement_golden import CASES, GOLDEN, SEEDS  # noqa: E402

from woonmonitor.agreements.parsing import parse  # noqa: E402

for case, name in CASES.items():
    if sys.argv[1:] and case not in sys.argv[1:]:
        continue
    parsed = parse((SEEDS / name).read_text(encoding="utf-8"))
    out = GOLDEN / f"{case}.json"
    out.write_text(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{out.relative_to(ROOT)}: {len(parsed.commitments)} afspraken, "
          f"{len(parsed.tables)} tabellen, {len(parsed.not_understood)} niet begrepen")
