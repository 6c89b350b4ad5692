"""The area factsheet as an A4 PDF: the area profile of the monitor, on paper.

Built from ``monitor.profile.build_profile``, the same read model as the profile page, the
CSV/JSON downloads and the API, so the PDF never says something the page does not. The values
in it have passed disclosure control there.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from woonmonitor.monitor.children import child_table
from woonmonitor.monitor.profile import Profile

#: Indicators shown as key figures on top of the first page, when the area has them.
KEY_FIGURES = ("inwoners", "woningvoorraad", "woz-gemiddeld", "koopwoningen")


def filename(profile: Profile) -> str:
    return f"factsheet-{profile.area.code}-{profile.period or 'geen-jaar'}.pdf"


def _no_fetching(url: str, *args, **kwargs):
    """WeasyPrint may not fetch anything: the factsheet is self-contained."""
    raise ValueError(f"external resource refused in the factsheet: {url}")


def key_figures(profile: Profile) -> list:
    lines = {line.indicator.key: line for line in profile.lines}
    return [lines[key] for key in KEY_FIGURES if key in lines and lines[key].own.value is not None]


def render_html(profile: Profile) -> str:
    path = reverse("monitor:profile", args=[profile.area.code])
    if profile.period:
        path += f"?jaar={profile.period}"
    return render_to_string(
        "monitor/factsheet_pdf.html",
        {
            "profile": profile,
            "area": profile.area,
            "period": profile.period,
            "generated_at": timezone.localtime(),
            "page_path": path,
            "key_figures": key_figures(profile),
            "children": child_table(profile),
            "title": _("Factsheet %(name)s") % {"name": profile.area.name},
        },
    )


def factsheet_pdf(profile: Profile) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(profile), base_url=None, url_fetcher=_no_fetching).write_pdf()
