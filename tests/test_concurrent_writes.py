"""Two people saving the same cell at the same moment: one wins, the other gets a clear refusal.

Each test lets two threads (two database connections, as two web workers have) pass every
check first and then write at the same moment (a barrier), on SQLite and on PostgreSQL. No one's
value may replace the other's unseen, nothing may end in a 500 (an IntegrityError or SQLite's
"database is locked"), and exactly one value stays current.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from tests.factories import AreaFactory, IndicatorFactory
from woonmonitor.agreements import services
from woonmonitor.agreements.models import RealisedFigure
from woonmonitor.agreements.tests.conftest import make_agreement
from woonmonitor.monitor import party_services
from woonmonitor.monitor.models import IndicatorValue

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 60


def run_together(*actions: Callable[[], object]) -> list[object]:
    """Run the actions in threads released at once; each returns its result or its exception."""
    results: list[object] = [None] * len(actions)

    def worker(index: int, action: Callable[[], object]) -> None:
        try:
            results[index] = action()
        except Exception as exc:  # noqa: BLE001 - the test looks at what came out
            results[index] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "a writer hangs"
    return results


def barrier_before(monkeypatch, module, name: str, parties: int = 2) -> None:
    """Make ``module.name`` wait until ``parties`` callers reached it: all checks are passed.

    The barrier stands before the write's transaction begins: inside it, SQLite would make the
    second writer wait for the lock of the first, which waits at the barrier.
    """
    barrier = threading.Barrier(parties, timeout=TIMEOUT)
    original = getattr(module, name)

    def waiting(*args, **kwargs):
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)


# ----------------------------------------------------------------------------- monitor input


@pytest.fixture
def shared_cell(organisations):
    AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2024)
    organisations["association"].working_area_codes = ["GM1681"]
    organisations["association"].save()
    return IndicatorFactory(key="sociale-huurwoningen", name="Sociale huurwoningen")


def upload(organisation, user, value: int):
    data = f"gebiedscode;indicator;periode;waarde\nGM1681;sociale-huurwoningen;2024;{value}\n"
    return party_services.submit_upload(
        organisation=organisation,
        user=user,
        name=f"{organisation.slug}.csv",
        data=data.encode(),
        today=date(2025, 6, 1),
    )


def test_two_parties_entering_the_same_cell(monkeypatch, organisations, cast, shared_cell):
    barrier_before(monkeypatch, party_services, "store_entered")
    municipality, association = run_together(
        lambda: upload(organisations["municipality"], cast["municipality_editor"], 111),
        lambda: upload(organisations["association"], cast["association_editor"], 222),
    )
    reports = [municipality, association]
    assert not any(isinstance(report, Exception) for report in reports), reports
    stored = [report for report in reports if report.ok]
    refused = [report for report in reports if not report.ok]
    assert len(stored) == 1 and len(refused) == 1
    assert refused[0].errors and all(str(error) for error in refused[0].errors)
    values = IndicatorValue.objects.filter(indicator=shared_cell)
    # the winner's value is there, current, and nothing replaced it
    (current,) = values.filter(is_current=True)
    assert current.value == (111 if municipality.ok else 222)
    assert values.count() == 1


# ----------------------------------------------------------------------------- realised figures


@pytest.fixture
def published(organisations, cast):
    return make_agreement(organisations)


def enter(published, user, value: int, seen_up_to=None):
    return services.record_realised(  # looked up at call time: the barrier may stand before it
        agreement=published["agreement"],
        party=published["parties"]["LF"],
        user=user,
        measure="new_build",
        year=2024,
        value=value,
        seen_up_to=seen_up_to,
    )


@pytest.fixture
def second_lefier_editor(organisations):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="tweede-corporatie-bewerker")
    MembershipFactory(user=user, organisation=organisations["association"], role="editor")
    return user


@pytest.mark.parametrize("seen", [None, 0])
def test_two_first_figures_for_one_cell(monkeypatch, published, cast, second_lefier_editor, seen):
    """With the page's 'seen' (0: nothing yet) or without (the API): one current figure."""
    barrier_before(monkeypatch, services, "record_realised")
    results = run_together(
        lambda: enter(published, cast["association_editor"], 10, seen),
        lambda: enter(published, second_lefier_editor, 20, seen),
    )
    for result in results:
        assert isinstance(result, RealisedFigure | services.ConflictError), result
    assert any(isinstance(result, RealisedFigure) for result in results)
    figures = RealisedFigure.objects.filter(agreement=published["agreement"])
    assert figures.current().count() == 1
    if seen is not None:  # the page said what it saw: the second one is refused
        assert sum(isinstance(result, services.ConflictError) for result in results) == 1


def test_two_corrections_of_one_figure(monkeypatch, published, cast, second_lefier_editor):
    first = enter(published, cast["association_editor"], 10)
    barrier_before(monkeypatch, services, "record_realised")
    results = run_together(
        lambda: enter(published, cast["association_editor"], 11, first.pk),
        lambda: enter(published, second_lefier_editor, 12, first.pk),
    )
    assert sorted(type(result).__name__ for result in results) == [
        "ConflictError",
        "RealisedFigure",
    ]
    (current,) = RealisedFigure.objects.current().filter(agreement=published["agreement"])
    winner = next(result for result in results if isinstance(result, RealisedFigure))
    assert current == winner and current.corrects == first


def test_the_api_answers_409_never_500(monkeypatch, published, cast, second_lefier_editor):
    barrier_before(monkeypatch, services, "record_realised")
    url = f"/api/v1/agreements/{published['agreement'].pk}/realised/"
    payload = {"party": "LF", "measure": "new_build", "year": 2024, "value": 5}

    def post(user):
        client = Client()
        client.force_login(user)
        return client.post(url, payload, content_type="application/json").status_code

    statuses = run_together(
        lambda: post(cast["association_editor"]), lambda: post(second_lefier_editor)
    )
    assert 201 in statuses
    assert set(statuses) <= {201, 409}, statuses
    assert RealisedFigure.objects.current().filter(agreement=published["agreement"]).count() == 1


# ----------------------------------------------------------------------------- draft edits


def test_two_editors_change_one_cell_of_a_draft(monkeypatch, organisations, cast):
    draft = make_agreement(organisations, status="draft")
    cell = draft["table"].cells.get(column="2024")
    barrier_before(monkeypatch, services, "update_cells")

    def change(user, value):
        change = services.CellChange(cell, value, None, seen=(cell.value, cell.year))
        return services.update_cells(agreement=draft["agreement"], user=user, changes=[change])

    results = run_together(
        lambda: change(cast["municipality_editor"], 21),
        lambda: change(cast["association_editor"], 22),
    )
    assert sorted(type(result).__name__ for result in results) == ["ConflictError", "int"]
    cell.refresh_from_db()
    winner = 21 if results[0] == 1 else 22
    assert cell.value == winner


def test_the_table_page_answers_409_with_the_typed_values(organisations, cast):
    draft = make_agreement(organisations, status="draft")
    table = draft["table"]
    cell = table.cells.get(column="2024")
    url = reverse("agreements:edit-table", args=[draft["agreement"].pk, table.key])
    client = Client()
    client.force_login(cast["association_editor"])
    form = client.get(url).context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    services.update_cell(cell=cell, user=cast["municipality_editor"], value=99)
    data[f"value_{cell.pk}"] = "25"
    response = client.post(url, data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Iemand anders heeft" in text and 'value="25"' in text
    cell.refresh_from_db()
    assert cell.value == 99
    # a second save is a conscious choice: now it replaces the new value
    again = {
        name: response.context["form"][name].value() for name in response.context["form"].fields
    }
    again = {name: "" if value is None else value for name, value in again.items()}
    assert client.post(url, again).status_code == 302
    cell.refresh_from_db()
    assert cell.value == 25


def test_two_parties_start_the_next_edition(monkeypatch, published, cast):
    barrier_before(monkeypatch, services, "new_edition")
    agreement = published["agreement"]
    results = run_together(
        lambda: services.new_edition(agreement=agreement, user=cast["municipality_editor"]),
        lambda: services.new_edition(agreement=agreement, user=cast["tenants_member"]),
    )
    # PostgreSQL: both pass the check, the second insert is refused (ConflictError);
    # SQLite: the second waits for the first and then finds its edition (AgreementError)
    copies = [result for result in results if not isinstance(result, Exception)]
    refused = [result for result in results if isinstance(result, services.AgreementError)]
    assert len(copies) == 1 and len(refused) == 1, results
    assert (
        published["agreement"]
        .__class__.objects.filter(previous_edition=published["agreement"])
        .count()
        == 1
    )
