"""The API's renderers: DRF's browsable HTML pages under the documentation's CSP here; the CSV
download in ``renderers.csv``, GeoJSON in ``renderers.geojson``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import renderers

from woonmonitor.csp import use_policy


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML view of the API, with the policy of the API documentation.

    Its pages style themselves inline (code highlighting, a few floats); their scripts are
    files, so ``script-src 'self'`` holds there too. JSON and CSV keep the site's policy.
    """

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: dict | None = None,
    ) -> Any:
        response = (renderer_context or {}).get("response")
        if response is not None:
            use_policy(response, settings.SECURE_CSP_API_DOCS)
        return super().render(data, accepted_media_type, renderer_context)
