"""The permission cast: every public read answers 200 for everyone."""

from __future__ import annotations

import pytest
from conftest import CAST
from tests.factories import RegionMemberFactory

PUBLIC_READS = [
    "/api/v1/",
    "/api/v1/areas/",
    "/api/v1/areas/?level=wijk",
    "/api/v1/areas/?parent=GM1681",
    "/api/v1/areas/GM1681/",
    "/api/v1/areas/GM1681/?vintage=2022",
    "/api/v1/areas/GM1681/geometry/",
    "/api/v1/regions/",
    "/api/v1/regions/zuidoost-drenthe/",
    "/api/v1/organisations/",
    "/api/v1/organisations/lefier/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/redoc/",
    "/healthz",
]


WRITES = ["/api/v1/areas/", "/api/v1/areas/GM1681/", "/api/v1/organisations/lefier/"]


@pytest.mark.parametrize("member", CAST)
def test_the_whole_cast_reads_everything_and_writes_nothing(client_for, borger_odoorn, member):
    """One test per cast member: creating the cast (password hashing) is the slow part."""
    RegionMemberFactory(region__slug="zuidoost-drenthe", municipality_code="GM1681")
    client = client_for(member)

    reads = {url: client.get(url).status_code for url in PUBLIC_READS}
    assert reads == dict.fromkeys(PUBLIC_READS, 200)

    writes = {
        (method, url): getattr(client, method)(url).status_code
        for method in ("post", "put", "patch", "delete")
        for url in WRITES
    }
    assert set(writes.values()) <= {403, 405}, writes
