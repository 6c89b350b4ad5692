"""Pages of woningbouwprogrammering under ``/woningbouw/``."""

from django.urls import path

from .views import dashboard, peilmomenten, project_edit, projects
from .views import imports as import_views
from .views import map as plan_map

app_name = "programming"

urlpatterns = [
    # -- dashboard, need and checks (helper: dashboard) --
    path("", dashboard.index, name="index"),
    path("regio/<slug:slug>/", dashboard.region_page, name="region"),
    path("gemeente/<str:code>/", dashboard.municipality_page, name="municipality"),
    path("toelichting/", dashboard.explain, name="explain"),
    # -- end dashboard --
    # -- projects, map and project pages (helper: projects) --
    path("projecten/", projects.project_list_page, name="project-list"),
    path("projecten/nieuw/", project_edit.project_new, name="project-new"),
    path("projecten/<int:pk>/", projects.project_detail, name="project"),
    path("projecten/<int:pk>/bewerken/", project_edit.project_edit, name="project-edit"),
    path("projecten/<int:pk>/fase/", projects.project_move_phase, name="project-move-phase"),
    path("projecten/<int:pk>/ondersteuning/", projects.project_support, name="project-support"),
    path("kaart/", plan_map.plan_map, name="map"),
    # -- end projects --
    # -- imports, plan lists and duplicates (helper: imports) --
    path("plannen/sjabloon/<str:fmt>/", import_views.plan_template, name="plan-template"),
    path("plannen/upload/", import_views.plan_upload, name="plan-upload"),
    path("dubbelingen/", import_views.duplicates, name="duplicates"),
    # -- end imports --
    # -- peilmomenten and the PDF (helper: peilmomenten) --
    path("peilmomenten/", peilmomenten.peilmoment_list, name="peilmomenten"),
    path("peilmomenten/vastleggen/", peilmomenten.peilmoment_take, name="peilmoment-take"),
    path("peilmomenten/vergelijk/", peilmomenten.peilmoment_compare, name="peilmoment-compare"),
    # the locatieatlas PDFs (/woningbouw/regio/<slug>/locatieatlas.pdf and
    # /woningbouw/gemeente/<code>/locatieatlas.pdf) are in reports/urls.py: programming may not
    # import reports (tests/test_architecture.py), as for the woonzorg PDF
    # -- end peilmomenten --
]
