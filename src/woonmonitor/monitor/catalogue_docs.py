"""``docs/indicators.md``, written from the catalogue (``scripts/write-indicator-docs.py``). Pure.

A test compares the committed file with ``render_markdown(read_catalogue())``, so the
documentation cannot fall behind the catalogue.
"""

from __future__ import annotations

from django.utils import translation

from .catalogue import Catalogue, IndicatorSpec
from .disclosure import COUNT_PERSONS, ROUNDING_MULTIPLE, base_label
from .models import Aggregation, Computation, DisclosureKind, Polarity, SourceKind, Theme, Unit

DOCS_COMMAND = ".venv/bin/python scripts/write-indicator-docs.py"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def source_text(spec: IndicatorSpec) -> str:
    if spec.source_kind == SourceKind.PARTY:
        return "ingevoerd door partij"
    parts = [str(SourceKind(spec.source_kind).label)]
    if spec.source_table:
        parts.append(spec.source_table)
    if spec.source_variable:
        parts.append(f"`{spec.source_variable}`")
    return " ".join(parts)


def computation_text(spec: IndicatorSpec, names: dict[str, str]) -> str:
    if spec.computation != Computation.RATIO:
        return "direct uit de bron"
    factor = f" × {spec.factor:g}" if spec.factor != 1.0 else ""
    return (
        f"{names.get(spec.numerator, spec.numerator)} (`{spec.numerator}`) / "
        f"{names.get(spec.denominator, spec.denominator)} (`{spec.denominator}`){factor}"
    )


def aggregation_text(spec: IndicatorSpec) -> str:
    label = str(Aggregation(spec.aggregation).label)
    if spec.aggregation == Aggregation.WEIGHTED_MEAN:
        return f"{label}, gewicht `{spec.weight}`"
    return label


def precision_text(spec: IndicatorSpec) -> str:
    """The precision in words, e.g. "1 decimaal" or "geheel getal; na de deling afgerond"."""
    if spec.decimals == 0:
        text = "geheel getal"
    elif spec.decimals == 1:
        text = "1 decimaal"
    else:
        text = f"{spec.decimals} decimalen"
    if spec.computation == Computation.RATIO:
        text += "; na de deling afgerond"
    return text


def disclosure_text(spec: IndicatorSpec) -> str:
    """The rule in words, e.g. "percentage of aandeel; geheim bij minder dan 20 woningen"."""
    text = str(DisclosureKind(spec.disclosure).label)
    if spec.disclosure_minimum:
        label = base_label(spec.disclosure_base) if spec.disclosure_base else "personen"
        text += f"; geheim bij minder dan {spec.disclosure_minimum:,} {label}".replace(",", ".")
    if spec.disclosure == COUNT_PERSONS:
        text += f"; wijken en buurten afgerond op een veelvoud van {ROUNDING_MULTIPLE}"
    return text


def render_markdown(catalogue: Catalogue) -> str:
    """The whole of ``docs/indicators.md``."""
    with translation.override("nl"):
        return _render(catalogue)


def _render(catalogue: Catalogue) -> str:
    names = {spec.key: spec.name for spec in catalogue.indicators}
    per_theme = catalogue.per_theme()
    lines = [
        "# Indicatoren van de Wijk- en Dorpenmonitor",
        "",
        "<!-- Gegenereerd uit src/woonmonitor/monitor/data/indicators.toml; niet met de hand "
        f"bewerken. Opnieuw schrijven: {DOCS_COMMAND} -->",
        "",
        f"Catalogusversie **{catalogue.version}**, {len(catalogue.indicators)} indicatoren. "
        "De catalogus is een bestand in de code (`src/woonmonitor/monitor/data/indicators.toml`), "
        "geladen met `python manage.py load_indicators`. De geheimhoudingsregels staan uitgelegd "
        "in `src/woonmonitor/monitor/disclosure.py` en op de pagina *Over de cijfers* "
        "(`/monitor/over-de-cijfers/`).",
        "",
        "De *precisie* is het aantal decimalen waarop een waarde wordt getoond en afgerond in de "
        "API en in de downloads (CSV en JSON van kaart, verloop, profiel en vergelijking), na de "
        "geheimhouding. Een verhouding wordt berekend uit de onafgeronde teller en noemer en pas "
        "daarna afgerond.",
        "",
        "| thema | aantal |",
        "| --- | ---: |",
    ]
    for theme, specs in per_theme.items():
        lines.append(f"| [{Theme(theme).label}](#{theme}) | {len(specs)} |")
    for theme, specs in per_theme.items():
        lines += ["", f'<a id="{theme}"></a>', "", f"## {Theme(theme).label}", ""]
        lines += [
            "| sleutel | naam | eenheid | precisie | bron | optellen | richting | geheimhouding |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for spec in specs:
            lines.append(
                f"| `{spec.key}` | {_cell(spec.name)} | {Unit(spec.unit).label} | "
                f"{_cell(precision_text(spec))} | {_cell(source_text(spec))} | "
                f"{_cell(aggregation_text(spec))} | {Polarity(spec.polarity).label} | "
                f"{_cell(disclosure_text(spec))} |"
            )
        for spec in specs:
            lines += [
                "",
                f"### {spec.name} (`{spec.key}`)",
                "",
                spec.description,
                "",
                f"- Eenheid: {Unit(spec.unit).label}",
                f"- Precisie (pagina's, downloads en API): {precision_text(spec)}",
                f"- Bron: {source_text(spec)}",
                f"- Berekening: {computation_text(spec, names)}",
                f"- Optellen naar grotere gebieden: {aggregation_text(spec)}",
                f"- Richting: {Polarity(spec.polarity).label}",
                f"- Geheimhouding: {disclosure_text(spec)}",
            ]
    return "\n".join(lines) + "\n"
