"""URLs of the monitor: the start page (catalogue), indicator pages, the map and compare."""

from django.urls import path

from .views import catalogue, compare, maps

urlpatterns = [
    path("", catalogue.index, name="index"),
    path("indicatoren/<slug:key>/", catalogue.indicator_detail, name="indicator"),
    path("kaart/", maps.map_page, name="map"),
    path("kaart/data.<str:fmt>", maps.map_download, name="map-data"),
    path("vergelijk/", compare.compare_page, name="compare"),
    path("vergelijk/data.<str:fmt>", compare.compare_download, name="compare-data"),
]
