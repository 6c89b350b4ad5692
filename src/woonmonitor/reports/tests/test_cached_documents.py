"""Heavy documents are rendered once per version of their data for anonymous visitors.

Every test counts the renders: a second anonymous request is served from the cache, a change
of the data gives a new document, and a logged-in party neither gets a copy made for someone
else nor leaves one behind for an anonymous visitor (woonmonitor.document_cache).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse
from tests.factories import ImportRunFactory

from woonmonitor import document_cache
from woonmonitor.agreements import services, workbook
from woonmonitor.agreements.fingerprint import agreement_fingerprint, counted_models
from woonmonitor.api.views import monitor as api_monitor
from woonmonitor.monitor.fingerprint import data_fingerprint
from woonmonitor.monitor.tests.maps_world import borger_odoorn_fixture  # noqa: F401
from woonmonitor.monitor.views import maps as map_views
from woonmonitor.reports import factsheet, progress, progress_excel


class Counter:
    """Wraps a function and counts its calls; ``fake`` replaces what it returns."""

    def __init__(self, function, fake=None):
        self.function = function
        self.fake = fake
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.fake is not None:
            return self.fake(self.calls)
        return self.function(*args, **kwargs)


@pytest.fixture
def count(monkeypatch):
    def patch(owner, name: str, fake=None) -> Counter:
        counter = Counter(getattr(owner, name), fake)
        monkeypatch.setattr(owner, name, counter)
        return counter

    return patch


def report(published, cast, text="Dertig woningen in aanbouw."):
    services.report_progress(
        commitment=published["lefier_commitment"],
        party=published["parties"]["LF"],
        user=cast["association_editor"],
        year=2023,
        status="on_track",
        text=text,
    )


# ----------------------------------------------------------------------------- agreements


@pytest.mark.parametrize(
    ("url_name", "owner", "function"),
    [
        ("reports:progress-pdf", progress, "progress_pdf"),
        ("reports:progress-xlsx", progress_excel, "progress_xlsx"),
        ("agreements:workbook", workbook, "export_workbook"),
    ],
)
def test_agreement_documents_are_rendered_once_per_version_for_anonymous_visitors(
    client_for, published, cast, count, url_name, owner, function
):
    renders = count(owner, function, fake=lambda n: f"document {n}".encode())
    url = reverse(url_name, args=[published["agreement"].pk])
    anonymous = client_for("anonymous")

    assert anonymous.get(url).content == b"document 1"
    assert anonymous.get(url).content == b"document 1"
    assert renders.calls == 1

    report(published, cast)  # a change of the data: a new document
    assert anonymous.get(url).content == b"document 2"
    assert anonymous.get(url).content == b"document 2"
    assert renders.calls == 2


@pytest.mark.parametrize(
    ("url_name", "owner", "function"),
    [
        ("reports:progress-pdf", progress, "progress_pdf"),
        ("agreements:workbook", workbook, "export_workbook"),
    ],
)
def test_a_party_and_an_anonymous_visitor_never_share_a_document(
    client_for, published, count, url_name, owner, function
):
    renders = count(owner, function, fake=lambda n: f"document {n}".encode())
    url = reverse(url_name, args=[published["agreement"].pk])

    assert client_for("anonymous").get(url).content == b"document 1"
    party = client_for("association_editor")
    assert party.get(url).content == b"document 2"  # not the anonymous copy
    assert party.get(url).content == b"document 3"  # and nothing kept for the party
    assert client_for("anonymous").get(url).content == b"document 1"  # nor left for the public
    assert renders.calls == 3


def test_a_draft_is_never_cached(client_for, draft, count):
    renders = count(progress, "progress_pdf", fake=lambda n: f"draft {n}".encode())
    url = reverse("reports:progress-pdf", args=[draft["agreement"].pk])
    assert client_for("anonymous").get(url).status_code == 404
    party = client_for("municipality_editor")
    assert party.get(url).content == b"draft 1"
    assert party.get(url).content == b"draft 2"
    assert client_for("anonymous").get(url).status_code == 404
    assert renders.calls == 2


def test_year_and_language_are_part_of_the_key(client_for, published, count):
    renders = count(progress, "progress_pdf", fake=lambda n: f"document {n}".encode())
    agreement = published["agreement"]
    agreement.period_end = date(2024, 12, 31)
    agreement.save()
    url = reverse("reports:progress-pdf", args=[agreement.pk])
    anonymous = client_for("anonymous")
    anonymous.get(url, {"jaar": 2023})
    anonymous.get(url, {"jaar": 2024})
    anonymous.get(url, {"jaar": 2023})
    assert renders.calls == 2
    anonymous.cookies["django_language"] = "en"
    anonymous.get(url, {"jaar": 2023})
    assert renders.calls == 3


def test_the_real_progress_pdf_is_served_from_the_cache(client, published, count):
    renders = count(progress, "progress_pdf")
    url = reverse("reports:progress-pdf", args=[published["agreement"].pk])
    first = client.get(url)
    second = client.get(url)
    assert first.content.startswith(b"%PDF") and second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert renders.calls == 1


def test_the_agreement_fingerprint_follows_every_table_of_the_agreement(
    published, cast, organisations
):
    agreement = published["agreement"]
    seen = {agreement_fingerprint(agreement)}

    def changed() -> bool:
        fingerprint = agreement_fingerprint(agreement)
        new = fingerprint not in seen
        seen.add(fingerprint)
        return new

    report(published, cast)
    assert changed()
    services.add_comment(
        commitment=published["lefier_commitment"],
        party=published["parties"]["HU"],
        user=cast["tenants_member"],
        kind="advice",
        text="Let op betaalbare eengezinswoningen.",
    )
    assert changed()
    services.record_realised(
        agreement=agreement,
        party=published["parties"]["LF"],
        user=cast["association_editor"],
        measure="new_build",
        year=2023,
        value=12,
    )
    assert changed()
    cell = published["table"].cells.first()
    cell.value = 31
    cell.save()
    assert changed()
    target = published["lefier_commitment"].targets.first()
    target.delete()
    assert changed()
    organisations["association"].name = "Lefier (nieuwe naam)"
    organisations["association"].save()
    assert changed()
    # another agreement's change leaves this one alone
    other = make_other_agreement(organisations)
    other.title = "Iets anders"
    other.save()
    assert not changed()


def make_other_agreement(organisations):
    from tests.factories import AgreementFactory

    return AgreementFactory(municipality=organisations["municipality"], municipality_code="GM1681")


def test_the_fingerprint_counts_the_tables_that_make_up_an_agreement(db):
    names = {model.__name__ for model, _lookup in counted_models()}
    assert {
        "HistoricalAgreement",
        "HistoricalCommitment",
        "HistoricalNumberCell",
        "HistoricalTarget",
        "ProgressReport",
        "Comment",
        "RealisedFigure",
    } <= names
    assert "Agreement" not in names  # its history has every change, deletes included


# ----------------------------------------------------------------------------- monitor


def test_the_factsheet_pdf_is_rendered_once_per_version_of_the_monitor_data(
    client_for, borger_odoorn, count
):
    renders = count(factsheet, "factsheet_pdf")
    url = reverse("reports:factsheet-pdf", args=["WK168100"])
    anonymous = client_for("anonymous")
    first = anonymous.get(url, {"jaar": 2022})
    assert first.content.startswith(b"%PDF")
    assert anonymous.get(url, {"jaar": 2022}).content == first.content
    assert 'filename="factsheet-WK168100-2022.pdf"' in first["Content-Disposition"]
    assert renders.calls == 1
    anonymous.get(url, {"jaar": 2024})  # another year, another document
    assert renders.calls == 2
    ImportRunFactory()  # new data loaded: a new document
    anonymous.get(url, {"jaar": 2022})
    assert renders.calls == 3
    client_for("municipality_editor").get(url, {"jaar": 2022})
    assert renders.calls == 4


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_map_downloads_are_built_once_per_choice_and_version(client_for, borger_odoorn, count, fmt):
    builds = count(map_views, "map_data")
    url = reverse("monitor:map-data", args=[fmt])
    query = {"indicator": "inwoners", "jaar": 2024, "niveau": "wijk", "gemeente": "GM1681"}
    anonymous = client_for("anonymous")
    first = anonymous.get(url, query)
    assert first.status_code == 200
    second = anonymous.get(url, query)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert builds.calls == 1
    anonymous.get(url, {**query, "indicator": "woningvoorraad"})
    assert builds.calls == 2
    ImportRunFactory()
    anonymous.get(url, query)
    assert builds.calls == 3
    client_for("province_reader").get(url, query)
    assert builds.calls == 4


def test_api_values_of_a_whole_level_are_built_once_per_version(client_for, borger_odoorn, count):
    builds = count(api_monitor, "value_rows")
    url = "/api/v1/indicators/inwoners/values/"
    anonymous = client_for("anonymous")
    first = anonymous.get(url, {"level": "wijk", "period": 2024})
    assert first.status_code == 200 and first.json()["count"] > 20
    assert anonymous.get(url, {"level": "wijk", "period": 2024}).json() == first.json()
    csv = anonymous.get(url, {"level": "wijk", "period": 2024, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and csv.content.count(b"\n") > 20
    assert builds.calls == 1  # JSON and CSV share the rows
    anonymous.get(url, {"level": "wijk"})  # the latest period: a key of its own
    assert builds.calls == 2
    # a selection inside a gemeente is cheap and not cached
    anonymous.get(url, {"level": "wijk", "parent": "GM1681", "period": 2024})
    anonymous.get(url, {"level": "wijk", "parent": "GM1681", "period": 2024})
    assert builds.calls == 4
    ImportRunFactory()
    anonymous.get(url, {"level": "wijk", "period": 2024})
    assert builds.calls == 5
    client_for("province_reader").get(url, {"level": "wijk", "period": 2024})
    assert builds.calls == 6


def test_the_monitor_fingerprint_changes_with_runs_and_values(borger_odoorn):
    before = data_fingerprint()
    ImportRunFactory(status="failed")
    assert data_fingerprint() == before  # a failed run changed nothing
    ImportRunFactory()
    assert data_fingerprint() != before


# ----------------------------------------------------------------------------- the cache


def test_too_large_documents_are_not_kept(db):
    calls = []

    def build():
        calls.append(1)
        return b"x" * 10_000 + bytes(range(256)) * 100

    with override_settings(DOCUMENT_CACHE_MAX_BYTES=100):
        document_cache.cached_document(None, "test", ["a"], build)
        document_cache.cached_document(None, "test", ["a"], build)
    assert len(calls) == 2
    document_cache.cached_document(None, "test", ["a"], build)
    document_cache.cached_document(None, "test", ["a"], build)
    assert len(calls) == 3


def test_keys_differ_by_kind_parts_and_language():
    from django.utils import translation

    with translation.override("nl"):
        dutch = document_key_set()
    with translation.override("en"):
        english = document_key_set()
    assert len(dutch) == 3 and not dutch & english


def document_key_set() -> set[str]:
    return {
        document_cache.document_key("a", [1, "x"]),
        document_cache.document_key("b", [1, "x"]),
        document_cache.document_key("a", [1, "y"]),
    }
