"""Write docs/indicators.md from the catalogue (src/woonmonitor/monitor/data/indicators.toml).

Usage: python scripts/write-indicator-docs.py [--check] [--output PATH]
  --check   write nothing; exit 1 when the file differs from what the catalogue gives
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "indicators.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="alleen vergelijken, niets schrijven")
    parser.add_argument("--output", type=Path, default=DOCS, help="standaard docs/indicators.md")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "woonmonitor.settings")
    os.environ.setdefault("WOONMONITOR_DEVELOPMENT", "1")  # a development tool (see settings)
    import django

    django.setup()
    from woonmonitor.monitor.catalogue import read_catalogue
    from woonmonitor.monitor.catalogue_docs import DOCS_COMMAND, render_markdown

    catalogue = read_catalogue()
    text = render_markdown(catalogue)
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} loopt achter op de catalogus: draai {DOCS_COMMAND}")
            return 1
        print(f"{args.output} is bij (catalogus {catalogue.version})")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(catalogue.indicators)} indicatoren, catalogus {catalogue.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
