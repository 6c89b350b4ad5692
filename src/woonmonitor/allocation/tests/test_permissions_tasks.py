"""The permission matrix of the task pages: every cast member against every page and post."""

from __future__ import annotations

import pytest
from conftest import CAST
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.factories import TaskFactory, UserFactory

from woonmonitor.allocation.loading import load_groups
from woonmonitor.allocation.models import Group, Task

# page -> the status each cast member gets, in CAST order:
# municipality_editor, association_editor, tenants_member, province_reader, outsider, anonymous
MATRIX = {
    "/aandachtsgroepen/taken/": (200, 200, 200, 200, 200, 200),
    "/aandachtsgroepen/taken/?formaat=csv": (200, 200, 200, 200, 200, 200),
    "/aandachtsgroepen/taken/uitstroom-bw-mo/GM1681/2025/": (200, 200, 200, 200, 200, 200),
    "/aandachtsgroepen/taken/nieuw/": (200, 403, 403, 403, 403, 302),
    "/aandachtsgroepen/taken/upload/": (200, 403, 403, 403, 403, 302),
    "/aandachtsgroepen/taken/sjabloon.csv": (200, 403, 403, 403, 403, 302),
    "/aandachtsgroepen/taken/sjabloon.xlsx": (200, 403, 403, 403, 403, 302),
}
#: POST -> (status, whether a task was stored) per cast member
POSTS = {
    "/aandachtsgroepen/taken/nieuw/": (302, 403, 403, 403, 403, 302),
    "/aandachtsgroepen/taken/upload/": (302, 403, 403, 403, 403, 302),
}
FORM = {
    "municipality": "GM1681",
    "group": "uitstroom-bw-mo",
    "year": "2025",
    "half": "0",
    "amount": "4",
    "source": "Convenant",
}
UPLOAD = (
    b"gemeentecode;groep;jaar;halfjaar;taak;bron;toelichting\r\n"
    b"GM1681;uitstroom-bw-mo;2025;;4;Convenant;\r\n"
)


@pytest.fixture
def task(db):
    load_groups()
    return TaskFactory(group=Group.objects.get(key="uitstroom-bw-mo"), year=2025, half=0)


@pytest.mark.parametrize(
    ("url", "name", "expected"),
    [
        pytest.param(url, name, statuses[index], id=f"{name}-{url}")
        for url, statuses in MATRIX.items()
        for index, name in enumerate(CAST)
    ],
)
def test_pages(client_for, task, url, name, expected):
    response = client_for(name).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize(
    ("url", "name", "expected"),
    [
        pytest.param(url, name, statuses[index], id=f"{name}-POST-{url}")
        for url, statuses in POSTS.items()
        for index, name in enumerate(CAST)
    ],
)
def test_posts(client_for, task, url, name, expected):
    before = Task.objects.count()
    data = {"file": SimpleUploadedFile("taken.csv", UPLOAD)} if url.endswith("upload/") else FORM
    response = client_for(name).post(url, data)
    assert response.status_code == expected
    stored = Task.objects.count() - before
    assert stored == (1 if name == "municipality_editor" else 0)


def test_staff_may_not_enter_for_a_party(client, task):
    client.force_login(UserFactory(username="staf", is_staff=True))
    assert client.get("/aandachtsgroepen/taken/nieuw/").status_code == 403
    assert client.get("/aandachtsgroepen/taken/").status_code == 200


def test_authors_only_for_who_reads_everything(client_for, cast, task):
    Task.objects.filter(pk=task.pk).update(recorded_by=cast["municipality_editor"])
    url = "/aandachtsgroepen/taken/uitstroom-bw-mo/GM1681/2025/"
    assert "gemeente-bewerker" in client_for("province_reader").get(url).content.decode()
    assert "gemeente-bewerker" not in client_for("outsider").get(url).content.decode()
