"""Serializers of the areas part of the public API (areas, their key figures and geometry)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from woonmonitor.areas.models import Area, Boundary, KeyFigure
from woonmonitor.areas.querysets import boundary_for

#: OpenAPI schema of a GeoJSON geometry object (RFC 7946, WGS84).
GEOJSON_GEOMETRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "GeoJSON geometry (RFC 7946) in WGS84 longitude/latitude.",
    "properties": {
        "type": {"type": "string", "example": "MultiPolygon"},
        "coordinates": {"type": "array", "items": {}},
    },
    "required": ["type", "coordinates"],
}


def area_detail_url(area: Area, request=None) -> str:
    """The API URL of exactly this area record: its code and its vintage."""
    url = f"{reverse('api:area-detail', kwargs={'code': area.code})}?vintage={area.vintage}"
    return request.build_absolute_uri(url) if request is not None else url


class VintageQuerySerializer(serializers.Serializer):
    vintage = serializers.IntegerField(
        required=False,
        min_value=1800,
        max_value=9999,
        help_text="Vintage (year of the CBS area classification). Default: the latest one.",
    )


@extend_schema_field(
    {
        "type": "string",
        "format": "uri",
        "description": "API URL of this area in this vintage.",
    }
)
class AreaUrlField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Area) -> str:
        return area_detail_url(value, self.context.get("request"))


class AreaSerializer(serializers.ModelSerializer):
    url = AreaUrlField()
    parent = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code of the area this area lies in; null for the top level.",
    )

    class Meta:
        model = Area
        fields = ["url", "code", "name", "level", "vintage", "name_vintage", "parent"]
        read_only_fields = fields


class KeyFigureSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_key_display", read_only=True)
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, read_only=True
    )

    class Meta:
        model = KeyFigure
        fields = ["key", "label", "value", "reference_date", "source"]
        read_only_fields = fields


class AreaDetailSerializer(AreaSerializer):
    """One area with its children, key figures and boundary.

    When this vintage of the area has no boundary loaded, the boundary of the same
    code in the nearest vintage (the later one on a tie) is used; `geometry_vintage`
    then differs from `vintage`.
    """

    children = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of the areas in this area."
    )
    key_figures = KeyFigureSerializer(many=True, read_only=True)
    geometry = serializers.SerializerMethodField()
    geometry_vintage = serializers.SerializerMethodField(
        help_text=(
            "Vintage the geometry comes from. Differs from `vintage` when this vintage has "
            "no boundary loaded and the boundary of the same code in the nearest vintage is "
            "borrowed. Null when no vintage of this code has a boundary."
        )
    )
    geometry_source = serializers.SerializerMethodField(
        help_text="Source of the geometry; null when there is none."
    )

    class Meta(AreaSerializer.Meta):
        fields = [
            *AreaSerializer.Meta.fields,
            "children",
            "key_figures",
            "geometry",
            "geometry_vintage",
            "geometry_source",
        ]
        read_only_fields = fields

    def _boundary(self, area: Area) -> tuple[Boundary | None, int | None]:
        cache = self.context.setdefault("resolved_boundaries", {})
        if area.pk not in cache:
            cache[area.pk] = boundary_for(area)
        return cache[area.pk]

    @extend_schema_field({**GEOJSON_GEOMETRY_SCHEMA, "nullable": True})
    def get_geometry(self, area: Area) -> dict[str, Any] | None:
        boundary, _ = self._boundary(area)
        return boundary.geometry if boundary is not None else None

    def get_geometry_vintage(self, area: Area) -> int | None:
        return self._boundary(area)[1]

    def get_geometry_source(self, area: Area) -> str | None:
        boundary, _ = self._boundary(area)
        return boundary.source if boundary is not None else None


# GeoJSON FeatureCollection of /areas/{code}/geometry/, for the schema only.


class AreaFeaturePropertiesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Area._meta.get_field("level").choices)
    vintage = serializers.IntegerField()
    geometry_vintage = serializers.IntegerField(
        allow_null=True,
        help_text=(
            "Vintage the geometry comes from; differs from `vintage` when borrowed from the "
            "nearest vintage of the same code. Null when there is no geometry."
        ),
    )
    url = serializers.URLField()


class AreaFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "Feature".')
    id = serializers.CharField(help_text="The area code.")
    geometry = serializers.SerializerMethodField()
    properties = AreaFeaturePropertiesSerializer()

    @extend_schema_field({**GEOJSON_GEOMETRY_SCHEMA, "nullable": True})
    def get_geometry(self, obj: Any) -> dict[str, Any] | None:  # pragma: no cover - schema only
        return None


class AreaFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='Always "FeatureCollection".')
    features = AreaFeatureSerializer(many=True)
