"""Pages of the allocation app, under /aandachtsgroepen/."""

from django.urls import path

from .views import groups

app_name = "allocation"

urlpatterns = [
    # groups and their definitions
    path("", groups.index, name="index"),
    path("groepen/<slug:key>/", groups.group_detail, name="group"),
    # statushouders: tasks, ledger, placements
    # fair share: scenarios
    # housing with care: ratios, need, woonzorg profile
    # tasks entered and uploaded
    # realised against fair share, spread within a municipality
]
