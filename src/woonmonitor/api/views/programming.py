"""Housing plans (woningbouwprogrammering): read the projects, as JSON or GeoJSON, and keep
your own as a party.

Every queryset starts from ``Project.objects.visible_to(user)``: a visitor gets the plans the
municipality publishes as projects, a party also the plans of its own municipalities, the
province everything. ``is_demo`` marks invented demonstration plans (they count in no total).
``?format=geojson`` gives a FeatureCollection (geometry as stored, WGS84; the figures as
properties), paginated like JSON with ``count``, ``next`` and ``previous`` as members.

Writes go through ``programming.services`` (``save_project``, ``move_phase``); who may write is
decided by ``programming.permissions``. Authentication as in the rest of the write API (an API
token, a session with its CSRF token, or basic auth). Status codes of the writes:

- 401 with ``WWW-Authenticate``: not authenticated;
- 404: the caller cannot see the project (PATCH);
- 403: no right to keep plans (for this organisation, in this municipality, or this plan), to
  set its publicity (only the municipality), or a session request without a CSRF token;
- 400: invalid input, an unknown rung or organisation, or figures that do not add up, with the
  Dutch messages of ``programming.figures``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from woonmonitor.programming import permissions, services
from woonmonitor.programming.figures import ProjectFigures
from woonmonitor.programming.geometry import GeometryError, check
from woonmonitor.programming.ladder import current_ladder
from woonmonitor.programming.models import Phase, Project, ProjectSource, Publicity
from woonmonitor.programming.parameters import woondeal_regions

from ..renderers import BrowsableAPIRenderer
from ..renderers.geojson import GeoJSONRenderer
from ..serializers.programming import (
    ProjectInputSerializer,
    ProjectSerializer,
    ProjectsQuerySerializer,
)

TAGS = ["programming"]
CERTAINTIES = ("hard", "zacht")
FIGURES = ("units_net", "units_gross", "demolition", "segments", "dwelling_types", "deliveries")


def feature(data: dict[str, Any]) -> dict[str, Any]:
    properties = {key: value for key, value in data.items() if key != "geometry"}
    return {
        "type": "Feature",
        "id": data["id"],
        "geometry": data.get("geometry"),
        "properties": properties,
    }


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "geojson"],
    description="`geojson`: a GeoJSON FeatureCollection (a Feature for one project).",
)


def _write_responses(created: bool) -> dict[int, Any]:
    return {
        201 if created else 200: ProjectSerializer,
        400: OpenApiResponse(description="Invalid input or figures that do not add up (Dutch)."),
        401: OpenApiResponse(description="Not authenticated (with a WWW-Authenticate header)."),
        403: OpenApiResponse(
            description=(
                "No right to keep this plan, or to set its publicity, or a session request "
                "without a valid CSRF token."
            )
        ),
        **({} if created else {404: OpenApiResponse(description="No project the caller sees.")}),
    }


@extend_schema_view(
    list=extend_schema(
        summary="List housing plans",
        description=(
            "The plans the caller may see, with every figure (null in a segment or dwelling "
            "type is unknown, not 0), the rung of the phase ladder and hard/zacht. `is_demo` "
            "marks invented demonstration plans."
        ),
        parameters=[ProjectsQuerySerializer, FORMAT_PARAMETER],
    ),
    retrieve=extend_schema(
        summary="One housing plan",
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH),
            FORMAT_PARAMETER,
        ],
        responses={
            200: ProjectSerializer,
            404: OpenApiResponse(description="No such plan, or one the caller may not see."),
        },
    ),
    create=extend_schema(
        summary="Add a housing plan",
        description=(
            "For an editor or admin of a municipality (in its own municipality) or of a "
            "housing association (where it works, as owner). Segments and building forms "
            "must add up to units_net; every change is kept as a version."
        ),
        request=ProjectInputSerializer,
        responses=_write_responses(True),
    ),
    partial_update=extend_schema(
        summary="Change a housing plan",
        description=(
            "For the plan's owner and the municipality it is in. Send only what changes; "
            "sending only `phase` (and `reason`) moves the plan on the ladder."
        ),
        request=ProjectInputSerializer,
        responses=_write_responses(False),
    ),
)
@extend_schema(tags=TAGS)
class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProjectSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]  # anonymous writes: 401
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, GeoJSONRenderer]
    filter_backends: list[type] = []
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_renderers(self) -> list:
        """GeoJSON for reading only: a write answers with the project as JSON."""
        renderers = super().get_renderers()
        if getattr(self, "action", None) in ("list", "retrieve"):
            return renderers
        return [r for r in renderers if not isinstance(r, GeoJSONRenderer)]

    def get_queryset(self) -> QuerySet[Project]:
        projects = Project.objects.select_related("phase__ladder", "owner").order_by(
            "municipality_code", "name", "pk"
        )
        if getattr(self, "swagger_fake_view", False):
            return projects
        projects = projects.visible_to(self.request.user)
        if self.action != "list":
            return projects
        query = ProjectsQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if params.get("municipality"):
            projects = projects.filter(municipality_code=params["municipality"].upper())
        if params.get("region"):
            region = next((r for r in woondeal_regions() if r.slug == params["region"]), None)
            if region is None:
                raise ValidationError({"region": [_("Onbekende woondealregio.")]})
            projects = projects.in_codes(region.codes)
        phase = params.get("phase")
        if phase in CERTAINTIES:
            projects = projects.filter(phase__certainty=phase)
        elif phase:
            if not Phase.objects.filter(key=phase).exists():
                raise ValidationError(
                    {
                        "phase": [
                            _("Onbekende fase: %(key)s (of gebruik hard/zacht).") % {"key": phase}
                        ]
                    }
                )
            projects = projects.filter(phase__key=phase)
        return projects

    # -- reading -------------------------------------------------------------------------

    def _geojson(self, request: Request) -> bool:
        renderer = getattr(request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "geojson"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        items = page if page is not None else list(queryset)
        data = self.get_serializer(items, many=True).data
        if not self._geojson(request):
            return self.get_paginated_response(data) if page is not None else Response(data)
        collection: dict[str, Any] = {"type": "FeatureCollection"}
        if page is not None:
            paginator = self.paginator
            collection |= {
                "count": paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
            }
        collection["features"] = [feature(item) for item in data]
        return Response(collection)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(self.get_object()).data
        return Response(feature(data) if self._geojson(request) else data)

    # -- writing -------------------------------------------------------------------------

    def _phase(self, key: str, project: Project | None = None) -> Phase:
        ladder = project.phase.ladder if project is not None else current_ladder()
        phase = Phase.objects.filter(ladder=ladder, key=key).first()
        if phase is None:
            raise ValidationError({"phase": [_("Onbekende fase: %(key)s.") % {"key": key}]})
        return phase

    def _owner(self, slug: str | None, code: str):
        allowed = permissions.writing_organisations(self.request.user, code)
        if slug:
            for organisation in allowed:
                if organisation.slug == slug:
                    return organisation
            raise PermissionDenied(
                _("U mag voor deze organisatie geen plannen in deze gemeente bijhouden.")
            )
        if not allowed:
            raise PermissionDenied(
                _(
                    "Alleen bewerkers en beheerders van de gemeente of van een corporatie die "
                    "er werkt, houden hier plannen bij."
                )
            )
        if len(allowed) > 1:
            raise ValidationError(
                {
                    "owner": [
                        _("U schrijft voor meer organisaties; kies er een: %(slugs)s.")
                        % {"slugs": ", ".join(o.slug for o in allowed)}
                    ]
                }
            )
        return allowed[0]

    @staticmethod
    def _geometry(data: dict[str, Any]) -> None:
        if data.get("geometry") is not None:
            try:
                data["geometry"] = check(data["geometry"])
            except GeometryError as exc:
                raise ValidationError({"geometry": [str(exc)]}) from exc

    @staticmethod
    def _save(**arguments: Any) -> Project:
        try:
            return services.save_project(**arguments)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages}) from exc

    def _output(self, project: Project, code: int) -> Response:
        project = Project.objects.select_related("phase__ladder", "owner").get(pk=project.pk)
        return Response(self.get_serializer(project).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        serializer = ProjectInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        code = data.pop("municipality_code").upper()
        owner = self._owner(data.pop("owner", None), code)
        publicity = data.pop("publicity", Publicity.PARTIES)
        if publicity != Publicity.PARTIES and not permissions.may_set_publicity(
            request.user, Project(municipality_code=code)
        ):
            raise PermissionDenied(_("Alleen de gemeente bepaalt hoe openbaar een plan is."))
        self._geometry(data)
        phase = self._phase(data.pop("phase"))
        figures = ProjectFigures(
            units_net=data.pop("units_net"),
            units_gross=data.pop("units_gross", None),
            demolition=data.pop("demolition", None),
            segments=data.pop("segments", {}),
            dwelling_types=data.pop("dwelling_types", {}),
            deliveries=data.pop("deliveries", {}),
        )
        reason = data.pop("reason", "")
        project = self._save(
            user=request.user,
            figures=figures,
            phase=phase,
            owner=owner,
            reason=reason,
            municipality_code=code,
            publicity=publicity,
            source=ProjectSource.FORM,
            reference_date=data.pop("reference_date", timezone.localdate()),
            **data,
        )
        return self._output(project, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        project = self.get_object()  # 404 when not visible
        if not permissions.may_edit(request.user, project):
            raise PermissionDenied(_("U mag dit plan niet bijhouden."))
        serializer = ProjectInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "owner" in data:
            raise ValidationError({"owner": [_("De eigenaar van een plan verandert niet.")]})
        if "municipality_code" in data:
            data["municipality_code"] = data["municipality_code"].upper()
        new_publicity = data.get("publicity", project.publicity)
        if new_publicity != project.publicity and not permissions.may_set_publicity(
            request.user, project
        ):
            raise PermissionDenied(_("Alleen de gemeente bepaalt hoe openbaar een plan is."))
        reason = data.pop("reason", "")
        phase = self._phase(data.pop("phase"), project) if "phase" in data else project.phase
        if not data:
            try:
                project = services.move_phase(
                    user=request.user, project=project, phase=phase, reason=reason
                )
            except DjangoPermissionDenied as exc:
                raise PermissionDenied(str(exc)) from exc
            return self._output(project, status.HTTP_200_OK)
        self._geometry(data)
        current = services.figures_of(project)
        values = {name: data.pop(name, getattr(current, name)) for name in FIGURES}
        figures = ProjectFigures(**values)
        project = self._save(
            user=request.user,
            project=project,
            figures=figures,
            phase=phase,
            reason=reason,
            **data,
        )
        return self._output(project, status.HTTP_200_OK)
