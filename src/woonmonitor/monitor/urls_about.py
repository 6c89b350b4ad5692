"""URLs of the monitor: "Over de cijfers" (sources, statuses, disclosure, aggregation)."""

from django.urls import path

from .views import about

urlpatterns = [
    path("over-de-cijfers/", about.about, name="about"),
]
