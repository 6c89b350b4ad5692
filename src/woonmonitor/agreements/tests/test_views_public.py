"""What the agreement pages show: detail, commitment, realised figures, editions, CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from tests.factories import CommitmentFactory, NumberCellFactory, TargetFactory

from woonmonitor.agreements import services
from woonmonitor.agreements.models import Agreement, RealisedFigure

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def detail_url(data) -> str:
    return reverse("agreements:detail", args=[data["agreement"].pk])


def commitment_url(data, key="lefier_commitment") -> str:
    return reverse("agreements:commitment", args=[data["agreement"].pk, data[key].pk])


# ----------------------------------------------------------------------------- list and detail


def test_list_groups_per_municipality_and_marks_drafts(client_for, published, draft):
    html = client_for("municipality_editor").get(reverse("agreements:list")).content.decode()
    assert "Gemeente Borger-Odoorn" in html
    assert html.count(published["agreement"].title) == 2
    assert "concept" in html
    assert "2 afspraken" in html
    assert reverse("agreements:upload") not in html  # an editor, not an admin


def test_detail_page_shows_parties_status_targets_tables_and_downloads(client, published):
    NumberCellFactory(
        table=published["table"],
        row=1,
        col=0,
        row_label="Sloop",
        measure="demolition",
        column="2023",
        raw="X0",
        value=None,
        year=2023,
    )
    html = client.get(detail_url(published)).content.decode()
    agreement = published["agreement"]
    assert agreement.title in html
    assert "Lefier" in html and "woningcorporatie" in html
    assert reverse("agreements:organisation", args=["lefier"]) in html
    assert "Stand van de afspraken" in html and "niet gestart" in html
    assert "wm-target-status--" in html and "Meetbare doelen" in html
    assert 'role="img"' in html and "<svg" in html
    # a masked cell is unreadable, never its mask characters or a number
    assert '<span class="wm-masked" data-status="masked">onleesbaar in de bron</span>' in html
    assert "X0" not in html
    assert "Bron: tabel ‘" in html and "’ in Prestatieafspraken 2023." in html
    for name in ("commitments-csv", "targets-csv", "realised-csv"):
        assert reverse(f"agreements:{name}", args=[agreement.pk]) in html
    table_csv = reverse("agreements:table-csv", args=[agreement.pk, published["table"].key])
    assert table_csv in html
    assert commitment_url(published) in html
    assert "Nieuwe editie voor" not in html  # anonymous visitors cannot start one
    assert reverse("agreements:workbook", args=[agreement.pk]) not in html


def test_detail_page_editor_actions(client_for, published):
    html = client_for("municipality_editor").get(detail_url(published)).content.decode()
    assert "Nieuwe editie voor 2024" in html
    assert reverse("agreements:new-edition", args=[published["agreement"].pk]) in html
    assert reverse("agreements:workbook", args=[published["agreement"].pk]) in html


def test_draft_detail_links_to_review_for_editors(client_for, draft):
    html = client_for("association_editor").get(detail_url(draft)).content.decode()
    assert "Concept." in html
    assert reverse("agreements:review", args=[draft["agreement"].pk]) in html
    assert "Nieuwe editie voor" not in html


def test_detail_query_count_does_not_grow_with_commitments(
    client, published, django_assert_max_num_queries
):
    def count_for(total: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        agreement = published["agreement"]
        while agreement.commitments.count() < total:
            CommitmentFactory(
                agreement=agreement,
                theme=published["theme"],
                leads=[published["parties"]["LF"], published["parties"]["BO"]],
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(published)).status_code == 200
        return len(queries)

    five, twenty_five = count_for(5), count_for(25)
    assert five == twenty_five
    with django_assert_max_num_queries(30):
        client.get(detail_url(published))


# ----------------------------------------------------------------------------- commitment page


def test_commitment_page_fields_history_and_source(client_for, published):
    agreement = published["agreement"]
    agreement.source_name = "002_test.txt"
    agreement.source_text = "regel een\nregel twee\nregel drie\n"
    agreement.save()
    commitment = published["lefier_commitment"]
    commitment.source_lines = [2, 3]
    commitment.content = "Eerste regel.\nTweede regel."
    commitment.save()
    client = client_for("association_editor")
    client.post(
        commitment_url(published),
        {
            "action": "report",
            "report-party": published["parties"]["LF"].pk,
            "report-year": 2024,
            "report-status": "delayed",
            "report-text": "Vergunning loopt vertraging op.",
        },
    )
    html = client.get(commitment_url(published)).content.decode()
    assert "Afspraak A1" in html
    assert "Eerste regel.<br>Tweede regel." in html
    # the document is the source; the file name is for the sources page only
    assert "Afspraak A1 in Prestatieafspraken 2023." in html
    assert "002_test.txt" not in html
    assert "regel twee<br>regel drie" in html
    assert "Vergunning loopt vertraging op." in html
    assert "vertraagd" in html
    # the audit trail shows the status change from the report, with the reporter's name
    assert "niet gestart</del> → <ins>vertraagd</ins>" in html
    assert "corporatie-bewerker" in html
    # targets with evaluation
    assert "wm-target-status--" in html


def test_commitment_page_hides_author_names_from_the_public(client, published, cast):
    services.report_progress(
        commitment=published["lefier_commitment"],
        party=published["parties"]["LF"],
        user=cast["association_editor"],
        year=2024,
        status="on_track",
        text="Op schema.",
    )
    html = client.get(commitment_url(published)).content.decode()
    assert "Op schema." in html and "Lefier" in html
    assert "corporatie-bewerker" not in html


def test_forms_only_for_those_allowed(client_for, published):
    html = client_for("association_editor").get(commitment_url(published)).content.decode()
    assert 'value="report"' in html and 'value="comment"' not in html
    html = client_for("tenants_member").get(commitment_url(published)).content.decode()
    assert 'value="comment"' in html and 'value="report"' not in html
    html = client_for("province_reader").get(commitment_url(published)).content.decode()
    assert '<form method="post" action="#' not in html


def test_invalid_report_keeps_text_and_links_errors(client_for, published):
    response = client_for("association_editor").post(
        commitment_url(published),
        {
            "action": "report",
            "report-party": published["parties"]["LF"].pk,
            "report-year": "",
            "report-status": "on_track",
            "report-text": "Mijn getypte tekst",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mijn getypte tekst" in html
    assert 'id="id_report-year-error"' in html
    assert 'aria-describedby="id_report-year-error' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_report-year"' in html


def test_comment_is_listed(client_for, published):
    client = client_for("tenants_member")
    client.post(
        commitment_url(published, "municipality_commitment"),
        {
            "action": "comment",
            "comment-party": published["parties"]["HU"].pk,
            "comment-kind": "advice",
            "comment-text": "Graag eerder betrekken.",
        },
    )
    html = client.get(commitment_url(published, "municipality_commitment")).content.decode()
    assert "Graag eerder betrekken." in html and "advies" in html


# ----------------------------------------------------------------------------- realised figures


def test_correction_is_a_new_record_and_the_old_one_stays_listed(client_for, published):
    client = client_for("association_editor")
    url = reverse("agreements:realised", args=[published["agreement"].pk])
    for value in (12, 15):
        response = client.post(
            url,
            {
                "party": published["parties"]["LF"].pk,
                "measure": "new_build",
                "year": 2023,
                "value": value,
            },
        )
        assert response.status_code == 302
    old, new = RealisedFigure.objects.order_by("pk")
    assert new.corrects_id == old.pk and (old.value, new.value) == (12, 15)
    html = client.get(url).content.decode()
    assert "<strong>15</strong>" in html
    assert "<del>12</del>" in html
    # planned 30 for new build 2023 in the table stands beside it
    assert ">30<" in html
    rows = rows_of(client.get(reverse("agreements:realised-csv", args=[published["agreement"].pk])))
    assert rows[0][:7] == ["id", "partij", "partijnaam", "maat", "omschrijving", "jaar", "waarde"]
    assert [(r[6], r[10], r[11]) for r in rows[1:]] == [
        ("12", "", "nee"),
        ("15", str(old.pk), "ja"),
    ]
    assert rows[2][8] == "corporatie-bewerker"


def test_realised_page_read_only_for_others(client_for, published):
    html = (
        client_for("municipality_editor")
        .get(reverse("agreements:realised", args=[published["agreement"].pk]))
        .content.decode()
    )
    assert "Gerealiseerd aantal opgeven" not in html
    assert "Lefier" in html


# ----------------------------------------------------------------------------- CSV


def test_commitments_csv(client, published):
    rows = rows_of(
        client.get(reverse("agreements:commitments-csv", args=[published["agreement"].pk]))
    )
    assert rows[0] == [
        "nr",
        "hoort_bij",
        "themacode",
        "thema",
        "inhoud",
        "resultaat",
        "tijd",
        "trekkers",
        "trekker_in_document",
        "kop_jaarschijf",
        "jaarschijf",
        "status",
    ]
    assert [row[0] for row in rows[1:]] == ["A1", "A3"]
    assert rows[2][2:4] == ["A", "Voldoende betaalbare woningen"]
    assert rows[2][4] == "Gemeente betrekt corporaties bij de Omgevingsvisie."
    assert rows[1][7] == "LF" and rows[2][7] == "BO" and rows[1][11] == "niet gestart"


def test_targets_csv(client, published):
    TargetFactory(commitment=published["lefier_commitment"], key="extra", value=90, unit="%")
    rows = rows_of(client.get(reverse("agreements:targets-csv", args=[published["agreement"].pk])))
    assert rows[0][:9] == [
        "afspraak",
        "omschrijving",
        "status",
        "toelichting",
        "norm",
        "gepland",
        "gerealiseerd",
        "jaar",
        "eenheid",
    ]
    assert len(rows) == 3
    # planned: the LF new-build cells of the table, 30 + 20
    assert rows[1][0] == "A1" and rows[1][4] == "40" and rows[1][5] == "50"
    assert rows[1][3]  # the explanation sentence


def test_table_csv(client, published):
    response = client.get(
        reverse("agreements:table-csv", args=[published["agreement"].pk, published["table"].key])
    )
    rows = rows_of(response)
    assert rows[0] == [
        "rij",
        "maat",
        "kolom",
        "jaar",
        "zoals_in_document",
        "waarde",
        "partij",
        "totaal",
        "status",
        "rij_in_document",
        "kolom_in_document",
        "afgeleid_en_bevestigd",
    ]
    assert rows[1] == [
        "Nieuwbouw",
        "nieuwbouw",
        "2023",
        "2023",
        "30",
        "30",
        "LF",
        "nee",
        "readable",
        "Nieuwbouw",
        "2023",
        "",
    ]
    assert rows[2][2:6] == ["2024", "2024", "20", "20"]
    assert "attachment" in response["Content-Disposition"]


# ----------------------------------------------------------------------------- editions


def test_compare_after_new_edition(client_for, published, cast):
    user = cast["municipality_editor"]
    new = services.new_edition(agreement=published["agreement"], user=user)
    changed = new.commitments.get(number="A3")
    services.update_commitment(
        commitment=changed,
        user=user,
        content="Gemeente betrekt corporaties en huurders bij de visie.",
    )
    client = client_for("municipality_editor")
    response = client.get(reverse("agreements:compare", args=[new.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Van editie 2023 naar editie 2024" in html
    assert "Afspraak A3" in html
    assert "<ins>en huurders</ins>" in html or "<ins>en</ins>" in html
    assert "<del>" in html
    counts = response.context["counts"]
    # A3 by hand; A1 because its "Jaarschijf 2023" became "Jaarschijf 2024" in the new edition
    assert (counts["changed"], counts["unchanged"], counts["added"], counts["removed"]) == (
        2,
        0,
        0,
        0,
    )
    assert "<del>2023</del>" in html and "<ins>2024</ins>" in html
    # the same comparison from the old edition, choosing the new one explicitly
    response = client.get(
        reverse("agreements:compare", args=[published["agreement"].pk]), {"met": new.pk}
    )
    assert response.context["counts"]["changed"] == 2
    # the draft new edition is not visible to outsiders
    assert (
        client_for("outsider")
        .get(reverse("agreements:compare", args=[published["agreement"].pk]), {"met": new.pk})
        .status_code
        == 404
    )


def test_compare_without_previous_edition(client, published):
    html = client.get(
        reverse("agreements:compare", args=[published["agreement"].pk])
    ).content.decode()
    assert "geen andere editie" in html


def test_new_edition_redirects_to_review(client_for, published):
    response = client_for("municipality_editor").post(
        reverse("agreements:new-edition", args=[published["agreement"].pk])
    )
    new = Agreement.objects.get(previous_edition=published["agreement"])
    assert response["Location"] == reverse("agreements:review", args=[new.pk])
    again = client_for("municipality_editor").post(
        reverse("agreements:new-edition", args=[published["agreement"].pk])
    )
    assert again.status_code == 302 and again["Location"] == detail_url(published)
    assert Agreement.objects.filter(previous_edition=published["agreement"]).count() == 1


# ----------------------------------------------------------------------------- organisation


def test_organisation_page_lists_led_commitments_targets_and_planned(client, published):
    html = client.get(reverse("agreements:organisation", args=["lefier"])).content.decode()
    assert "Waar is Lefier verantwoordelijk voor?" in html
    assert commitment_url(published) in html
    assert commitment_url(published, "municipality_commitment") not in html
    assert "Meetbare doelen voor deze organisatie" in html
    assert "Aantallen in de tabellen van het document" in html


def test_municipality_page_has_no_planned_numbers(client, published):
    html = client.get(
        reverse("agreements:organisation", args=["gemeente-borger-odoorn"])
    ).content.decode()
    assert commitment_url(published, "municipality_commitment") in html
    assert commitment_url(published) not in html
    assert "Aantallen in de tabellen van het document" not in html


def test_targets_for_all_associations_show_on_each_association_page(client, published):
    from tests.factories import TargetFactory

    TargetFactory(
        commitment=published["municipality_commitment"],
        description="Nieuwe standplaatsen bij alle corporaties",
        scope=None,
    )
    lefier = client.get(reverse("agreements:organisation", args=["lefier"])).content.decode()
    municipality = client.get(
        reverse("agreements:organisation", args=["gemeente-borger-odoorn"])
    ).content.decode()
    assert "Nieuwe standplaatsen bij alle corporaties" in lefier
    assert "Nieuwe standplaatsen bij alle corporaties" not in municipality
