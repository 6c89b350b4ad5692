"""Serializers of the programming part of the API (woningbouwprogrammering): projects.

The read serializer describes a project as ``services.project_data`` keeps it (every figure;
``null`` in a segment or dwelling type is *unknown*, never 0). The write serializer checks the
shape of the input only; whether the figures add up, and who may write, is decided by
``programming.services`` and ``programming.permissions``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from woonmonitor.programming.models import DeveloperKind, Project, Publicity
from woonmonitor.programming.parsing.segments import DwellingType, Segment

COUNTS_HELP = "{key: count}; null is unknown (not 0), a missing key is unknown too."


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "nullable": True},
        "description": COUNTS_HELP,
    }
)
class CountsField(serializers.JSONField):
    """``{key: int | null}`` with keys from ``choices``."""

    def __init__(self, *, keys: list[str], **kwargs: Any) -> None:
        self.keys = keys
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> dict[str, int | None]:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Geef een object {sleutel: aantal}."))
        unknown = sorted(set(value) - set(self.keys))
        if unknown:
            raise serializers.ValidationError(
                _("Onbekende sleutel(s): %(keys)s. Mogelijk: %(allowed)s.")
                % {"keys": ", ".join(map(str, unknown)), "allowed": ", ".join(self.keys)}
            )
        for key, count in value.items():
            if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
                raise serializers.ValidationError(
                    _("Het aantal bij %(key)s is geen geheel getal.") % {"key": key}
                )
        return value


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer"},
        "description": 'Expected delivery per year, e.g. {"2027": 40}; the rest is "year unknown".',
    }
)
class DeliveriesField(serializers.JSONField):
    def to_internal_value(self, data: Any) -> dict[int, int]:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Geef een object {jaar: aantal}."))
        result: dict[int, int] = {}
        for year, units in value.items():
            if not str(year).isdigit() or isinstance(units, bool) or not isinstance(units, int):
                raise serializers.ValidationError(
                    _('Schrijf de oplevering als {"2027": 40}: een jaar en een geheel getal.')
                )
            result[int(year)] = units
        return result


@extend_schema_field(OpenApiTypes.OBJECT)
class GeometryField(serializers.JSONField):
    """A GeoJSON Point, Polygon or MultiPolygon in WGS84 (checked by the view)."""


class ProjectSerializer(serializers.ModelSerializer):
    """A project as it is now (its history is on the project page)."""

    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    phase = serializers.CharField(source="phase.key", help_text="Key of the rung.")
    phase_name = serializers.CharField(source="phase.name")
    ladder = serializers.CharField(
        source="phase.ladder.version", help_text="Version of the ladder."
    )
    certainty = serializers.CharField(
        source="phase.certainty",
        help_text='"hard", "zacht", or "" for a rung that is no plan capacity (delivered, '
        "dropped).",
    )
    segments = serializers.SerializerMethodField(help_text=COUNTS_HELP)
    dwelling_types = serializers.SerializerMethodField(help_text=COUNTS_HELP)
    deliveries = serializers.SerializerMethodField()
    geometry = GeometryField(read_only=True, allow_null=True)
    # declared, so the schema does not depend on the database's integer bounds
    units_net = serializers.IntegerField(read_only=True)
    units_gross = serializers.IntegerField(read_only=True, allow_null=True)
    demolition = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "municipality_code",
            "owner",
            "developer_kind",
            "developer_name",
            "geometry",
            "wijk_code",
            "buurt_code",
            "units_gross",
            "demolition",
            "units_net",
            "segments",
            "dwelling_types",
            "deliveries",
            "phase",
            "phase_name",
            "ladder",
            "certainty",
            "publicity",
            "source",
            "source_id",
            "reference_date",
            "note",
            "is_demo",
            "updated_at",
        ]

    @extend_schema_field(CountsField(keys=Segment.values))
    def get_segments(self, project: Project) -> dict[str, int | None]:
        return {key: (project.segments or {}).get(key) for key in Segment.values}

    @extend_schema_field(CountsField(keys=DwellingType.values))
    def get_dwelling_types(self, project: Project) -> dict[str, int | None]:
        return {key: (project.dwelling_types or {}).get(key) for key in DwellingType.values}

    @extend_schema_field(DeliveriesField())
    def get_deliveries(self, project: Project) -> dict[str, int]:
        return {str(year): units for year, units in sorted((project.deliveries or {}).items())}


class ProjectInputSerializer(serializers.Serializer):
    """A new project (POST: the required fields) or a change (PATCH: any of them)."""

    name = serializers.CharField(max_length=200)
    municipality_code = serializers.RegexField(
        r"^[Gg][Mm]\d{4}$",
        error_messages={"invalid": _("Schrijf de gemeentecode als GM gevolgd door vier cijfers.")},
        help_text="CBS code, e.g. GM1681.",
    )
    owner = serializers.SlugField(
        required=False,
        help_text=(
            "Slug of the municipality or housing association that keeps the plan; may be "
            "left out when the caller writes for one of them only. Only on POST."
        ),
    )
    developer_kind = serializers.ChoiceField(choices=DeveloperKind.choices)
    developer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    geometry = GeometryField(
        required=False, allow_null=True, help_text="GeoJSON Point or (Multi)Polygon, WGS84."
    )
    units_net = serializers.IntegerField(help_text="Homes netto (gross - demolition).")
    units_gross = serializers.IntegerField(required=False, allow_null=True)
    demolition = serializers.IntegerField(required=False, allow_null=True)
    segments = CountsField(keys=Segment.values, required=False)
    dwelling_types = CountsField(keys=DwellingType.values, required=False)
    deliveries = DeliveriesField(required=False)
    phase = serializers.SlugField(help_text="Key of a rung of the ladder, e.g. `vastgesteld`.")
    publicity = serializers.ChoiceField(
        choices=Publicity.choices,
        required=False,
        help_text="Only the municipality sets it; default `partijen`.",
    )
    reference_date = serializers.DateField(
        required=False, help_text="The date the figures describe; default today."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="Why (kept in the history)."
    )


class ProjectsQuerySerializer(serializers.Serializer):
    municipality = serializers.RegexField(
        r"^[Gg][Mm]\d{4}$",
        required=False,
        error_messages={"invalid": _("Schrijf de gemeentecode als GM gevolgd door vier cijfers.")},
        help_text="CBS code, e.g. GM1681.",
    )
    region = serializers.SlugField(
        required=False, help_text="Slug of a woondeal region, e.g. `woondeal-zuidoost-drenthe`."
    )
    phase = serializers.SlugField(
        required=False,
        help_text="`hard`, `zacht`, or the key of a rung (e.g. `vastgesteld`).",
    )
