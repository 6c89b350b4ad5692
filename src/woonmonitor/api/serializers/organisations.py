"""Serializers of the organisations part of the public API."""

from __future__ import annotations

from rest_framework import serializers

from woonmonitor.accounts.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "short_name", "area_code"]
        read_only_fields = fields
