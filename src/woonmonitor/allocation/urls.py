"""Pages of the allocation app, under /aandachtsgroepen/."""

from django.urls import path, re_path

from .views import care as care_views
from .views import groups
from .views import placements as placement_views
from .views import realised as realised_views
from .views import scenarios as scenario_views
from .views import statushouders as statushouders_views
from .views import tasks as task_views

app_name = "allocation"

urlpatterns = [
    # groups and their definitions
    path("", groups.index, name="index"),
    path("groepen/<slug:key>/", groups.group_detail, name="group"),
    # statushouders: tasks, ledger, placements
    path("statushouders/", statushouders_views.region, name="statushouders"),
    path(
        "statushouders/tabel.<str:fmt>",
        statushouders_views.region_download,
        name="statushouders-download",
    ),
    re_path(
        r"^statushouders/(?P<code>GM\d{4})/$",
        statushouders_views.ledger_page,
        name="statushouders-ledger",
    ),
    re_path(
        r"^statushouders/(?P<code>GM\d{4})/grootboek\.csv$",
        statushouders_views.ledger_csv,
        name="statushouders-ledger-csv",
    ),
    path("plaatsingen/nieuw/", placement_views.placement_new, name="placement-new"),
    # fair share: scenarios
    path("scenarios/", scenario_views.scenario_list, name="scenarios"),
    path("scenarios/nieuw/", scenario_views.scenario_new, name="scenario-new"),
    path("scenarios/vergelijk/", scenario_views.scenario_compare, name="scenario-compare"),
    path("scenarios/<int:pk>/", scenario_views.scenario_detail, name="scenario"),
    path(
        "scenarios/<int:pk>/publiceren/",
        scenario_views.scenario_publish,
        name="scenario-publish",
    ),
    path("scenarios/<int:pk>/uitkomst.csv", scenario_views.scenario_csv, name="scenario-csv"),
    path("scenarios/<int:pk>/uitkomst.xlsx", scenario_views.scenario_xlsx, name="scenario-xlsx"),
    # housing with care: need of older people, woonzorg profile
    path("wonen-zorg/", care_views.need_page, name="care-need"),
    path("wonen-zorg/tabel.<str:fmt>", care_views.need_download, name="care-need-download"),
    path(
        "woonzorgprofiel/regio/<slug:slug>/",
        care_views.profile_region,
        name="woonzorg-region",
    ),
    path("woonzorgprofiel/<str:code>/", care_views.profile_municipality, name="woonzorg"),
    # tasks entered and uploaded
    path("taken/", task_views.task_list, name="tasks"),
    path("taken/nieuw/", task_views.task_new, name="task-new"),
    path("taken/upload/", task_views.task_upload, name="task-upload"),
    path("taken/sjabloon.<str:fmt>", task_views.task_template, name="task-template"),
    path("taken/<slug:key>/<str:code>/<str:period>/", task_views.task_detail, name="task"),
    # realised against fair share, spread within a municipality
    path("realisatie/", realised_views.realised_page, name="realised"),
    path("spreiding/<str:code>/", realised_views.spread_page, name="spread"),
]
