"""The woonzorg profile of a municipality or region as an A4 PDF (issue 11, point 5): the
numeric annex of a woonzorgvisie, on paper.

Built from ``allocation.woonzorg.build_profile``, the same read model as the profile page and
its CSV, so the PDF never says something the page does not. Links in it are absolute (a PDF
has no site to be relative to). Public like the page; anonymous visitors share one rendering
per version of the data (``woonmonitor.document_cache``). Reads the database.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from woonmonitor.allocation import care, woonzorg
from woonmonitor.areas.models import Region
from woonmonitor.document_cache import cached_document
from woonmonitor.monitor.fingerprint import data_fingerprint

MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$", re.IGNORECASE)


def filename(profile: woonzorg.WoonzorgProfile) -> str:
    return f"woonzorgprofiel-{profile.scope.key.lower()}-{profile.on:%Y-%m-%d}.pdf"


def page_path(scope: care.Scope) -> str:
    if scope.kind == "regio":
        return reverse("allocation:woonzorg-region", args=[scope.key])
    return reverse("allocation:woonzorg", args=[scope.key])


def _no_fetching(url: str, *args, **kwargs):
    """WeasyPrint may not fetch anything: the profile is self-contained."""
    raise ValueError(f"external resource refused in the woonzorg profile: {url}")


def render_html(profile: woonzorg.WoonzorgProfile, *, base_url: str) -> str:
    """The PDF's HTML; ``base_url`` (``https://host``) makes every link absolute."""
    path = page_path(profile.scope)
    return render_to_string(
        "reports/woonzorg_pdf.html",
        {
            "profile": profile,
            "scope": profile.scope,
            "need": profile.care_need,
            "generated_at": timezone.localtime(),
            "page_url": base_url + path,
            "need_url": base_url
            + reverse("allocation:care-need")
            + (f"?regio={profile.scope.key}" if profile.scope.kind == "regio" else ""),
            "csv_url": base_url + path + "?formaat=csv",
            "sources_url": base_url + reverse("areas:sources"),
            "title": _("Woonzorgprofiel %(name)s") % {"name": profile.scope.name},
        },
    )


def woonzorg_pdf(profile: woonzorg.WoonzorgProfile, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_html(profile, base_url=base_url)
    return HTML(string=html, base_url=None, url_fetcher=_no_fetching).write_pdf()


def scope_for(request: HttpRequest, key: str) -> care.Scope:
    """A GM code is a municipality, anything else a region slug; 404 when neither exists."""
    if MUNICIPALITY_CODE.match(key):
        scope = care.municipality_scope(key)
        if scope is None:
            raise Http404(_("Deze gemeente bestaat niet."))
        return scope
    region = get_object_or_404(Region.objects.visible_to(request.user), slug=key)
    return care.region_scope(region)


@require_GET
def woonzorg_pdf_view(request: HttpRequest, key: str) -> HttpResponse:
    scope = scope_for(request, key)
    base_url = request.build_absolute_uri("/").rstrip("/")
    today = timezone.localdate()

    def build() -> tuple[bytes, str]:
        profile = woonzorg.build_profile(scope, on=today)
        return woonzorg_pdf(profile, base_url=base_url), filename(profile)

    parts = [scope.kind, scope.key, today.isoformat(), base_url]
    parts += [woonzorg.fingerprint(), data_fingerprint()]
    content, name = cached_document(request.user, "woonzorg-pdf", parts, build)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
