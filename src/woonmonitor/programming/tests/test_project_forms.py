"""Adding and changing a project through the form, with the fixed cast.

The municipality adds and changes plans in GM1681 and decides how public they are; the
association adds its own plans in its working area, nowhere else, and cannot set publicity;
tenants, the province and outsiders may not use the forms; anonymous visitors log in first."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from woonmonitor.programming.models import Project, Publicity
from woonmonitor.programming.parsing.segments import DwellingType, Segment

POLYGON = {
    "type": "Polygon",
    "coordinates": [[[6.85, 52.87], [6.86, 52.87], [6.86, 52.86], [6.85, 52.86], [6.85, 52.87]]],
}


def form_data(ladder, **overrides) -> dict:
    data = {
        "name": "Buinen, Achter de Kerk",
        "municipality_code": "GM1681",
        "owner": "gemeente-borger-odoorn",
        "phase": ladder("principebesluit").pk,
        "developer_kind": "gemeente",
        "developer_name": "",
        "publicity": Publicity.PROJECT,
        "reference_date": "2026-10-01",
        "units_gross": "",
        "demolition": "",
        "units_net": "20",
        "geometry": json.dumps({"type": "Point", "coordinates": [6.85, 52.87]}),
        "note": "",
        "reason": "",
    }
    for segment in Segment.values:
        data[f"segment_{segment}"] = ""
    for kind in DwellingType.values:
        data[f"woningtype_{kind}"] = ""
    data["segment_sociale_huur"] = "8"
    data["segment_middenhuur"] = "0"
    data.update(overrides)
    return data


NEW = "programming:project-new"


def test_municipality_adds_a_project(client_for, ladder):
    client = client_for("municipality_editor")
    page = client.get(reverse(NEW))
    assert page.status_code == 200
    assert "publicity" in page.context["form"].fields
    response = client.post(reverse(NEW), form_data(ladder, oplevering_2028="20"))
    project = Project.objects.get(name="Buinen, Achter de Kerk")
    assert response.status_code == 302
    assert response["Location"] == reverse("programming:project", args=[project.pk])
    assert project.owner.slug == "gemeente-borger-odoorn"
    assert project.publicity == Publicity.PROJECT
    assert project.segments["sociale_huur"] == 8
    assert project.segments["middenhuur"] == 0
    assert project.segments["dure_huur"] is None  # empty: unknown, not 0
    assert project.deliveries == {"2028": 20}
    assert project.geometry["type"] == "Point"
    assert project.source == "formulier" and not project.is_demo
    assert project.versions.count() == 1
    shown = client.get(response["Location"]).content.decode()
    assert "is opgeslagen" in shown


def test_municipality_edits_a_project(client_for, ladder, make_project, organisations):
    project = make_project(owner=organisations["association"], publicity=Publicity.PARTIES)
    client = client_for("municipality_editor")
    url = reverse("programming:project-edit", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "owner" not in page.context["form"].fields
    data = form_data(ladder, geometry=json.dumps(POLYGON), reason="nieuwe tekening")
    del data["owner"]
    response = client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.geometry["type"] == "Polygon"
    assert project.publicity == Publicity.PROJECT
    assert project.owner == organisations["association"]  # the owner does not change
    assert project.versions.count() == 2
    assert project.versions.order_by("-number").first().reason == "nieuwe tekening"


def test_figures_that_do_not_add_up_are_shown_at_the_top_and_input_is_kept(client_for, ladder):
    client = client_for("municipality_editor")
    data = form_data(ladder, units_gross="30", demolition="5", segment_dure_koop="15")
    response = client.post(reverse(NEW), data)
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert any("bruto (30) min sloop (5)" in error for error in errors)
    page = response.content.decode()
    assert page.index("Het formulier is niet verstuurd") < page.index('name="name"')
    assert 'value="Buinen, Achter de Kerk"' in page and 'value="15"' in page
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ("{niet json", "geen geldige GeoJSON"),
        ('{"type": "Point", "coordinates": [4.9, 40.0]}', "niet in Nederland"),
        ('{"type": "LineString", "coordinates": [[6.8, 52.8], [6.9, 52.9]]}', "punt of een vlak"),
    ],
)
def test_geometry_is_checked(client_for, ladder, geometry, message):
    response = client_for("municipality_editor").post(
        reverse(NEW), form_data(ladder, geometry=geometry)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["geometry"])


def test_no_location_is_allowed(client_for, ladder):
    response = client_for("municipality_editor").post(reverse(NEW), form_data(ladder, geometry=""))
    assert response.status_code == 302
    assert Project.objects.get().geometry is None


def test_association_adds_in_its_working_area_without_publicity(client_for, ladder):
    client = client_for("association_editor")
    page = client.get(reverse(NEW))
    assert "publicity" not in page.context["form"].fields
    assert [code for code, _ in page.context["form"].fields["municipality_code"].choices] == [
        "GM1681"
    ]
    data = form_data(ladder, owner="lefier")
    data["publicity"] = Publicity.PROJECT  # ignored: the field is not there
    response = client.post(reverse(NEW), data)
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.owner.slug == "lefier"
    assert project.publicity == Publicity.PARTIES


def test_association_cannot_add_outside_its_working_area(client_for, ladder):
    client = client_for("association_editor")
    response = client.post(
        reverse(NEW), form_data(ladder, owner="lefier", municipality_code="GM0114")
    )
    assert response.status_code == 400
    assert "municipality_code" in response.context["form"].errors
    assert not Project.objects.exists()


def test_association_cannot_add_for_the_municipality(client_for, ladder):
    response = client_for("association_editor").post(reverse(NEW), form_data(ladder))
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert not Project.objects.exists()


def test_association_cannot_edit_the_municipalitys_plan(client_for, make_project, organisations):
    project = make_project(owner=organisations["municipality"], publicity=Publicity.PARTIES)
    url = reverse("programming:project-edit", args=[project.pk])
    assert client_for("association_editor").get(url).status_code == 403


def test_association_edits_its_own_plan_but_not_publicity(
    client_for, ladder, make_project, organisations
):
    project = make_project(owner=organisations["association"], publicity=Publicity.PARTIES)
    client = client_for("association_editor")
    url = reverse("programming:project-edit", args=[project.pk])
    assert "publicity" not in client.get(url).context["form"].fields
    data = form_data(ladder, units_net="25", publicity=Publicity.PROJECT)
    del data["owner"]
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.units_net == 25 and project.publicity == Publicity.PARTIES


@pytest.mark.parametrize(
    ("who", "new_status", "edit_public", "edit_parties"),
    [
        ("tenants_member", 403, 403, 404),
        ("province_reader", 403, 403, 403),
        ("outsider", 403, 403, 404),
    ],
)
def test_others_may_not_use_the_forms(
    client_for, ladder, make_project, who, new_status, edit_public, edit_parties
):
    public = make_project(name="Openbaar", publicity=Publicity.PROJECT)
    parties = make_project(name="Partijen", publicity=Publicity.PARTIES)
    client = client_for(who)
    assert client.get(reverse(NEW)).status_code == new_status
    assert client.post(reverse(NEW), form_data(ladder)).status_code == new_status
    edit = "programming:project-edit"
    assert client.get(reverse(edit, args=[public.pk])).status_code == edit_public
    assert client.get(reverse(edit, args=[parties.pk])).status_code == edit_parties
    assert Project.objects.count() == 2


def test_anonymous_visitors_log_in_first(client_for, ladder, make_project):
    project = make_project(publicity=Publicity.PARTIES)
    client = client_for("anonymous")
    for url in (reverse(NEW), reverse("programming:project-edit", args=[project.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(reverse(NEW), form_data(ladder)).status_code == 302
    assert Project.objects.count() == 1
