"""The agreements API: contract fields, filters, targets, and the permission matrix of the cast.

Matrix (published agreement / draft), from woonmonitor.agreements.permissions:

- reads: everyone 200 on published; on drafts the parties' members and the province
  200, outsider and anonymous 404;
- progress on A1 (led by LF): only association_editor 201; on A3 (led by BO) only
  municipality_editor 201; comments: only tenants_member 201; realised figures: only
  association_editor 201 (for LF). Everyone else who can see the agreement gets 403;
- on a draft the editors of its parties get 400 (nothing can be reported on a draft),
  the province 403, outsider 404;
- anonymous writes get 401 with a WWW-Authenticate challenge, on either;
- an API token of a cast member gets exactly what that member's session gets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CAST
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from tests.factories import CommitmentFactory, OrganisationFactory, PartyFactory, ThemeFactory

from woonmonitor.accounts.models import OrganisationKind, User
from woonmonitor.agreements import services
from woonmonitor.agreements.models import Comment, ProgressReport, RealisedFigure
from woonmonitor.agreements.targets import evaluate_target
from woonmonitor.agreements.tests.conftest import draft, published  # noqa: F401

API = "/api/v1/agreements/"
SEED_002 = Path(settings.WOONMONITOR_SEEDS_DIR) / "002_8c2198bb28f9bb11.txt"

PARTY_MEMBERS = ("municipality_editor", "association_editor", "tenants_member")
DRAFT_READERS = (*PARTY_MEMBERS, "province_reader")


def urls_of(case: dict) -> dict[str, str]:
    agreement = case["agreement"]
    base = f"{API}{agreement.pk}/"
    return {
        "list": API,
        "detail": base,
        "commitments": f"{base}commitments/",
        "commitment": f"{base}commitments/{case['lefier_commitment'].pk}/",
        "targets": f"{base}targets/",
        "realised": f"{base}realised/",
    }


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def post(client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


# ----------------------------------------------------------------------------- the matrix


@pytest.mark.parametrize("member", CAST)
def test_reads_of_published_and_draft_agreements(client_for, published, draft, member):  # noqa: F811
    client = client_for(member)

    for case, expected in ((published, 200), (draft, 200 if member in DRAFT_READERS else 404)):
        urls = urls_of(case)
        codes = {name: client.get(url).status_code for name, url in urls.items() if name != "list"}
        assert codes == dict.fromkeys(codes, expected), (case["agreement"].status, codes)

    listed = {item["id"] for item in results(client.get(API))}
    expected_ids = {published["agreement"].pk}
    if member in DRAFT_READERS:
        expected_ids.add(draft["agreement"].pk)
    assert listed == expected_ids


def expected_writes(member: str, status: str) -> dict[str, int]:
    """What each cast member gets when posting on the published agreement or the draft."""
    allowed = {
        "progress_lf": "association_editor",
        "progress_bo": "municipality_editor",
        "comment": "tenants_member",
        "realised": "association_editor",
    }
    if member == "anonymous":
        return dict.fromkeys(allowed, 401)
    if status == "draft":
        code = 400 if member in PARTY_MEMBERS else 403 if member == "province_reader" else 404
        return dict.fromkeys(allowed, code)
    return {name: 201 if who == member else 403 for name, who in allowed.items()}


@pytest.mark.parametrize("auth", ["session", "token"])
@pytest.mark.parametrize("member", CAST)
def test_writes_of_the_whole_cast(
    client_for,
    token_client_for,
    published,  # noqa: F811
    draft,  # noqa: F811
    member,
    auth,
):
    client = client_for(member) if auth == "session" else token_client_for(member)
    for case in (published, draft):
        agreement = case["agreement"]
        base = f"{API}{agreement.pk}/"
        lefier = f"{base}commitments/{case['lefier_commitment'].pk}/"
        municipality = f"{base}commitments/{case['municipality_commitment'].pk}/"
        codes = {
            "progress_lf": post(
                client,
                f"{lefier}progress/",
                {"party": "LF", "year": 2023, "status": "on_track", "text": "Loopt."},
            ).status_code,
            "progress_bo": post(
                client,
                f"{municipality}progress/",
                {"party": "BO", "year": 2023, "status": "delayed", "text": "Later."},
            ).status_code,
            "comment": post(
                client,
                f"{lefier}comments/",
                {"party": "HU", "kind": "advice", "text": "Graag meer sociale huur."},
            ).status_code,
            "realised": post(
                client,
                f"{base}realised/",
                {"party": "LF", "measure": "new_build", "year": 2023, "value": 12},
            ).status_code,
        }
        assert codes == expected_writes(member, agreement.status), (agreement.status, codes)

    created = {
        "progress": ProgressReport.objects.count(),
        "comments": Comment.objects.count(),
        "realised": RealisedFigure.objects.count(),
    }
    assert created == {
        "progress": int(member in ("association_editor", "municipality_editor")),
        "comments": int(member == "tenants_member"),
        "realised": int(member == "association_editor"),
    }
    assert not ProgressReport.objects.filter(commitment__agreement=draft["agreement"]).exists()


def test_anonymous_posts_are_refused_as_not_authenticated(client_for, published):  # noqa: F811
    client = client_for("anonymous")
    response = post(
        client,
        f"{API}{published['agreement'].pk}/realised/",
        {"party": "LF", "measure": "new_build", "year": 2023, "value": 12},
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert response.json()["detail"]  # DRF's "not authenticated" message
    assert RealisedFigure.objects.count() == 0


def test_a_draft_refuses_reports_with_a_reason(client_for, draft):  # noqa: F811
    client = client_for("association_editor")
    url = f"{API}{draft['agreement'].pk}/commitments/{draft['lefier_commitment'].pk}/progress/"
    response = post(client, url, {"party": "LF", "year": 2023, "status": "done", "text": "Klaar."})
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Over een concept kan nog niet gerapporteerd worden."]
    }


# ----------------------------------------------------------------------------- reads


def test_agreement_list_has_the_contract_fields(client_for, published, draft):  # noqa: F811
    client = client_for("municipality_editor")
    items = {item["id"]: item for item in results(client.get(API))}
    item = items[published["agreement"].pk]
    agreement = published["agreement"]
    assert item["title"] == agreement.title
    assert item["municipality"] == "GM1681"
    assert item["municipality_name"] == "Gemeente Borger-Odoorn"
    assert item["period_start"] == agreement.period_start.isoformat()
    assert item["period_end"] == agreement.period_end.isoformat()
    assert item["edition"] == agreement.edition
    assert item["status"] == "published"
    assert item["commitment_count"] == 2
    assert item["parties"] == [
        {
            "abbreviation": "BO",
            "name": published["parties"]["BO"].name,
            "kind": "municipality",
            "organisation": "gemeente-borger-odoorn",
        },
        {
            "abbreviation": "LF",
            "name": published["parties"]["LF"].name,
            "kind": "housing_association",
            "organisation": "lefier",
        },
        {
            "abbreviation": "HU",
            "name": published["parties"]["HU"].name,
            "kind": "tenants_organisation",
            "organisation": "t-huurdertje",
        },
    ]
    base = f"http://testserver{API}{agreement.pk}/"
    assert item["links"] == {
        "self": base,
        "commitments": f"{base}commitments/",
        "targets": f"{base}targets/",
        "realised": f"{base}realised/",
        "page": f"http://testserver/prestatieafspraken/{agreement.pk}/",
    }
    assert items[draft["agreement"].pk]["status"] == "draft"


def test_agreement_list_filters(client_for, published, draft, organisations):  # noqa: F811
    client = client_for("province_reader")
    assert {i["id"] for i in results(client.get(f"{API}?municipality=gm1681"))} == {
        published["agreement"].pk,
        draft["agreement"].pk,
    }
    assert results(client.get(f"{API}?municipality=GM0118")) == []
    assert [i["id"] for i in results(client.get(f"{API}?status=draft"))] == [draft["agreement"].pk]
    assert [i["id"] for i in results(client.get(f"{API}?status=published"))] == [
        published["agreement"].pk
    ]
    assert client.get(f"{API}?status=unknown").status_code == 400


def test_agreement_detail_has_themes_and_tables_with_cells(client_for, published):  # noqa: F811
    data = client_for("anonymous").get(f"{API}{published['agreement'].pk}/").json()
    assert data["themes"] == [
        {"code": "A", "title": "Voldoende betaalbare woningen", "vision": "Visie op het thema."}
    ]
    [table] = data["tables"]
    assert table["key"] == "production-lf"
    assert table["party"] == "LF"
    assert table["columns"] == ["Borger-Odoorn", "2023", "2024"]
    assert [
        {k: cell[k] for k in ("row_label", "measure", "column", "year", "raw", "value", "party")}
        | {"is_total": cell["is_total"]}
        for cell in table["cells"]
    ] == [
        {"row_label": "Nieuwbouw", "measure": "new_build", "column": "2023", "year": 2023,
         "raw": "30", "value": 30, "party": "LF", "is_total": False},
        {"row_label": "Nieuwbouw", "measure": "new_build", "column": "2024", "year": 2024,
         "raw": "20", "value": 20, "party": "LF", "is_total": False},
    ]  # fmt: skip


def test_commitments_have_the_contract_fields(client_for, published):  # noqa: F811
    commitment = published["lefier_commitment"]
    items = results(client_for("anonymous").get(f"{API}{published['agreement'].pk}/commitments/"))
    assert [item["number"] for item in items] == ["A1", "A3"]
    item = items[0]
    expected = {
        "id": commitment.pk,
        "number": "A1",
        "label": "A1",
        "theme": "A",
        "theme_title": "Voldoende betaalbare woningen",
        "content": commitment.content,
        "result": commitment.result,
        "period": commitment.period,
        "period_start": commitment.period_start,
        "period_end": commitment.period_end,
        "leads": ["LF"],
        "lead_text": commitment.lead_text,
        "year_entry_label": commitment.year_entry_label,
        "year_entry": commitment.year_entry,
        "status": "not_started",
    }
    assert {key: item[key] for key in expected} == expected
    assert item["url"].endswith(f"{API}{published['agreement'].pk}/commitments/{commitment.pk}/")


def test_commitment_filters_by_lead_and_theme(client_for, published):  # noqa: F811
    agreement = published["agreement"]
    other_theme = ThemeFactory(agreement=agreement, code="B", title="Duurzaamheid")
    both = CommitmentFactory(
        agreement=agreement,
        theme=other_theme,
        number="B1",
        leads=[published["parties"]["LF"], published["parties"]["BO"]],
    )
    client = client_for("outsider")
    url = f"{API}{agreement.pk}/commitments/"

    def numbers(query: str) -> list[str]:
        return [item["number"] for item in results(client.get(f"{url}?{query}"))]

    assert numbers("lead=LF") == ["A1", "B1"]
    assert numbers("lead=lf") == ["A1", "B1"]
    assert numbers("lead=BO") == ["A3", "B1"]
    assert numbers("lead=lefier") == ["A1", "B1"]  # the organisation's slug
    assert numbers("lead=HU") == []
    assert numbers("theme=A") == ["A1", "A3"]
    assert numbers("theme=B") == ["B1"]
    assert numbers("theme=Duurzaamheid") == ["B1"]
    assert numbers("theme=A&lead=LF") == ["A1"]
    assert numbers("lead=LF&status=not_started") == ["A1", "B1"]
    assert both.leads.count() == 2


def test_commitment_list_has_no_n_plus_one(client_for, published, django_assert_max_num_queries):  # noqa: F811
    agreement = published["agreement"]
    client = client_for("association_editor")
    url = f"{API}{agreement.pk}/commitments/"
    with django_assert_max_num_queries(8):
        assert len(results(client.get(url))) == 2
    parties = list(published["parties"].values())
    for number in range(30):
        CommitmentFactory(
            agreement=agreement, theme=published["theme"], number=f"C{number}", leads=parties
        )
    with django_assert_max_num_queries(8):
        items = results(client.get(url))
    assert len(items) == 32
    assert items[-1]["leads"] == ["BO", "LF", "HU"]


def test_commitment_detail_shows_reports_and_comments(client_for, published):  # noqa: F811
    commitment = published["lefier_commitment"]
    url = f"{API}{published['agreement'].pk}/commitments/{commitment.pk}/"
    association = client_for("association_editor")
    first = post(
        association,
        f"{url}progress/",
        {"party": "LF", "year": 2023, "status": "on_track", "text": "Loopt."},
    )
    second = post(
        association,
        f"{url}progress/",
        {"party": "LF", "year": 2024, "status": "done", "text": "  Opgeleverd.  "},
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() | {"id": 0, "created_at": ""} == {
        "id": 0,
        "party": "LF",
        "year": 2024,
        "status": "done",
        "status_label": "afgerond",
        "text": "Opgeleverd.",
        "created_at": "",
        "corrects": None,
    }
    tenants = client_for("tenants_member")
    comment = post(tenants, f"{url}comments/", {"party": "HU", "kind": "comment", "text": "Mooi."})
    assert comment.status_code == 201

    data = client_for("anonymous").get(url).json()
    assert data["status"] == "done"
    assert [(r["year"], r["status"], r["party"]) for r in data["progress_reports"]] == [
        (2024, "done", "LF"),
        (2023, "on_track", "LF"),
    ]
    assert [(c["party"], c["kind"], c["text"]) for c in data["comments"]] == [
        ("HU", "comment", "Mooi.")
    ]
    assert "author" not in data["progress_reports"][0]
    assert "author" not in data["comments"][0]


def test_commitment_of_another_agreement_is_404(client_for, published, draft):  # noqa: F811
    other = draft["lefier_commitment"]
    url = f"{API}{published['agreement'].pk}/commitments/{other.pk}/"
    client = client_for("association_editor")
    assert client.get(url).status_code == 404
    response = post(
        client, f"{url}progress/", {"party": "LF", "year": 2023, "status": "done", "text": "x"}
    )
    assert response.status_code == 404


def test_targets_have_their_evaluation(client_for, published):  # noqa: F811
    url = f"{API}{published['agreement'].pk}/targets/"
    [item] = results(client_for("anonymous").get(url))
    assert item["commitment"] == "A1"
    assert item["scope"] == "LF"
    assert item["kind"] == "cumulative"
    assert item["comparison"] == "gte"
    assert item["value"] == 40
    assert item["target"] == 40
    assert item["unit"] == "woningen"
    assert item["deadline"] == "2027-12-31"
    assert item["planned"] == 50  # 30 + 20 from the table of LF
    assert item["realised"] is None
    target = published["lefier_commitment"].targets.get()
    evaluation = evaluate_target(target, on=timezone.localdate())
    assert (item["status"], item["explanation"]) == (evaluation.status, evaluation.explanation)
    assert item["status"] == "on_track"  # planned 50 >= 40, nothing realised yet
    assert item["explanation"]
    expected_keys = {
        "commitment", "key", "description", "kind", "comparison", "value", "unit", "scope",
        "deadline", "status", "explanation", "planned", "realised", "realised_year", "target",
        "sources", "threshold_note",
    }  # fmt: skip
    assert expected_keys <= set(item)

    post(
        client_for("association_editor"),
        f"{API}{published['agreement'].pk}/realised/",
        {"party": "LF", "measure": "new_build", "year": 2023, "value": 41},
    )
    [item] = results(client_for("anonymous").get(f"{url}?on=2024-06-30"))
    assert item["status"] == "achieved"
    assert item["realised"] == 41
    assert item["realised_year"] == 2023
    assert any("Lefier" in source for source in item["sources"])
    assert client_for("anonymous").get(f"{url}?on=gisteren").status_code == 400


def test_realised_figures_are_corrected_never_overwritten(client_for, published):  # noqa: F811
    url = f"{API}{published['agreement'].pk}/realised/"
    client = client_for("association_editor")
    data = {"party": "LF", "measure": "new_build", "year": 2023, "value": 12, "note": "Eerst"}
    first = post(client, url, data)
    assert first.status_code == 201
    assert first.json()["corrects"] is None
    second = post(client, url, data | {"value": 14, "note": "Gecorrigeerd"})
    assert second.status_code == 201
    assert second.json()["corrects"]["id"] == first.json()["id"]
    assert second.json()["corrects"]["value"] == 12
    post(client, url, data | {"measure": "sale", "value": 3})

    public = client_for("anonymous")
    items = results(public.get(url))
    assert [(i["measure"], i["year"], i["value"]) for i in items] == [
        ("new_build", 2023, 14),
        ("sale", 2023, 3),
    ]
    assert items[0]["party"] == "LF"
    assert items[0]["party_name"] == published["parties"]["LF"].name
    assert items[0]["created_at"]
    assert "author" not in items[0]
    assert [i["value"] for i in results(public.get(f"{url}?measure=sale"))] == [3]
    assert [i["value"] for i in results(public.get(f"{url}?party=lf&measure=new_build"))] == [14]
    assert results(public.get(f"{url}?party=BO")) == []
    assert RealisedFigure.objects.count() == 3  # the first figure is kept


def test_association_cannot_post_for_another_party(client_for, published):  # noqa: F811
    agreement = published["agreement"]
    other = OrganisationFactory(
        slug="woonconcept", name="Woonconcept", kind=OrganisationKind.HOUSING_ASSOCIATION
    )
    PartyFactory(agreement=agreement, organisation=other, abbreviation="WC")
    client = client_for("association_editor")
    url = f"{API}{agreement.pk}/realised/"
    figure = {"measure": "new_build", "year": 2023, "value": 5}
    assert post(client, url, figure | {"party": "WC"}).status_code == 403
    assert post(client, url, figure | {"party": "BO"}).status_code == 403
    unknown = post(client, url, figure | {"party": "XX"})
    assert unknown.status_code == 400
    assert list(unknown.json()) == ["party"]
    progress = f"{API}{agreement.pk}/commitments/{published['lefier_commitment'].pk}/progress/"
    report = {"year": 2023, "status": "done", "text": "Klaar."}
    assert post(client, progress, report | {"party": "BO"}).status_code == 403
    assert RealisedFigure.objects.count() == 0
    assert ProgressReport.objects.count() == 0


def test_invalid_input_gets_field_errors(client_for, published):  # noqa: F811
    agreement = published["agreement"]
    commitment = published["lefier_commitment"]
    association = client_for("association_editor")
    progress = f"{API}{agreement.pk}/commitments/{commitment.pk}/progress/"
    response = post(association, progress, {"party": "LF", "status": "finished", "text": " "})
    assert response.status_code == 400
    assert set(response.json()) == {"year", "status", "text"}

    realised = post(
        association,
        f"{API}{agreement.pk}/realised/",
        {"party": "LF", "measure": "castles", "year": 2023, "value": -1},
    )
    assert realised.status_code == 400
    assert set(realised.json()) == {"measure", "value"}

    tenants = client_for("tenants_member")
    comment = post(
        tenants, f"{API}{agreement.pk}/commitments/{commitment.pk}/comments/", {"party": "HU"}
    )
    assert comment.status_code == 400
    assert set(comment.json()) == {"kind", "text"}
    assert (ProgressReport.objects.count(), Comment.objects.count()) == (0, 0)


def test_unknown_agreement_is_404(client_for, published):  # noqa: F811
    client = client_for("province_reader")
    missing = published["agreement"].pk + 1000
    for suffix in ("", "commitments/", "targets/", "realised/"):
        assert client.get(f"{API}{missing}/{suffix}").status_code == 404, suffix


# ----------------------------------------------------------------------------- real data


@pytest.mark.skipif(not SEED_002.is_file(), reason="seed 002 (Hoogeveen) not available")
def test_real_agreement_hoogeveen(client, db):
    call_command("load_organisations", verbosity=0)
    reviewer = User.objects.create(username="api-test-reviewer", is_staff=True)
    agreement = services.import_agreement_file(path=SEED_002, user=reviewer)
    services.review_all(agreement=agreement, user=reviewer, resolution="Bekeken in de test.")
    services.record_signed_document(agreement=agreement, user=reviewer, note="ondertekend")
    services.publish(agreement=agreement, user=reviewer)

    url = f"{API}{agreement.pk}/commitments/"
    items = results(client.get(url))
    assert len(items) == 23
    [listed] = results(client.get(f"{API}?municipality={agreement.municipality_code}"))
    assert listed["commitment_count"] == 23

    domesta = agreement.parties.get(name__icontains="Domesta")
    led = sorted(agreement.commitments.filter(leads=domesta).values_list("pk", flat=True))
    assert led, "Domesta leads commitments in the Hoogeveen agreement"
    by_domesta = results(client.get(f"{url}?lead=Domesta"))
    assert sorted(item["id"] for item in by_domesta) == led
    assert all(domesta.abbreviation in item["leads"] for item in by_domesta)
    assert len(by_domesta) < len(items)
