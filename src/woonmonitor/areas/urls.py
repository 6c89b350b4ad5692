from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("gebieden/<str:code>/", views.area_detail, name="detail"),
    path("regios/", views.region_list, name="regions"),
    path("regios/<slug:slug>/", views.region_detail, name="region"),
    path("bronnen/", views.sources, name="sources"),
]
