"""Query parameters and answers of the programming need and checks API
(``api/views/programming_checks.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class NeedQuerySerializer(serializers.Serializer):
    region = serializers.SlugField(
        required=False,
        help_text="Slug of a woondeal region (e.g. `woondeal-zuidoost-drenthe`); all without it.",
    )
    year = serializers.IntegerField(
        required=False,
        default=2030,
        min_value=2021,
        max_value=2040,
        error_messages={"min_value": _("Kies een jaar van 2021 tot en met 2040.")},
        help_text="Horizon year (default 2030).",
    )


class ChecksQuerySerializer(NeedQuerySerializer):
    basis = serializers.ChoiceField(
        choices=["projecten", "plancapaciteit-2021"],
        required=False,
        help_text=(
            "Plan figures from the real projects in Woonmonitor or from the published 2021 plan "
            "capacity; default per region: projects once every member municipality has them, "
            "else 2021."
        ),
    )


class NeedAnswerSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()
    results = serializers.ListField(child=serializers.DictField())


class ChecksAnswerSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    disclosure = serializers.CharField()
    count = serializers.IntegerField()
    results = serializers.ListField(child=serializers.DictField())
