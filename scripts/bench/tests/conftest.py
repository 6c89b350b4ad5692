"""The benchmark's modules live in scripts/bench, which is not a package."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
