from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from woonmonitor.areas.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("woonmonitor.areas.urls")),
    path("", include("woonmonitor.accounts.urls")),
    path("monitor/", include("woonmonitor.monitor.urls")),
    path("prestatieafspraken/", include("woonmonitor.agreements.urls")),
    path("aandachtsgroepen/", include("woonmonitor.allocation.urls")),
    path("woningbouw/", include("woonmonitor.programming.urls")),
    path("", include("woonmonitor.reports.urls")),
    path("importhistorie/", include("woonmonitor.imports.urls")),
    path("api/v1/", include("woonmonitor.api.urls")),
    path("", include("woonmonitor.api.health_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
