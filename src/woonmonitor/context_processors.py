from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from woonmonitor.imports.models import ImportRun


def site(request: HttpRequest) -> dict:
    """Site-wide context: the data sources shown in the footer, map settings."""
    return {
        "data_sources": lambda: ImportRun.objects.latest_per_source(),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
