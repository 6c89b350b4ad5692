"""The monitor endpoints in the OpenAPI schema: JSON and CSV, and the pagination decision."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_monitor_endpoints_are_documented_with_json_and_csv(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/indicators/", "/api/v1/indicators/{key}/"} <= set(paths)
    for path in ("/api/v1/indicators/{key}/values/", "/api/v1/areas/{code}/profile/"):
        operation = paths[path]["get"]
        assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}
        assert {"400", "404"} <= set(operation["responses"])
        parameters = {parameter["name"] for parameter in operation["parameters"]}
        assert {"period", "format"} <= parameters
        assert set(paths[path]) == {"get"}, "read-only"
    values = paths["/api/v1/indicators/{key}/values/"]["get"]
    assert {"level", "parent", "area"} <= {parameter["name"] for parameter in values["parameters"]}
    assert "**Not paginated**" in values["description"]
