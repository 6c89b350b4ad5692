"""The Excel round trip: export, read back, apply; lossless, and all or nothing on errors."""

from __future__ import annotations

import io
import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import load_workbook
from tests.factories import AgreementFactory, CommitmentFactory, ThemeFactory

from woonmonitor.agreements import services, workbook
from woonmonitor.agreements.models import Commitment, NumberCell

SEED_002 = settings.WOONMONITOR_SEEDS_DIR / "002_8c2198bb28f9bb11.txt"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("werkmap-bewerker", is_staff=True)


@pytest.fixture
def hoogeveen(db):
    if not SEED_002.is_file():
        pytest.skip("seed 002 not available")
    call_command("load_organisations", verbosity=0)
    return services.import_agreement_file(path=SEED_002)


def cell_values(data: bytes) -> dict[str, list[list]]:
    """Every cell value of every sheet, without the export timestamp."""
    wb = load_workbook(io.BytesIO(data))
    result = {}
    for ws in wb:
        rows = [[cell.value for cell in row] for row in ws.iter_rows()]
        if ws.title == workbook.README_SHEET:
            row, col = 6 - 1, 2 - 1  # EXPORTED_AT_CELL = B6
            assert rows[row][0] == "Geëxporteerd op"
            rows[row][col] = None
        result[ws.title] = rows
    return result


def history_count(agreement) -> int:
    commitments = Commitment.history.filter(agreement_id=agreement.pk).count()
    cells = NumberCell.history.filter(table_id__in=agreement.tables.values("pk")).count()
    return commitments + cells


def edited(data: bytes, edit) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    edit(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_of(ws, pk: int) -> int:
    for row in range(workbook.FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == pk:
            return row
    raise AssertionError(f"id {pk} not in {ws.title}")


def column_of(ws, header: str) -> int:
    for col in range(1, ws.max_column + 1):
        if ws.cell(row=workbook.HEADER_ROW, column=col).value == header:
            return col
    raise AssertionError(f"{header} not in {ws.title}")


def sheet_for(agreement, obj) -> str:
    return next(name for name, _kind, o in workbook.sheet_plan(agreement) if o == obj)


def snapshot(agreement) -> list:
    commitments = [
        (
            c.pk,
            *[getattr(c, f) for f in services.EDITABLE_COMMITMENT_FIELDS],
            sorted(c.leads.values_list("pk", flat=True)),
        )
        for c in agreement.commitments.order_by("pk")
    ]
    cells = list(
        NumberCell.objects.filter(table__agreement=agreement)
        .order_by("pk")
        .values_list("pk", "raw", "value", "year")
    )
    return [commitments, cells]


# ----------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("source", ["draft", "hoogeveen"])
def test_round_trip_without_edits_changes_nothing(source, request, editor):
    fixture = request.getfixturevalue(source)
    agreement = fixture["agreement"] if isinstance(fixture, dict) else fixture
    before, history = snapshot(agreement), history_count(agreement)
    data = workbook.export_workbook(agreement)

    changes = workbook.read_workbook(agreement, data)
    assert changes.errors == []
    assert not changes
    assert workbook.apply_workbook(agreement, changes, editor) == (0, 0)

    assert snapshot(agreement) == before
    assert history_count(agreement) == history
    assert cell_values(workbook.export_workbook(agreement)) == cell_values(data)


def test_workbook_layout(hoogeveen):
    data = workbook.export_workbook(hoogeveen)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:2] == ["Leesmij", "Partijen"]
    assert wb.sheetnames[2:8] == [
        "1 Bouwopgave",
        "2 Betaalbaar wonen",
        "3 Duurzaamheid",
        "4 Wonen met zorg",
        "5 Aandachtsgroepen",
        "6 Leefbaarheid",
    ]
    assert len(wb.sheetnames) == 10
    theme = wb["1 Bouwopgave"]
    assert [c.value for c in theme[workbook.HEADER_ROW]] == [
        h for h, *_ in workbook.COMMITMENT_COLUMNS
    ]
    assert theme.column_dimensions["A"].hidden is True
    assert theme.freeze_panes == "C3"
    first = theme[workbook.FIRST_DATA_ROW]
    assert first[1].value == "1"
    assert first[8].value == "Actium, Domesta, Woonconcept, Woonservice"
    stock = wb[sheet_for(hoogeveen, hoogeveen.tables.get(kind="stock"))]
    domesta = next(r for r in stock.iter_rows(min_row=3, values_only=True) if r[2] == "Domesta")
    assert domesta[3:5] == ("3.008", 3008)
    assert isinstance(domesta[4], int)
    readme = wb["Leesmij"]
    assert readme["B2"].value == hoogeveen.title
    assert readme["B4"].value == 2023


def test_sheet_names_are_valid_unique_and_short(db):
    agreement = AgreementFactory(draft=True)
    long_title = "Voldoende geschikte: betaalbare [woningen] / voor iedereen?*"
    ThemeFactory(agreement=agreement, code="A", title=long_title)
    ThemeFactory(agreement=agreement, code="A1", title="x")
    ThemeFactory(agreement=agreement, code="B", title=long_title)
    names = [name for name, *_ in workbook.sheet_plan(agreement)]
    assert len(names) == len({n.lower() for n in names})
    for name in names:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
    data = workbook.export_workbook(agreement)
    assert load_workbook(io.BytesIO(data)).sheetnames == names


def test_formula_like_text_stays_text(draft, editor):
    agreement = draft["agreement"]
    commitment = draft["lefier_commitment"]
    services.update_commitment(
        commitment=commitment, user=editor, content="=SOM(A1:A3) is geen formule"
    )
    data = workbook.export_workbook(agreement)
    changes = workbook.read_workbook(agreement, data)
    assert changes.errors == []
    assert not changes


def test_edit_commitment_and_cell_round_trip(hoogeveen, editor):
    agreement = hoogeveen
    commitment = agreement.commitments.get(number="7")
    cell = NumberCell.objects.get(
        table__agreement=agreement, measure="new_build", party__abbreviation="Domesta"
    )
    data = workbook.export_workbook(agreement)
    theme_sheet = sheet_for(agreement, commitment.theme)
    table_sheet = sheet_for(agreement, cell.table)
    new_text = commitment.content + "\nAangevuld in Excel."

    def edit(wb):
        ws = wb[theme_sheet]
        ws.cell(row=row_of(ws, commitment.pk), column=column_of(ws, "inhoud"), value=new_text)
        ws.cell(
            row=row_of(ws, commitment.pk),
            column=column_of(ws, "trekkers"),
            value="Domesta, Woonconcept",
        )
        ws = wb[table_sheet]
        ws.cell(row=row_of(ws, cell.pk), column=column_of(ws, "waarde"), value=360)

    changed = edited(data, edit)
    changes = workbook.read_workbook(agreement, changed)
    assert changes.errors == []
    assert [c.commitment.pk for c in changes.commitments] == [commitment.pk]
    assert changes.commitments[0].fields == {"content": new_text}
    assert [(c.cell.pk, c.value) for c in changes.cells] == [(cell.pk, 360)]
    assert workbook.apply_workbook(agreement, changes, editor) == (1, 1)

    commitment.refresh_from_db()
    cell.refresh_from_db()
    assert commitment.content == new_text
    assert sorted(commitment.leads.values_list("abbreviation", flat=True)) == [
        "Domesta",
        "Woonconcept",
    ]
    assert (cell.raw, cell.value) == ("350", 360)
    latest = commitment.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == editor and latest.content == new_text
    cell_history = cell.history.order_by("-history_date", "-history_id")
    assert cell_history[0].value == 360 and cell_history[0].history_user == editor

    # Export again: exactly the edited values differ from the first export.
    before, after = cell_values(data), cell_values(workbook.export_workbook(agreement))
    differences = [
        (sheet, r, c, before[sheet][r][c], after[sheet][r][c])
        for sheet in before
        for r in range(len(before[sheet]))
        for c in range(len(before[sheet][r]))
        if before[sheet][r][c] != after[sheet][r][c]
    ]
    assert sorted(differences, key=str) == sorted(
        [
            (
                theme_sheet,
                row_of_values(before, theme_sheet, commitment.pk),
                3,
                commitment.content.removesuffix("\nAangevuld in Excel."),
                new_text,
            ),
            (
                theme_sheet,
                row_of_values(before, theme_sheet, commitment.pk),
                8,
                "Actium, Domesta, Woonconcept, Woonservice",
                "Domesta, Woonconcept",
            ),
            (table_sheet, row_of_values(before, table_sheet, cell.pk), 4, 350, 360),
        ],
        key=str,
    )
    # And reading the new export back finds nothing to change.
    assert not workbook.read_workbook(agreement, workbook.export_workbook(agreement))


def row_of_values(values: dict, sheet: str, pk: int) -> int:
    return next(i for i, row in enumerate(values[sheet]) if row and row[0] == pk)


def test_years_and_empty_values(draft, editor):
    agreement = draft["agreement"]
    commitment = draft["municipality_commitment"]
    cell = draft["table"].cells.get(col=1)
    data = workbook.export_workbook(agreement)
    sheet = sheet_for(agreement, commitment.theme)
    table_sheet = sheet_for(agreement, cell.table)

    def edit(wb):
        ws = wb[sheet]
        row = row_of(ws, commitment.pk)
        ws.cell(row=row, column=column_of(ws, "vanaf"), value="2022")
        ws.cell(row=row, column=column_of(ws, "tot en met"), value=2026.0)
        ws = wb[table_sheet]
        ws.cell(row=row_of(ws, cell.pk), column=column_of(ws, "waarde")).value = None

    changes = workbook.read_workbook(agreement, edited(data, edit))
    assert changes.errors == []
    workbook.apply_workbook(agreement, changes, editor)
    commitment.refresh_from_db()
    cell.refresh_from_db()
    assert (commitment.period_start, commitment.period_end) == (2022, 2026)
    assert cell.value is None and cell.raw == "20"


# ----------------------------------------------------------------------------- broken workbooks


def _assert_nothing_changed(agreement, before, history):
    assert snapshot(agreement) == before
    assert history_count(agreement) == history


def test_random_bytes_are_not_a_workbook(draft):
    agreement = draft["agreement"]
    changes = workbook.read_workbook(agreement, os.urandom(2048))
    assert len(changes.errors) == 1
    assert "geen Excel-werkmap" in changes.errors[0].message
    assert not changes


def test_broken_workbooks_give_row_errors_and_change_nothing(hoogeveen, editor):
    agreement = hoogeveen
    before, history = snapshot(agreement), history_count(agreement)
    data = workbook.export_workbook(agreement)
    commitment = agreement.commitments.get(number="2")
    theme_sheet = sheet_for(agreement, commitment.theme)
    table = agreement.tables.get(kind="production")
    table_sheet = sheet_for(agreement, table)
    cell = table.cells.get(measure="new_build", party__abbreviation="Actium")

    # a sheet removed
    changes = workbook.read_workbook(agreement, edited(data, lambda wb: wb.remove(wb[table_sheet])))
    assert [(e.sheet, e.row) for e in changes.errors] == [(table_sheet, None)]
    assert "ontbreekt" in changes.errors[0].message

    # a header renamed
    def rename(wb):
        wb[theme_sheet].cell(
            row=2, column=column_of(wb[theme_sheet], "resultaat"), value="Resultaat!"
        )

    changes = workbook.read_workbook(agreement, edited(data, rename))
    assert [(e.sheet, e.row, e.column) for e in changes.errors] == [(theme_sheet, 2, "resultaat")]

    # a non-number value, a bad year and an unknown party, next to a valid edit
    def bad_values(wb):
        ws = wb[table_sheet]
        ws.cell(row=row_of(ws, cell.pk), column=column_of(ws, "waarde"), value="twintig")
        ws = wb[theme_sheet]
        row = row_of(ws, commitment.pk)
        ws.cell(row=row, column=column_of(ws, "inhoud"), value="Nieuwe tekst")
        ws.cell(row=row, column=column_of(ws, "vanaf"), value="2023,5")
        ws.cell(row=row, column=column_of(ws, "trekkers"), value="Domesta, XYZ")

    changes = workbook.read_workbook(agreement, edited(data, bad_values))
    located = {(e.sheet, e.column): e for e in changes.errors}
    assert set(located) == {
        (table_sheet, "waarde"),
        (theme_sheet, "vanaf"),
        (theme_sheet, "trekkers"),
    }
    assert located[(table_sheet, "waarde")].row == row_of(
        load_workbook(io.BytesIO(data))[table_sheet], cell.pk
    )
    assert "geen geheel getal" in located[(table_sheet, "waarde")].message
    assert "XYZ" in located[(theme_sheet, "trekkers")].message
    assert not changes  # the valid edit is not applied either
    with pytest.raises(services.AgreementError):
        workbook.apply_workbook(agreement, changes, editor)

    # a read-only column changed
    def raw_changed(wb):
        ws = wb[table_sheet]
        ws.cell(row=row_of(ws, cell.pk), column=column_of(ws, "zoals in het document"), value="21")

    changes = workbook.read_workbook(agreement, edited(data, raw_changed))
    assert [(e.sheet, e.column) for e in changes.errors] == [(table_sheet, "zoals in het document")]

    # an extra sheet
    changes = workbook.read_workbook(agreement, edited(data, lambda wb: wb.create_sheet("Blad1")))
    assert [e.sheet for e in changes.errors] == ["Blad1"]

    _assert_nothing_changed(agreement, before, history)


def test_ids_of_another_agreement_or_theme_are_refused(hoogeveen, draft, editor):
    agreement = hoogeveen
    before, history = snapshot(agreement), history_count(agreement)
    data = workbook.export_workbook(agreement)
    first, second = agreement.commitments.get(number="1"), agreement.commitments.get(number="7")
    foreign = draft["lefier_commitment"]
    sheet = sheet_for(agreement, first.theme)

    def foreign_id(wb):
        ws = wb[sheet]
        ws.cell(row=row_of(ws, first.pk), column=1, value=foreign.pk)

    changes = workbook.read_workbook(agreement, edited(data, foreign_id))
    messages = {(e.sheet, e.row, e.column): e.message for e in changes.errors}
    row = row_of(load_workbook(io.BytesIO(data))[sheet], first.pk)
    assert (
        f"Id {foreign.pk} is geen afspraak van deze prestatieafspraken"
        in messages[(sheet, row, "id")]
    )
    assert "ontbreekt" in messages[(sheet, None, "id")]  # the replaced row is missing

    def moved(wb):
        ws = wb[sheet]
        ws.cell(row=row_of(ws, first.pk), column=1, value=second.pk)

    changes = workbook.read_workbook(agreement, edited(data, moved))
    assert any("hoort bij thema 2" in e.message for e in changes.errors)

    # a workbook of another agreement
    other = workbook.export_workbook(draft["agreement"])
    changes = workbook.read_workbook(agreement, other)
    assert any(
        (e.sheet, e.row) == ("Leesmij", 7) and "andere prestatieafspraken" in e.message
        for e in changes.errors
    )
    _assert_nothing_changed(agreement, before, history)


def test_apply_refuses_published_agreements(published, editor):
    agreement = published["agreement"]
    changes = workbook.read_workbook(agreement, workbook.export_workbook(agreement))
    assert changes.errors == []
    with pytest.raises(services.AgreementError, match="gepubliceerd"):
        workbook.apply_workbook(agreement, changes, editor)


def test_new_rows_and_deleted_rows_are_refused(draft):
    agreement = draft["agreement"]
    CommitmentFactory(agreement=agreement, theme=draft["theme"], number="A9")
    data = workbook.export_workbook(agreement)
    sheet = sheet_for(agreement, draft["theme"])

    def add_and_delete(wb):
        ws = wb[sheet]
        ws.delete_rows(row_of(ws, draft["lefier_commitment"].pk))
        ws.cell(row=ws.max_row + 1, column=2, value="A10")

    changes = workbook.read_workbook(agreement, edited(data, add_and_delete))
    messages = [e.message for e in changes.errors]
    assert any("rijen toevoegen" in m for m in messages)
    assert any("rijen verwijderen" in m for m in messages)


def test_a_workbook_of_an_older_version_is_refused(draft, editor):
    """Read against today's draft, it would silently undo what another party changed since."""
    agreement = draft["agreement"]
    cell = draft["table"].cells.get(col=1)
    data = workbook.export_workbook(agreement)
    services.update_cell(cell=cell, user=editor, value=21)  # someone else, after the download
    agreement.refresh_from_db()
    changes = workbook.read_workbook(agreement, data)
    assert [error.message for error in changes.errors] == [
        "Het concept is gewijzigd nadat u deze werkmap downloadde (versie 1, nu 2). Download de "
        "werkmap opnieuw en breng uw wijzigingen daarin aan; er is niets gewijzigd."
    ]
    assert not changes
    cell.refresh_from_db()
    assert cell.value == 21


def test_a_huge_number_in_the_workbook_is_a_row_error(draft):
    agreement = draft["agreement"]
    cell = draft["table"].cells.get(col=1)
    table_sheet = sheet_for(agreement, cell.table)

    def edit(wb):
        ws = wb[table_sheet]
        ws.cell(row=row_of(ws, cell.pk), column=column_of(ws, "waarde")).value = 10**12

    changes = workbook.read_workbook(agreement, edited(workbook.export_workbook(agreement), edit))
    assert [error.message for error in changes.errors] == [
        "1000000000000 ligt niet tussen -1.000.000 en 1.000.000"
    ]
