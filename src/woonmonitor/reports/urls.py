from django.urls import path

from . import programming, views, woonzorg

app_name = "reports"
urlpatterns = [
    path(
        "prestatieafspraken/<int:pk>/voortgangsrapportage.pdf",
        views.progress_pdf,
        name="progress-pdf",
    ),
    path(
        "prestatieafspraken/<int:pk>/voortgangsrapportage.xlsx",
        views.progress_xlsx,
        name="progress-xlsx",
    ),
    path("monitor/gebied/<str:code>/factsheet.pdf", views.factsheet_pdf, name="factsheet-pdf"),
    path(
        "aandachtsgroepen/woonzorgprofiel/<str:key>.pdf",
        woonzorg.woonzorg_pdf_view,
        name="woonzorg-pdf",
    ),
    # the locatieatlas of woningbouwprogrammering (issue 12)
    path(
        "woningbouw/regio/<slug:slug>/locatieatlas.pdf",
        programming.region_pdf_view,
        name="locatieatlas-region",
    ),
    path(
        "woningbouw/gemeente/<str:code>/locatieatlas.pdf",
        programming.municipality_pdf_view,
        name="locatieatlas-municipality",
    ),
]
