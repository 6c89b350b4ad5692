"""URLs of the monitor: area pages (profile and factsheet, trend, groups) and their downloads."""

from django.urls import path

from .views import groups, profile, trend

urlpatterns = [
    path("gebied/<str:code>/", profile.profile, name="profile"),
    path("gebied/<str:code>/profiel.<str:fmt>", profile.profile_data, name="profile-data"),
    path("gebied/<str:code>/trend/<slug:key>/", trend.trend, name="trend"),
    path("gebied/<str:code>/trend/<slug:key>.<str:fmt>", trend.trend_data, name="trend-data"),
    path("groep/<slug:slug>/", groups.group, name="group"),
    path("groep/<slug:slug>.<str:fmt>", groups.group_data, name="group-data"),
]
