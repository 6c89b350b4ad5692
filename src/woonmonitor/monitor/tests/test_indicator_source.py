"""The source line of an indicator names publishers, tables and indicators, never internal keys."""

from __future__ import annotations

from types import SimpleNamespace

from woonmonitor.monitor.models import Computation, SourceKind, ValueOrigin
from woonmonitor.monitor.presentation import indicator_name, indicator_source


def indicator(**fields):
    base = {
        "source_kind": SourceKind.CBS,
        "computation": Computation.DIRECT,
        "numerator": "",
        "denominator": "",
        "source_table": "85984NED",
        "source_variable": "AantalInwoners",
    }
    return SimpleNamespace(**{**base, **fields})


def test_a_ratio_names_its_parts_by_their_dutch_names():
    ratio = indicator(
        source_kind=SourceKind.DERIVED,
        computation=Computation.RATIO,
        numerator="inwoners-65-plus",
        denominator="inwoners",
    )
    line = indicator_source(ratio)
    assert line == (
        f"berekend: {indicator_name('inwoners-65-plus')} gedeeld door {indicator_name('inwoners')}"
    )
    assert "inwoners-65-plus" not in line and indicator_name("inwoners") == "inwoners"


def test_a_ratio_imported_as_published_names_the_publisher():
    ratio = indicator(computation=Computation.RATIO, numerator="a", denominator="b")
    assert indicator_source(ratio, ValueOrigin.IMPORTED) == "CBS 85984NED, AantalInwoners"


def test_an_unknown_key_is_shown_as_it_is_rather_than_hidden():
    assert indicator_name("geen-indicator") == "geen-indicator"
