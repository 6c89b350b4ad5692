"""Every line of an agreement document is on the import run: placed (accepted), not understood
(rejected with the reason, waiting for a reviewer) or blank (skipped) (issue 10, point 8)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from woonmonitor.agreements import parsing, services

SEEDS = [
    settings.WOONMONITOR_SEEDS_DIR / f"{name}.txt"
    for name in ("001_38dedbc85e70cbb7", "002_8c2198bb28f9bb11")
]


@pytest.fixture
def organisations_loaded(db):
    call_command("load_organisations", verbosity=0)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_every_line_of_a_seed_is_accounted_for(organisations_loaded, seed):
    if not seed.is_file():
        pytest.skip(f"{seed.name} not available")
    text = seed.read_text(encoding="utf-8")
    parsed = parsing.parse(text)
    run = services.import_agreement_file(path=seed).import_run
    lines = text.splitlines()
    blank = sum(1 for line in lines if not line.strip())
    not_understood = {fragment.line for fragment in parsed.not_understood}
    assert run.rows_read == len(lines) == parsed.source_line_count
    assert run.adds_up
    assert run.rows_skipped == blank
    assert run.rows_rejected == len(not_understood)
    assert run.rows_accepted == len(lines) - blank - len(not_understood)
    assert all(item["reason"].startswith("niet begrepen") for item in run.rejections)
    assert run.data_source.key == "prestatieafspraken"
    assert run.source.startswith("Prestatieafspraken: ")
