"""The pipe-table parser on small synthetic documents (the real one is in the golden test)."""

from __future__ import annotations

import pytest

from woonmonitor.agreements.parsing import NotAnAgreement, parse
from woonmonitor.agreements.parsing.pipe_helpers import parse_leads, parse_period
from woonmonitor.agreements.parsing.pipe_tables import parse_pipe_tables

PARTIES = (
    "Gezamenlijke prestatieafspraken tussen de gemeente Testdorp; Woonstede en "
    "Huurdersvereniging Samen voor de periode 2024-2025 op basis van eerdere afspraken."
)
FRONT = f"""PRESTATIEAFSPRAKEN 2024
Januari 2024
{PARTIES}
Inhoud
1) Inleiding
2) Betaalbaarheid
3) Duurzaamheid
1) Inleiding
Leeswijzer
De afspraken zijn verdeeld in twee categorieën: betaalbaarheid (A) en duurzaamheid (B).
Partij | Afk. |
Gemeente | GT |
Woonstede | WST |
Huurdersvereniging Samen | HS |
"""


def document(body: str) -> str:
    return FRONT + body


def commitment(parsed, number):
    return next(c for c in parsed.commitments if c.number == number)


def kinds(flags, field):
    return sorted(flag.kind for flag in flags if flag.field == field)


def test_front_page_parties_and_themes():
    parsed = parse_pipe_tables(
        document(
            "2) Betaalbaarheid\n"
            "nr. | Inhoud | Resultaat | Tijd | Trekker | Jaarschijf 2024 |\n"
            "A1 | Huren blijven betaalbaar. | Betaalbaar | 2024 | WST | Loopt |\n"
        )
    )
    assert parsed.format == "pipe-table"
    assert (parsed.title, parsed.date_text, parsed.municipality) == (
        "PRESTATIEAFSPRAKEN 2024",
        "Januari 2024",
        "Testdorp",
    )
    assert (parsed.period_start, parsed.period_end) == ("2024-01-01", "2025-12-31")
    assert [(p.abbreviation, p.name, p.kind) for p in parsed.parties] == [
        ("GT", "Gemeente Testdorp", "municipality"),
        ("WST", "Woonstede", "housing_association"),
        ("HS", "Huurdersvereniging Samen", "tenants_organisation"),
    ]
    assert kinds(parsed.parties[0].flags, "name") == ["inferred"]
    assert [(t.code, t.title) for t in parsed.themes] == [("A", "Betaalbaarheid")]
    assert parsed.sections[0].title == "Inhoud"
    assert parsed.not_understood == []


def test_row_broken_over_lines_continues_column_by_column():
    parsed = parse_pipe_tables(
        document(
            "3) Duurzaamheid\n"
            "nr. | Inhoud | Resultaat | Tijd | Trekker | Jaarschijf 2024 |\n"
            "B1 | Wij isoleren de woningen van het | Betere | 2023- | WST/ | Loopt, we |\n"
            "complex aan de Dorpsstraat. | woningen | 2025 | gemeente | maken een plan |\n"
            "B2 | Lefier verkoopt woningen met een | Goed label voor | 2024 | WST | 3 woningen |\n"
            "label C en helpt de koper | verkoopwoningen | per jaar | |||\n"
        )
    )
    b1 = commitment(parsed, "B1")
    assert b1.content == "Wij isoleren de woningen van het complex aan de Dorpsstraat."
    assert b1.result == "Betere woningen"
    assert (b1.period, b1.period_start, b1.period_end) == ("2023- 2025", 2023, 2025)
    assert (b1.lead_text, b1.leads) == ("WST/ gemeente", ["WST", "GT"])
    assert b1.year_entry == "Loopt, we maken een plan"
    assert b1.lines == [17, 18]
    # The period "2024" is complete, so the third fragment belongs to the year entry.
    b2 = commitment(parsed, "B2")
    assert b2.period == "2024"
    assert b2.result == "Goed label voor verkoopwoningen"
    assert b2.year_entry == "3 woningen per jaar"
    assert b2.flags == []


def test_rows_without_number_become_commitments_or_continue_cells():
    parsed = parse_pipe_tables(
        document(
            "2) Betaalbaarheid\n"
            "nr. | Inhoud | Resultaat | Tijd | Trekker | Jaarschijf 2024 |\n"
            "A3 | Eerste afspraak. | Resultaat een. | 2024 | GT | Gepland. |\n"
            "Tweede rij zonder nummer. | Resultaat twee met | 2024- 2025 | WST | Loopt. |\n"
            "een vervolg op de volgende regel | |||||\n"
        )
    )
    assert [c.number for c in parsed.commitments] == ["A3", ""]
    row = parsed.commitments[1]
    assert (row.parent, row.theme, row.leads) == ("A3", "A", ["WST"])
    assert row.result == "Resultaat twee met een vervolg op de volgende regel"
    assert row.lines == [18, 19]
    assert kinds(row.flags, "parent") == ["inferred"]


def test_fewer_cells_shift_lead_and_year_entry_with_a_flag():
    parsed = parse_pipe_tables(
        document(
            "2) Betaalbaarheid\n"
            "nr. | Inhoud | Resultaat | Tijd | Trekker | Jaarschijf 2024 |\n"
            "A5 | Een afspraak zonder resultaat. | Gemeente | Dit oppakken in 2024 | ||\n"
        )
    )
    a5 = commitment(parsed, "A5")
    assert (a5.result, a5.period, a5.lead_text, a5.leads) == ("", "", "Gemeente", ["GT"])
    assert a5.year_entry == "Dit oppakken in 2024"
    assert kinds(a5.flags, "lead_text") == ["inferred"]
    assert kinds(a5.flags, "year_entry") == ["inferred"]


def test_masked_cells_are_flagged_and_inferred():
    parsed = parse_pipe_tables(
        document(
            "2) Betaalbaarheid\n"
            "nr. | Inhoud | Resultaat | Tijd | Trekker | Xxxxxxxxxx 0000 |\n"
            "X0 | Xxxxxx wonen in periode 0000-0000. | Wonen | 2024 | allen | Loopt |\n"
            "A2 | Tweede afspraak. | Iets | 2024 | GT | Loopt |\n"
            "3) Duurzaamheid\n"
            "nr. | Inhoud | Resultaat | Tijd | Trekker | Jaarschijf 2024 |\n"
            "B1 | Afspraak. | Iets | 2024 | WST | Loopt |\n"
        )
    )
    a1 = parsed.commitments[0]
    assert a1.number == "A1"
    assert kinds(a1.flags, "number") == ["inferred", "masked"]
    assert a1.year_entry_label == "Jaarschijf 2024"
    assert kinds(a1.flags, "year_entry_label") == ["inferred", "masked"]
    assert [f.raw for f in a1.flags if f.field == "content"] == ["Xxxxxx", "0000-0000"]
    assert a1.content == "Xxxxxx wonen in periode 0000-0000."
    assert a1.leads == ["GT", "WST", "HS"]


def test_number_tables_infer_masked_years_labels_and_association():
    parsed = parse_pipe_tables(
        document(
            "3) Duurzaamheid\n"
            "nr. | Inhoud | Resultaat | Tijd | Trekker | Jaarschijf 2024 |\n"
            "B1 | Afspraak. | Iets | 2024 | WST | Loopt |\n"
            "Woonstede\n"
            "Testdorp | 0000 | 0000 | 2026 |\n"
            "Xxxxx | 0 | 4 | 0000 |\n"
            "Testdorp | 2024 | 2025 | 2026 |\n"
            "Sloop | 1 | 2 | 3 |\n"
        )
    )
    first, second = parsed.tables
    assert (first.key, first.kind, first.party, first.period) == (
        "production-wst",
        "production",
        "WST",
        "2024-2026",
    )
    assert first.columns == ["0000", "0000", "2026"]
    cells = first.rows[0].cells
    assert [(c.raw, c.value, c.year) for c in cells] == [
        ("0", 0, 2024),
        ("4", 4, 2025),
        ("0000", None, 2026),
    ]
    assert (first.rows[0].label, first.rows[0].measure) == ("Xxxxx", "demolition")
    by_field = {(f.field, f.kind) for f in first.flags}
    assert {
        ("columns", "masked"),
        ("columns", "inferred"),
        ("party", "inferred"),
        ("rows[0].label", "masked"),
        ("rows[0].measure", "inferred"),
        ("rows[0].cells[2].value", "masked"),
    } <= by_field
    assert "2026 volgen" in next(f.note for f in first.flags if f.kind == "inferred")
    assert second.party == "" and second.flags == []


def test_every_line_is_placed():
    text = document(
        "2) Betaalbaarheid\n"
        "Visie op het thema\n"
        "Een langere visietekst die het thema inleidt en uitlegt waarom het ertoe doet.\n"
        "Prestatieafspraken:\n"
        "nr. | Inhoud | Resultaat | Tijd | Trekker | Jaarschijf 2024 |\n"
        "A1 | Afspraak. | Iets | 2024 | WST | Loopt |\n"
    )
    parsed = parse_pipe_tables(text)
    non_blank = {n for n, line in enumerate(text.splitlines(), 1) if line.strip()}
    assert non_blank <= parsed.covered_lines()
    assert parsed.themes[0].vision.startswith("Een langere visietekst")


def test_leads_and_periods():
    abbreviations = ["BO", "WS", "LF"]
    assert parse_leads("gemeente /WS", abbreviations, "BO") == (["BO", "WS"], [])
    assert parse_leads("LF,WS gemeente", abbreviations, "BO") == (["LF", "WS", "BO"], [])
    assert parse_leads("gemeente allen", abbreviations, "BO") == (["BO", "WS", "LF"], [])
    assert parse_leads("WS zorgpartij", abbreviations, "BO") == (["WS"], ["zorgpartij"])
    assert parse_period("2023 2021-2024") == (2021, 2024)
    assert parse_period("2021/2023") == (2021, 2023)
    assert parse_period("2020- 2023") == (2020, 2023)
    assert parse_period("doorlopend") == (None, None)


def test_a_text_that_is_not_an_agreement_is_refused():
    with pytest.raises(NotAnAgreement):
        parse("Notulen van de vergadering\nAanwezig: iedereen\n")
    with pytest.raises(NotAnAgreement):
        parse("Prestatieafspraken\nHier staan geen tabellen met afspraken in.\n")
