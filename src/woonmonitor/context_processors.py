from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from woonmonitor.imports.models import ImportRun


def footer_sources() -> list[str]:
    """The readable citations (publisher, title, table) of the sources with a successful public
    import, each once: the footer names them; how they reached us is on the sources page."""
    citations: dict[str, None] = {}
    for run in ImportRun.objects.latest_per_data_source():
        citations.setdefault(run.data_source.citation, None)
    return list(citations)


def site(request: HttpRequest) -> dict:
    """Site-wide context: the data sources shown in the footer, map settings."""
    return {
        "data_sources": footer_sources,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
