from django.urls import path

from . import views, woonzorg

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
]
