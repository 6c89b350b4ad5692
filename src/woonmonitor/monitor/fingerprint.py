"""A fingerprint of the monitor's data, for the cached documents (``woonmonitor.document_cache``).

Values are never overwritten: every import, computation or entry by a party adds values with
new ids, every loader records an import run, and the catalogue carries a version. So the
latest successful import run, the latest value and the shape of the catalogue change whenever
a map, a download or a factsheet could. Three index lookups, whatever the size of the data.
"""

from __future__ import annotations

from django.db.models import Count, Max

from woonmonitor.imports.models import ImportRun

from .models import Indicator, IndicatorValue


def data_fingerprint() -> str:
    run = ImportRun.objects.succeeded().aggregate(latest=Max("pk"))["latest"]
    value = IndicatorValue.objects.aggregate(latest=Max("pk"))["latest"]
    catalogue = Indicator.objects.aggregate(
        count=Count("pk"), latest=Max("pk"), version=Max("catalogue_version")
    )
    shape = "{count}.{latest}.{version}".format(**catalogue)
    return f"run{run}-value{value}-catalogue{shape}"
