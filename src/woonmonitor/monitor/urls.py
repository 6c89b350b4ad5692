"""URLs of the Wijk- en Dorpenmonitor, mounted at ``/monitor/`` (namespace ``monitor``)."""

from django.urls import include, path

app_name = "monitor"

urlpatterns = [
    path("", include("woonmonitor.monitor.urls_maps")),
    path("", include("woonmonitor.monitor.urls_area")),
    path("", include("woonmonitor.monitor.urls_about")),
    path("", include("woonmonitor.monitor.urls_input")),
]
