"""Numbers and texts people enter stay within a plausible range, on every path in.

Counts are not negative and have a sane maximum; shares lie between 0 and 100; texts have the
same limits in the API as on the pages; and an integer too large for its database column never
reaches the database (PostgreSQL would answer with an error, a 500; SQLite would store it).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import AreaFactory, IndicatorFactory
from woonmonitor.agreements import bounds, services
from woonmonitor.agreements.models import RealisedFigure
from woonmonitor.agreements.tests.conftest import make_agreement
from woonmonitor.monitor.catalogue import CatalogueError, read_catalogue
from woonmonitor.monitor.models import IndicatorValue, Unit
from woonmonitor.monitor.party_services import submit_upload
from woonmonitor.monitor.plausibility import implausible, plausible_range

pytestmark = pytest.mark.django_db
HUGE = 10**12  # beyond a 32-bit integer column and beyond any count of homes
TOO_LONG = "x" * (bounds.MAX_REPORT_TEXT + 1)


# ----------------------------------------------------------------------------- monitor


@pytest.mark.parametrize(
    ("unit", "value", "ok"),
    [
        (Unit.COUNT, 0, True),
        (Unit.COUNT, -40, False),
        (Unit.COUNT, 2_000_000_000, False),
        (Unit.PERCENT, 99.5, True),
        (Unit.PERCENT, 450, False),
        (Unit.CLASS, 6, False),
        (Unit.PERSONS, 2.2, True),
    ],
)
def test_a_value_fits_its_unit(unit, value, ok):
    assert (implausible(value, *plausible_range(unit)) is None) == ok


def test_an_indicator_can_name_its_own_range():
    catalogue = read_catalogue()
    saldo = catalogue.by_key()["saldo-voorraad"]
    assert (saldo.plausible_min, saldo.plausible_max) == (-1_000_000, 1_000_000)
    assert implausible(-250, *plausible_range(saldo.unit, -1_000_000, 1_000_000)) is None


def test_a_range_in_the_catalogue_is_checked(tmp_path):
    text = read_catalogue_text().replace("range = [-1_000_000, 1_000_000]", "range = [5, 1]", 1)
    path = tmp_path / "indicators.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match="veld 'range' moet"):
        read_catalogue(path)


def read_catalogue_text() -> str:
    from woonmonitor.monitor.catalogue import DEFAULT_PATH

    return DEFAULT_PATH.read_text(encoding="utf-8")


@pytest.fixture
def entering(organisations):
    AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2024)
    IndicatorFactory(key="sociale-huurwoningen", unit=Unit.COUNT)
    IndicatorFactory(key="zonnepanelen", unit=Unit.PERCENT, decimals=1)
    return organisations["municipality"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("sociale-huurwoningen", "-40", "-40 ligt niet tussen 0 en 20.000.000"),
        ("sociale-huurwoningen", "2000000000", "ligt niet tussen 0 en 20.000.000"),
        ("zonnepanelen", "450", "450 ligt niet tussen 0 en 100"),
    ],
)
def test_an_implausible_entered_value_stores_nothing(entering, cast, key, value, message):
    data = f"gebiedscode;indicator;periode;waarde\nGM1681;{key};2024;{value}\n".encode()
    report = submit_upload(
        organisation=entering,
        user=cast["municipality_editor"],
        name="cijfers.csv",
        data=data,
        today=date(2025, 1, 1),
    )
    assert not report.ok
    assert any(message in str(error) for error in report.errors), report.errors
    assert not IndicatorValue.objects.exists()


# ----------------------------------------------------------------------------- agreements


@pytest.fixture
def published(organisations):
    return make_agreement(organisations)


@pytest.mark.parametrize(
    ("field", "value"),
    [("value", HUGE), ("value", -1), ("year", 99_999), ("year", 1899), ("note", "x" * 2001)],
)
def test_api_refuses_a_realised_figure_out_of_range(client_for, published, field, value):
    payload = {"party": "LF", "measure": "new_build", "year": 2024, "value": 5, field: value}
    url = f"/api/v1/agreements/{published['agreement'].pk}/realised/"
    response = client_for("association_editor").post(url, payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not RealisedFigure.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("value", HUGE), ("year", 99_999)])
def test_the_page_refuses_the_same(client_for, published, field, value):
    data = {"party": published["parties"]["LF"].pk, "measure": "new_build", "year": 2024}
    data.update({"value": 5, field: value})
    url = reverse("agreements:realised", args=[published["agreement"].pk])
    response = client_for("association_editor").post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not RealisedFigure.objects.exists()


def test_texts_have_the_page_limits_in_the_api(client_for, published):
    agreement, commitment = published["agreement"], published["lefier_commitment"]
    base = f"/api/v1/agreements/{agreement.pk}/commitments/{commitment.pk}/"
    report = {"party": "LF", "year": 2024, "status": "on_track", "text": TOO_LONG}
    response = client_for("association_editor").post(
        base + "progress/", report, content_type="application/json"
    )
    assert response.status_code == 400 and "text" in response.json()
    comment = {"party": "HU", "kind": "advice", "text": "x" * (bounds.MAX_COMMENT_TEXT + 1)}
    response = client_for("tenants_member").post(
        base + "comments/", comment, content_type="application/json"
    )
    assert response.status_code == 400 and "text" in response.json()


def test_the_services_refuse_what_slips_past_a_form(published, cast):
    with pytest.raises(services.AgreementError, match="tussen 0 en 1.000.000"):
        services.record_realised(
            agreement=published["agreement"],
            party=published["parties"]["LF"],
            user=cast["association_editor"],
            measure="new_build",
            year=2024,
            value=HUGE,
        )
    with pytest.raises(services.AgreementError, match="hoogstens 5000"):
        services.report_progress(
            commitment=published["lefier_commitment"],
            party=published["parties"]["LF"],
            user=cast["association_editor"],
            year=2024,
            status="on_track",
            text=TOO_LONG,
        )


def test_a_draft_table_refuses_a_huge_cell_and_changes_nothing(client_for, organisations):
    draft = make_agreement(organisations, status="draft")
    table = draft["table"]
    url = reverse("agreements:edit-table", args=[draft["agreement"].pk, table.key])
    client = client_for("association_editor")
    form = client.get(url).context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    first, second = table.cells.order_by("col")
    data[f"value_{first.pk}"] = "31"
    data[f"value_{second.pk}"] = str(HUGE)
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"value_{second.pk}"]
    first.refresh_from_db()
    assert first.value == 30  # all or nothing: the good cell is not saved either


def test_update_cells_is_all_or_nothing(organisations, cast):
    draft = make_agreement(organisations, status="draft")
    first, second = draft["table"].cells.order_by("col")
    with pytest.raises(services.AgreementError):
        services.update_cells(
            agreement=draft["agreement"],
            user=cast["association_editor"],
            changes=[
                services.CellChange(first, 31, None),
                services.CellChange(second, HUGE, None),
            ],
        )
    first.refresh_from_db()
    assert first.value == 30


def test_a_commitment_year_that_overflows_is_refused(client_for, organisations):
    draft = make_agreement(organisations, status="draft")
    commitment = draft["lefier_commitment"]
    url = reverse("agreements:edit-commitment", args=[draft["agreement"].pk, commitment.pk])
    client = client_for("association_editor")
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["leads"] = [draft["parties"]["LF"].pk]
    data["period_start"] = "40000"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["period_start"]


# ----------------------------------------------------------------------------- query parameters


@pytest.mark.parametrize(
    "url",
    [
        "/gebieden/GM1681/?jaar=99999999999",
        "/monitor/kaart/?indicator=inwoners&jaar=99999999999&niveau=gemeente",
        "/monitor/gebied/GM1681/?jaar=99999999999",
        "/monitor/vergelijk/?gebied=GM1681&jaar=99999999999",
        "/api/v1/areas/?vintage=99999999999",
        "/api/v1/areas/GM1681/?vintage=99999999999",
        "/api/v1/areas/GM1681/profile/?period=99999999999",
        "/api/v1/indicators/inwoners/values/?level=gemeente&period=99999999999",
        "/api/v1/agreements/99999999999999999999/",
        "/prestatieafspraken/99999999999999999999/",
        "/prestatieafspraken/1/voortgangsrapportage.xlsx?jaar=99999999999",
        "/importhistorie/99999999999999999999/",
    ],
)
def test_huge_numbers_in_a_query_never_give_a_500(client_for, organisations, url):
    AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2024)
    IndicatorFactory(key="inwoners")
    make_agreement(organisations)
    response = client_for("province_reader").get(url)
    assert response.status_code < 500, (url, response.status_code)
