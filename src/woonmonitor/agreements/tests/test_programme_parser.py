"""The programme parser ("Instrument / Actie" table) on the real seed 000 and on edge cases.

Pure: no database. The seed is the Uitvoeringsprogramma Wonen of the Drentse Woonagenda
(provincie Drenthe, December 2020).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from woonmonitor.agreements.importing import kind_of, parse_document
from woonmonitor.agreements.models import AgreementKind
from woonmonitor.agreements.parsing import NotAnAgreement
from woonmonitor.agreements.parsing.programme import (
    FORMAT,
    join_broken_words,
    looks_like_programme,
    matches_instrument,
    parse_programme,
)

SEED = Path(__file__).resolve().parents[5] / "shared" / "seeds" / "000_e1cad4dc2678b261.txt"

INSTRUMENTS = [
    "Samenwerking",
    "Transformatiefaciliteit",
    "Impulsteam",
    "Wonen en zorg",
    "Langer thuiswonen",
    "Lobby",
    "Onderzoek en monitoring",
]
ACTIONS_PER_INSTRUMENT = [2, 6, 6, 2, 3, 6, 1]


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed {SEED} is not beside the checkout")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text):
    return parse_programme(seed_text)


FRONT = """December 2020

Colofon

Dit is een uitgave van de provincie Testland

Uitvoeringsprogramma Wonen

Inleiding

Een korte inleiding.

Acties

"""


def programme(table: str, after: str = "") -> str:
    return FRONT + "Instrument\tActie\n" + table + "\n\n" + after


# ----------------------------------------------------------------------------- the real seed


def test_seed_has_seven_instruments_in_table_order(seed):
    assert [theme.title for theme in seed.themes] == INSTRUMENTS
    assert [theme.code for theme in seed.themes] == ["1", "2", "3", "4", "5", "6", "7"]


def test_seed_has_26_actions_numbered_per_instrument(seed):
    # the table in the seed has 26 action rows (2 + 6 + 6 + 2 + 3 + 6 + 1)
    assert len(seed.commitments) == 26
    per_theme = [sum(1 for c in seed.commitments if c.theme == theme.code) for theme in seed.themes]
    assert per_theme == ACTIONS_PER_INSTRUMENT
    assert [c.number for c in seed.commitments[:3]] == ["1.1", "1.2", "2.1"]
    assert seed.commitments[-1].number == "7.1"


def test_seed_first_and_last_action_exactly(seed):
    assert seed.commitments[0].content == (
        "Verbinden markt en overheid door deelname aan de Drentse bouwsociëteit en het "
        "organiseren van ontmoetingsmomenten en kennisuitwisseling"
    )
    assert seed.commitments[-1].content == "Ontwikkeling wijk- en dorpsmonitor"
    assert seed.commitments[14].number == "4.1"
    assert seed.commitments[14].content == "Onderzoek naar woon-zorg behoefte"


def test_seed_the_province_is_the_only_party_and_leads_every_action(seed):
    assert [(p.abbreviation, p.name, p.kind) for p in seed.parties] == [
        ("PD", "provincie Drenthe", "province")
    ]
    assert seed.municipality == "provincie Drenthe"
    assert all(c.leads == ["PD"] for c in seed.commitments)
    # the document names no lead per action: that is inferred, and said so
    lead_flags = [f for f in seed.flags if f.field == "leads"]
    assert [f.kind for f in lead_flags] == ["inferred"]
    assert all(c.lead_text == "" and c.period == "" for c in seed.commitments)


def test_seed_period_is_inferred_from_the_dating(seed):
    assert seed.title == "Uitvoeringsprogramma Wonen, Drentse Woonagenda"
    assert seed.date_text == "December 2020"
    assert (seed.period_start, seed.period_end) == ("2021-01-01", "2021-12-31")
    period_flags = {f.field: f for f in seed.flags if f.field.startswith("period")}
    assert set(period_flags) == {"period_start", "period_end"}
    assert all(f.kind == "inferred" and "geen looptijd" in f.note for f in period_flags.values())


def test_seed_sections_describe_their_instruments(seed):
    themes = {theme.title: theme for theme in seed.themes}
    assert themes["Impulsteam"].vision.startswith(
        "Er is in Drenthe brede interesse voor een provinciaal impulsteam wonen."
    )
    assert themes["Impulsteam"].sections[0].title == "Impulsteam wonen"
    assert "kwartiermaker" in themes["Impulsteam"].sections[0].text
    assert themes["Onderzoek en monitoring"].vision.startswith("Een online Wijk- en Dorpenmonitor")
    assert themes["Samenwerking"].vision.endswith("gelijkwaardig aandacht te geven.")
    # "Financierings- instrument" matches no instrument: it stays text of the document
    assert themes["Transformatiefaciliteit"].vision == ""
    assert [s.title for s in seed.sections] == ["Inleiding", "Financieringsinstrument"]


def test_seed_every_line_is_placed_and_nothing_is_left_over(seed, seed_text):
    non_blank = {n for n, line in enumerate(seed_text.splitlines(), start=1) if line.strip()}
    assert non_blank - seed.covered_lines() == set()
    assert seed.not_understood == []
    assert seed.source_line_count == len(seed_text.splitlines())
    assert seed.format == FORMAT


def test_seed_is_read_as_a_programme_not_as_prestatieafspraken(seed_text):
    parsed = parse_document(seed_text)
    assert parsed.format == FORMAT
    assert kind_of(parsed) == AgreementKind.PROVINCIAL_PROGRAMME
    assert looks_like_programme(seed_text)


# ----------------------------------------------------------------------------- edge cases


def test_continuation_rows_and_blank_lines_inside_the_table():
    parsed = parse_programme(
        programme("Wonen\tEerste actie\n\tTweede actie\n\n\tDerde actie\nZorg\tVierde actie")
    )
    assert [(c.number, c.theme, c.content) for c in parsed.commitments] == [
        ("1.1", "1", "Eerste actie"),
        ("1.2", "1", "Tweede actie"),
        ("1.3", "1", "Derde actie"),
        ("2.1", "2", "Vierde actie"),
    ]
    assert [t.title for t in parsed.themes] == ["Wonen", "Zorg"]
    assert parsed.parties[0].name == "provincie Testland"


def test_the_table_ends_at_the_first_line_without_a_tab():
    text = programme(
        "Wonen\tEerste actie",
        after="Wonen\n\nWat is het?\n\nUitleg over wonen.\n\nVervolgstappen\n\nNog meer.\n",
    )
    parsed = parse_programme(text)
    assert len(parsed.commitments) == 1
    theme = parsed.themes[0]
    assert theme.vision == "Uitleg over wonen."
    assert theme.sections[0].text == "Vervolgstappen\n\nNog meer."
    non_blank = {n for n, line in enumerate(text.splitlines(), start=1) if line.strip()}
    assert non_blank - parsed.covered_lines() == set()


def test_a_continuation_row_before_any_instrument_is_not_understood():
    parsed = parse_programme(programme("\tWeesactie\nWonen\tEerste actie"))
    assert [c.content for c in parsed.commitments] == ["Eerste actie"]
    assert [(f.text, f.reason) for f in parsed.not_understood] == [
        ("Weesactie", "actie zonder instrument boven de eerste rij")
    ]


def test_an_instrument_row_without_action_takes_the_actions_below_it():
    parsed = parse_programme(programme("Wonen\t\n\tEerste actie\n\tTweede actie"))
    assert [(c.number, c.content) for c in parsed.commitments] == [
        ("1.1", "Eerste actie"),
        ("1.2", "Tweede actie"),
    ]


def test_a_row_with_more_than_two_cells_is_joined_and_flagged():
    parsed = parse_programme(programme("Wonen\tEerste\tactie"))
    commitment = parsed.commitments[0]
    assert commitment.content == "Eerste actie"
    assert [f.kind for f in commitment.flags] == ["unreadable"]


def test_an_absent_table_is_a_clear_dutch_error():
    with pytest.raises(NotAnAgreement, match="Geen actietabel gevonden.*'Instrument' en 'Actie'"):
        parse_programme(FRONT + "Wonen: eerste actie\n")


def test_a_table_without_actions_is_refused():
    with pytest.raises(NotAnAgreement, match="bevat geen acties"):
        parse_programme(FRONT + "Instrument\tActie\n\nTekst zonder tab.\n")


def test_a_programme_without_publisher_or_dating_is_refused():
    no_publisher = programme("Wonen\tActie").replace("Dit is een uitgave van", "Gemaakt door")
    with pytest.raises(NotAnAgreement, match="uitgever van het programma"):
        parse_programme(no_publisher)
    with pytest.raises(NotAnAgreement, match="datering"):
        parse_programme(programme("Wonen\tActie").replace("December 2020", "Ergens in 2020"))


def test_an_uitvoeringsprogramma_without_table_gets_the_programme_error_on_import():
    with pytest.raises(NotAnAgreement, match="Geen actietabel"):
        parse_document(FRONT + "Alleen tekst.\n")


def test_prestatieafspraken_still_go_to_their_own_parser():
    with pytest.raises(NotAnAgreement, match="prestatieafspraken"):
        parse_document("Boodschappenlijst\nmelk\nbrood\n")


def test_heading_helpers():
    assert join_broken_words("Financierings- instrument") == "Financieringsinstrument"
    assert join_broken_words("Acties uitvoerings- programma") == "Acties uitvoeringsprogramma"
    assert matches_instrument("Impulsteam wonen", "Impulsteam")
    assert matches_instrument("Monitoring", "Onderzoek en monitoring")
    assert matches_instrument("Bewustwording langer thuiswonen", "Langer thuiswonen")
    assert not matches_instrument("Onderzoek Wonen en zorg", "Onderzoek en monitoring")
    assert not matches_instrument("Financieringsinstrument", "Transformatiefaciliteit")
