"""Serializers of the regions part of the public API."""

from __future__ import annotations

from rest_framework import serializers

from woonmonitor.areas.models import Region


class RegionSerializer(serializers.ModelSerializer):
    members = serializers.SlugRelatedField(
        slug_field="municipality_code",
        many=True,
        read_only=True,
        help_text="CBS codes of the member municipalities.",
    )

    class Meta:
        model = Region
        fields = ["slug", "name", "description", "members"]
        read_only_fields = fields
