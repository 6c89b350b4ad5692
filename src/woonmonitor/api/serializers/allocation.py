"""Serializers of the allocation part of the API (aandachtsgroepen).

The read rows are plain dicts built by the views (``api/views/allocation.py``); the row
serializers describe them in the schema and validate query strings and the placement POST.
Who may post what is decided by ``allocation.placements`` (through ``accounts.access``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from woonmonitor.allocation.models import Group, GroupDefinition, Placement, Unit


class GroupDefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupDefinition
        fields = ["valid_from", "text", "source"]


class GroupSerializer(serializers.ModelSerializer):
    unit = serializers.ChoiceField(choices=Unit.choices, help_text="What the task counts.")
    statutory = serializers.BooleanField(
        help_text="The task follows the law (Huisvestingswet 2014 art. 28-30: statushouders)."
    )
    half_yearly = serializers.BooleanField(help_text="Tasks per half-year (else per year).")
    definitions = GroupDefinitionSerializer(
        many=True, help_text="Every definition, oldest first; a task keeps the one in force."
    )

    class Meta:
        model = Group
        fields = ["key", "name", "unit", "statutory", "half_yearly", "definitions"]


# ----------------------------------------------------------------------------- placements


class PlacementSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="key", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    # declared, so the schema does not depend on the database's integer bounds
    year = serializers.IntegerField(read_only=True)
    month = serializers.IntegerField(read_only=True, help_text="1-12.")
    count = serializers.IntegerField(read_only=True, help_text="Persons or households housed.")
    area_code = serializers.SerializerMethodField(
        help_text="Wijk or buurt: only for the organisation itself and province readers."
    )
    note = serializers.SerializerMethodField(
        help_text="Only for the organisation itself and province readers."
    )

    class Meta:
        model = Placement
        fields = [
            "id",
            "group",
            "municipality_code",
            "organisation",
            "organisation_name",
            "year",
            "month",
            "count",
            "area_code",
            "note",
            "is_demo",
            "created_at",
            "corrects",
        ]

    def _own(self, placement: Placement) -> bool:
        return self.context.get("reads_everything") or placement.organisation_id in (
            self.context.get("own_organisations") or ()
        )

    def get_area_code(self, placement: Placement) -> str:
        return placement.area_code if self._own(placement) else ""

    def get_note(self, placement: Placement) -> str:
        return placement.note if self._own(placement) else ""


class PlacementInputSerializer(serializers.Serializer):
    group = serializers.SlugField(help_text="Key of the priority group, e.g. `statushouders`.")
    municipality_code = serializers.RegexField(
        r"^[Gg][Mm]\d{4}$",
        error_messages={"invalid": _("Schrijf de gemeentecode als GM gevolgd door vier cijfers.")},
        help_text="CBS code of the municipality where the people were housed.",
    )
    organisation = serializers.SlugField(
        required=False,
        help_text=(
            "Slug of the organisation the figure is for; may be left out when the caller "
            "writes for one municipality or association only."
        ),
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(
        min_value=1,
        max_value=12,
        error_messages={
            "min_value": _("Een maand ligt tussen 1 en 12."),
            "max_value": _("Een maand ligt tussen 1 en 12."),
        },
    )
    count = serializers.IntegerField(
        min_value=0, error_messages={"min_value": _("Een aantal kan niet negatief zijn.")}
    )
    area_code = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10, help_text="WK or BU code."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PlacementsQuerySerializer(serializers.Serializer):
    group = serializers.SlugField(required=False)
    municipality = serializers.CharField(required=False, help_text="CBS code, e.g. GM1681.")
    year = serializers.IntegerField(required=False)
    organisation = serializers.SlugField(required=False)


# ----------------------------------------------------------------------------- scenarios


class NamedRefSerializer(serializers.Serializer):
    slug = serializers.CharField(required=False)
    key = serializers.CharField(required=False)
    name = serializers.CharField()


class ScenarioSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    region = NamedRefSerializer()
    group = NamedRefSerializer()
    period = serializers.CharField()
    year = serializers.IntegerField()
    half = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["draft", "published"])
    is_demo = serializers.BooleanField(help_text="Computed from invented demonstration figures.")
    owner = serializers.CharField(allow_null=True, help_text="The organisation that made it.")
    created_at = serializers.DateTimeField()


class ScenarioSerializer(ScenarioSummarySerializer):
    inputs = serializers.JSONField(
        help_text=(
            "The total, the keys with their weights, the caps, the split over associations "
            "and the figures each key used."
        )
    )
    result = serializers.JSONField(
        help_text="The outcome per municipality (and association) with every step."
    )
