"""The public API, version 1: open data to read, and reporting on agreements by their parties."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from .views import AreaViewSet, OrganisationViewSet, RegionViewSet
from .views.agreements import (
    AgreementViewSet,
    CommitmentViewSet,
    RealisedFigureViewSet,
    TargetViewSet,
)
from .views.monitor import CODE_REGEX, AreaProfileView, IndicatorViewSet

app_name = "api"

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("regions", RegionViewSet, basename="region")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("agreements", AgreementViewSet, basename="agreement")
AGREEMENT = r"agreements/(?P<agreement_id>[0-9]+)"
router.register(f"{AGREEMENT}/commitments", CommitmentViewSet, basename="agreement-commitment")
router.register(f"{AGREEMENT}/targets", TargetViewSet, basename="agreement-target")
router.register(f"{AGREEMENT}/realised", RealisedFigureViewSet, basename="agreement-realised")
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(
        rf"^areas/(?P<code>{CODE_REGEX})/profile/$", AreaProfileView.as_view(), name="area-profile"
    ),
    *router.urls,
]
