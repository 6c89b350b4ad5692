"""The progress report lists what needs attention first: expired, then behind, then at risk.

And its sources are readable: the document by title, never the seed's file name or a
working note.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest
from tests.factories import TargetFactory

from woonmonitor.agreements import services
from woonmonitor.housing.models import RentThresholds
from woonmonitor.reports import progress, progress_excel

pytestmark = pytest.mark.django_db

WORKING_NOTE = "aftoppingsgrenzen niet tegen een primaire bron gecontroleerd (werkaantekening)"


@pytest.fixture
def mixed(published, cast):
    """Targets in every state on 1 January 2025, in the document order achieved..expired."""
    data = published
    commitment = data["lefier_commitment"]
    lefier = data["parties"]["LF"]
    # 40 new homes by 2027 with 5 realised in 2023: behind the pro-rata 8 (the fixture target),
    # and below the 30 planned for 2023
    services.record_realised(
        agreement=data["agreement"],
        party=lefier,
        user=cast["association_editor"],
        measure="new_build",
        year=2023,
        value=5,
    )
    services.record_realised(
        agreement=data["agreement"],
        party=lefier,
        user=cast["association_editor"],
        measure="new_pitches",
        year=2024,
        value=3,
    )
    TargetFactory(
        commitment=commitment,
        description="Standplaatsen (behaald)",
        measure="new_pitches",
        value=2,
        deadline=date(2027, 12, 31),
    )
    TargetFactory(
        commitment=commitment,
        description="Aandeel tot de 2e aftoppingsgrens (verlopen)",
        kind="share",
        measure="stock_below_capping_high",
        denominator="social_stock",
        value=90,
        unit="%",
        deadline=date(2024, 12, 31),
    )
    data["agreement"].source_name = "001_38dedbc85e70cbb7.txt"
    data["agreement"].date_text = "December 2022"
    data["agreement"].save()
    RentThresholds.objects.create(
        year=2023,
        quality_discount_limit="452.20",
        capping_limit_low="647.19",
        capping_limit_high="693.60",
        liberalisation_limit="808.06",
        verification=RentThresholds.Verification.PARTLY_VERIFIED,
        source=WORKING_NOTE,
    )
    return data


ON = date(2025, 1, 1)


def test_evaluation_rows_put_expired_then_behind_first(mixed):
    data = progress.progress_data(mixed["agreement"], year=2023, on=ON)
    statuses = [row["status"] for row in progress.evaluation_rows(data.overview)]
    assert statuses == ["expired", "behind", "achieved"]


def test_attention_lists_expired_before_behind_before_risk(mixed):
    data = progress.progress_data(mixed["agreement"], year=2023, on=ON)
    groups = [item.attention for item in data.overview.attention]
    assert groups == sorted(groups, key=["verlopen", "achter", "risico"].index)
    assert groups[0] == "verlopen" and "achter" in groups
    headings = [item.heading for item in data.overview.attention]
    assert "Afspraak A3" in headings  # term ran to 2024, no report
    assert any(item.status == "lager dan gepland" for item in data.overview.attention)


def test_excel_has_the_attention_sheet_first_in_order(mixed):
    book = openpyxl.load_workbook(
        io.BytesIO(progress_excel.progress_xlsx(mixed["agreement"], year=2023, on=ON))
    )
    assert book.sheetnames[1] == "Aandacht"
    rows = [row for row in book["Aandacht"].iter_rows(min_row=2, values_only=True) if any(row)]
    groups = [row[0] for row in rows]
    assert groups[0] == "verlopen"
    assert groups == sorted(groups, key=["verlopen", "achter", "risico"].index)
    readme = {row[0]: row[1] for row in book["Leesmij"].iter_rows(values_only=True) if row[0]}
    assert "Prestatieafspraken 2023" in readme["Brondocument"]
    assert "Bronbestand" not in readme
    assert WORKING_NOTE not in str(readme)
    assert "huurprijsgrenzen per 1 januari 2023" in readme["Huurprijsgrenzen 2023"]
    assert "verstreken" in readme["Looptijd"]
    texts = [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell
    ]
    assert not any("001_38dedbc85e70cbb7.txt" in text for text in texts)


def test_pdf_lists_attention_first_with_readable_sources(mixed, tmp_path):
    pdf = progress.progress_pdf(mixed["agreement"], year=2023, on=ON)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    summary = text.index("Samenvatting")
    attention = text.index("Wat vraagt aandacht", summary)
    assert attention < text.index("Afspraken per status", summary)
    assert text.index("verlopen zonder gegevens", attention) < text.index("lager dan gepland")
    assert "De looptijd van deze prestatieafspraken is verstreken op 31-12-2023." in text
    assert "001_38dedbc85e70cbb7.txt" not in text
    assert WORKING_NOTE not in text
    assert "huurprijsgrenzen per 1 januari 2023" in text
    assert "Norm: afspraak A1 in Prestatieafspraken 2023 (december 2022)." in text


@pytest.mark.parametrize(
    ("year", "today", "expected"),
    [
        (2023, date(2023, 6, 1), date(2023, 6, 1)),  # the year runs: today
        (2023, date(2023, 12, 31), date(2023, 12, 31)),  # the last day of the period
        (2023, date(2024, 1, 1), date(2024, 1, 1)),  # ended: the final report judges today
        (2023, date(2026, 12, 4), date(2026, 12, 4)),
        (2022, date(2026, 12, 4), date(2022, 12, 31)),  # an earlier year: its end
    ],
)
def test_evaluation_date_of_an_ended_agreement(year, today, expected):
    assert progress.evaluation_date(year, today=today, period_end=date(2023, 12, 31)) == expected
