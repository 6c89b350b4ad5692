"""The public API, version 1: open data to read, and reporting on agreements by their parties."""

from django.conf import settings
from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from woonmonitor.csp import csp_override

from .views import AreaViewSet, OrganisationViewSet, RegionViewSet
from .views.agreements import (
    AgreementViewSet,
    CommitmentViewSet,
    RealisedFigureViewSet,
    TargetViewSet,
)
from .views.allocation import GroupViewSet, PlacementViewSet, ScenarioViewSet
from .views.allocation_tasks import TaskListView
from .views.monitor import CODE_REGEX, AreaProfileView, IndicatorViewSet
from .views.programming import ProjectViewSet
from .views.programming_checks import ChecksView, NeedView

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
# allocation (aandachtsgroepen)
router.register("allocation/groups", GroupViewSet, basename="allocation-group")
router.register("allocation/placements", PlacementViewSet, basename="allocation-placement")
router.register("allocation/scenarios", ScenarioViewSet, basename="allocation-scenario")
# programming (woningbouwprogrammering): projects (helper: peilmomenten)
router.register("programming/projects", ProjectViewSet, basename="programming-project")
# -- end programming router --

# The documentation pages get a policy of their own (inline styles, ReDoc's search worker);
# Swagger UI's start script is served as a file of its own (the split view), ReDoc's by our
# template (templates/drf_spectacular/redoc.html), so neither needs an inline script.
docs_policy = csp_override(settings.SECURE_CSP_API_DOCS)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("redoc/", docs_policy(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    re_path(
        rf"^areas/(?P<code>{CODE_REGEX})/profile/$", AreaProfileView.as_view(), name="area-profile"
    ),
    path("allocation/tasks/", TaskListView.as_view(), name="allocation-tasks"),
    # -- programming need and checks (helper: dashboard) --
    path("programming/need/", NeedView.as_view(), name="programming-need"),
    path("programming/checks/", ChecksView.as_view(), name="programming-checks"),
    # -- end programming need and checks --
    *router.urls,
]
