"""Unit tests for the ``html-cells`` parser on small synthetic documents."""

from __future__ import annotations

from woonmonitor.agreements.parsing.html_cells import parse_html_cells
from woonmonitor.agreements.parsing.html_helpers import (
    append_paragraphs,
    html_paragraphs,
    markdown_text,
    parse_number,
)

DOC = "\n".join(
    [
        "## **Prestatieafspraken Zuidhoek 2024-2026**",  # 1
        "",
        "Gemeente Zuidhoek, Woonbron, HV Zuid",  # 3
        "",
        "## Inleiding",  # 5
        "",
        "Afspraken tussen de gemeente Zuidhoek, de woningcorporaties Woonbron en de "
        "huurdersorganisaties HV Zuid hebben we gemaakt voor de periode 1 januari 2024 "
        "tot en met 31 december 2026.",  # 7
        "",
        "1. Bouwen",  # 9
        "2. Wonen",  # 10
        "",
        "## Bouwen",  # 12
        "",
        "We formuleren de gezamenlijke ambitie:",  # 14
        "",
        "*We bouwen **veel** woningen<sup>1</sup>.*",  # 16
        "",
        "Stand 01-01-2024\tWoonbron\tTotaal",  # 18
        "Woonwagens\t1.204\t1.204",  # 19
        "Standplaatsen\tX0\t5",  # 20
        "",
        "Meerjarige afspraken\t\tConcrete stappen",  # 22
        "<p><b>1. De corporaties bouwen.</b></p> <p>Zo &amp; zo.</p>\t\t",  # 23
        "2024 t/m 2026\tWoonbron\tTotaal\t",  # 24
        "Nieuwbouw\t+10\t11\t",  # 25
        "Het hangt af van locaties.\t\t",  # 26
        "<p><b>2. We zoeken locaties.</b> Met spoed.</p>\t\t<p>De gemeente zoekt</p>",  # 27
        "",
        "\tnaar grond.",  # 29
        "<sup>1</sup> Alleen sociale huur.",  # 30
        "<p>Meer tekst.</p>\t<p>Nog een stap.</p>",  # 31
        "---\t--",  # 32
        "",
        "## Wonen",  # 34
        "",
        "Meerjarige afspraken\tConcrete stappen",  # 36
        "<p><b>3. De gemeente regelt het.</b></p> <ul><li>• een</li><li>twee</li></ul>\t",  # 37
        "<p><b>4. Bij nieuwbouw letten we op prijs.</b></p>\t<p>Stap.</p>",  # 38
        "onbekend\t?\t!",  # 39
        "",
        "## Bijlage 1 - Kaders",  # 41
        "",
        "- Woningwet",  # 43
        "- Bouwbesluit",  # 44
    ]
)


def parsed():
    return parse_html_cells(DOC)


def test_every_non_blank_line_is_placed():
    doc = parsed()
    non_blank = {n for n, line in enumerate(DOC.splitlines(), start=1) if line.strip()}
    assert non_blank - doc.covered_lines() == set()
    assert doc.source_line_count == len(DOC.splitlines())
    assert doc.format == "html-cells"


def test_title_period_and_parties():
    doc = parsed()
    assert doc.title == "Prestatieafspraken Zuidhoek 2024-2026"
    assert doc.municipality == "Zuidhoek"
    assert doc.flags == []
    assert (doc.period_start, doc.period_end) == ("2024-01-01", "2026-12-31")
    assert [(p.abbreviation, p.name, p.kind) for p in doc.parties] == [
        ("Gemeente", "Gemeente Zuidhoek", "municipality"),
        ("Woonbron", "Woonbron", "housing_association"),
        ("HV Zuid", "HV Zuid", "tenants_organisation"),
    ]


def test_misspelled_municipality_is_corrected_and_flagged():
    text = DOC.replace("Zuidhoek 2024", "Zuidhoeck 2024").replace(
        "Gemeente Zuidhoek,", "Gemeente Zuidhoeck,"
    )
    doc = parse_html_cells(text)
    assert doc.title == "Prestatieafspraken Zuidhoeck 2024-2026"
    assert doc.municipality == "Zuidhoek"
    assert [(f.field, f.kind, f.raw) for f in doc.flags] == [
        ("municipality", "inferred", "Zuidhoeck")
    ]
    assert doc.parties[0].name == "Gemeente Zuidhoek"
    assert doc.parties[0].flags[0].raw == "Gemeente Zuidhoeck"


def test_themes_take_codes_from_the_numbered_list_and_keep_their_text():
    doc = parsed()
    assert [(t.code, t.title) for t in doc.themes] == [("1", "Bouwen"), ("2", "Wonen")]
    bouwen = doc.themes[0]
    assert bouwen.vision == "We formuleren de gezamenlijke ambitie:\n\nWe bouwen veel woningen¹."
    assert [(s.title, s.text, s.lines) for s in bouwen.sections] == [
        ("Voetnoot 1", "Alleen sociale huur.", [30])
    ]
    # heading, prose, column header row and table rule
    assert bouwen.lines == [12, 14, 16, 22, 32]
    assert doc.themes[1].lines == [34, 36]


def test_sections_keep_lists_as_lines():
    doc = parsed()
    titles = [s.title for s in doc.sections]
    assert titles == ["Inleiding", "Bijlage 1 - Kaders"]
    assert doc.sections[0].text.endswith("2026.\n\n1. Bouwen\n2. Wonen")
    assert doc.sections[1].text == "- Woningwet\n- Bouwbesluit"


def test_commitment_cells_and_continuation_lines():
    doc = parsed()
    one, two, three, four = doc.commitments
    assert (one.number, one.theme, one.lines) == ("1", "1", [23])
    assert one.content == "De corporaties bouwen.\n\nZo & zo."
    assert (one.year_entry_label, one.year_entry) == ("Concrete stappen", "")
    assert one.result == "" and one.period == "" and one.period_start is None
    # the bold sentence becomes its own paragraph; a broken-off step goes on after a blank line
    assert two.content == "We zoeken locaties.\n\nMet spoed.\n\nMeer tekst."
    assert two.year_entry == "De gemeente zoekt naar grond.\n\nNog een stap."
    assert two.lines == [27, 29, 31]
    assert three.content == "De gemeente regelt het.\n\n• een\n• twee"
    assert (three.theme, four.year_entry) == ("2", "Stap.")


def test_leads_are_inferred_from_the_subject_and_flagged():
    doc = parsed()
    leads = [(c.leads, c.flags[0].raw) for c in doc.commitments]
    everyone = ["Gemeente", "Woonbron", "HV Zuid"]
    assert leads == [
        (["Woonbron"], "De corporaties"),
        (everyone, "We"),
        (["Gemeente"], "De gemeente"),
        (everyone, "Bij nieuwbouw letten we"),
    ]
    flag = doc.commitments[0].flags[0]
    assert (flag.field, flag.kind) == ("leads", "inferred")
    assert flag.note == "trekker afgeleid uit de tekst: 'De corporaties ...'"
    assert all(c.lead_text == "" for c in doc.commitments)


def test_stock_table_with_masked_cell():
    stock = parsed().tables[0]
    assert (stock.key, stock.kind, stock.period, stock.commitment) == (
        "stock-2024-01-01",
        "stock",
        "01-01-2024",
        "",
    )
    assert stock.columns == ["Woonbron", "Totaal"]
    assert stock.lines == [18, 19, 20]
    caravans, pitches = stock.rows
    assert (caravans.measure, pitches.measure) == ("caravans", "pitches")
    assert [(c.raw, c.value, c.party, c.is_total) for c in caravans.cells] == [
        ("1.204", 1204, "Woonbron", False),
        ("1.204", 1204, "", True),
    ]
    assert pitches.cells[0].value is None
    assert [(f.field, f.kind, f.raw) for f in stock.flags] == [("rows[1].cells[0]", "masked", "X0")]


def test_production_table_inside_a_commitment_checks_totals():
    production = parsed().tables[1]
    assert (production.key, production.period, production.commitment) == (
        "production-2024-2026",
        "2024 t/m 2026",
        "1",
    )
    assert production.notes == ["Het hangt af van locaties."]
    assert production.lines == [24, 25, 26]
    row = production.rows[0]
    assert (row.label, row.measure, [c.value for c in row.cells]) == (
        "Nieuwbouw",
        "new_build",
        [10, 11],
    )
    assert [(f.field, f.kind, f.raw) for f in production.flags] == [
        ("rows[0].cells[1]", "unreadable", "11")
    ]


def test_unknown_tab_line_is_listed_as_not_understood():
    doc = parsed()
    assert [(f.line, f.text) for f in doc.not_understood] == [(39, "onbekend\t?\t!")]


def test_helpers():
    assert html_paragraphs("<p>a &lt; b</p> <p>1<sup>ste</sup> keer</p>") == ["a < b", "1ste keer"]
    assert markdown_text("*Een **vet** woord* en 2*3") == "Een vet woord en 2*3"
    assert [parse_number(raw) for raw in ("3.008", "+200", "-2", "0000", "X0", "3,5")] == [
        3008,
        200,
        -2,
        None,
        None,
        None,
    ]
    paragraphs = ["Dat betekent dat we"]
    append_paragraphs(paragraphs, ["over regels.", "Nieuw."])
    assert paragraphs == ["Dat betekent dat we over regels.", "Nieuw."]
