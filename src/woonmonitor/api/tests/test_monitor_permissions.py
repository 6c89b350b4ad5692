"""The permission cast on the monitor API: everyone reads, nobody writes."""

from __future__ import annotations

import pytest
from conftest import CAST

from . import test_monitor_api as base

monitor = base.monitor  # the fixture: Borger-Odoorn, Assen, their wijken and buurten

READS = [
    "/api/v1/indicators/",
    "/api/v1/indicators/?theme=wonen",
    "/api/v1/indicators/woningvoorraad/",
    "/api/v1/indicators/woningvoorraad/values/",
    "/api/v1/indicators/woningvoorraad/values/?level=wijk&parent=GM1681&period=2024",
    "/api/v1/indicators/woningvoorraad/values/?level=wijk&format=csv",
    "/api/v1/areas/GM1681/profile/",
    "/api/v1/areas/GM1681/profile/?period=2022&format=csv",
]
WRITES = [
    "/api/v1/indicators/",
    "/api/v1/indicators/woningvoorraad/",
    "/api/v1/indicators/woningvoorraad/values/",
    "/api/v1/areas/GM1681/profile/",
]


@pytest.mark.parametrize("member", CAST)
def test_the_whole_cast_reads_everything_and_writes_nothing(client_for, monitor, member):
    client = client_for(member)

    reads = {url: client.get(url).status_code for url in READS}
    assert reads == dict.fromkeys(READS, 200)

    writes = {
        (method, url): getattr(client, method)(url, {}, content_type="application/json")
        for method in ("post", "put", "patch", "delete")
        for url in WRITES
    }
    assert {key: response.status_code for key, response in writes.items()} == dict.fromkeys(
        writes, 405
    )
    assert base.Indicator.objects.count() == 2
