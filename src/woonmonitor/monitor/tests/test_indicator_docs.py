"""docs/indicators.md stays in step with the catalogue it is written from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from woonmonitor.monitor.catalogue import read_catalogue
from woonmonitor.monitor.catalogue_docs import DOCS_COMMAND, render_markdown

ROOT = Path(__file__).resolve().parents[4]
DOCS = ROOT / "docs" / "indicators.md"
SCRIPT = ROOT / "scripts" / "write-indicator-docs.py"


def test_committed_docs_match_the_catalogue():
    expected = render_markdown(read_catalogue())
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert current == expected, (
        f"docs/indicators.md loopt achter op monitor/data/indicators.toml: draai {DOCS_COMMAND}"
    )


def test_docs_describe_every_indicator_and_its_rule():
    catalogue = read_catalogue()
    text = render_markdown(catalogue)
    assert (
        f"Catalogusversie **{catalogue.version}**, {len(catalogue.indicators)} indicatoren" in text
    )
    for spec in catalogue.indicators:
        assert f"### {spec.name} (`{spec.key}`)" in text
    assert "geheim bij minder dan 20 woningen" in text
    assert "geheim bij minder dan 8 personen" in text
    assert "gewogen gemiddelde, gewicht `woningvoorraad`" in text
    assert "Inwoners 65 jaar of ouder (`inwoners-65-plus`) / Inwoners (`inwoners`) × 100" in text


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_script_writes_what_the_test_expects(tmp_path):
    output = tmp_path / "indicators.md"
    result = run_script("--output", str(output))
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == render_markdown(read_catalogue())
    assert run_script("--check", "--output", str(output)).returncode == 0


def test_script_check_fails_on_a_stale_file_and_names_the_command(tmp_path):
    stale = tmp_path / "indicators.md"
    stale.write_text("# oud\n", encoding="utf-8")
    result = run_script("--check", "--output", str(stale))
    assert result.returncode == 1
    assert DOCS_COMMAND in result.stdout
    assert stale.read_text(encoding="utf-8") == "# oud\n"
