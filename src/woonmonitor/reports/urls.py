from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<int:pk>/voortgangsrapportage.pdf", views.progress_pdf, name="progress-pdf"),
    path("<int:pk>/voortgangsrapportage.xlsx", views.progress_xlsx, name="progress-xlsx"),
]
