"""Serializers of the monitor part of the API (Wijk- en Dorpenmonitor).

The catalogue is serialized per indicator (at most a few hundred). The value rows
and the profile rows are *not*: the views build those as plain dicts, and the row
serializers below only describe them in the OpenAPI schema. Query serializers
validate the query string (one instance per request).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from woonmonitor.areas.loaders.codes import level_of
from woonmonitor.areas.models import LEVEL_DEPTH, Level
from woonmonitor.monitor.models import (
    Aggregation,
    Computation,
    DisclosureKind,
    Indicator,
    Polarity,
    SourceKind,
    Theme,
    Unit,
    ValueStatus,
)

from .fields import EnumField

MIN_PERIOD = 1900
MAX_PERIOD = 2100


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


# ----------------------------------------------------------------------------- catalogue


class IndicatorSourceSerializer(serializers.Serializer):
    kind = EnumField(SourceKind.choices, enum_name="IndicatorSourceKindEnum", read_only=True)
    table = serializers.CharField(
        read_only=True, help_text="CBS table id (e.g. 85984NED) or the publication; may be empty."
    )
    variable = serializers.CharField(
        read_only=True, help_text="Variable in that table (e.g. AantalInwoners); may be empty."
    )


class IndicatorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This indicator in the API.")
    values_url = serializers.SerializerMethodField(help_text="Its values per area.")
    theme = EnumField(Theme.choices, enum_name="IndicatorThemeEnum", read_only=True)
    unit = EnumField(Unit.choices, enum_name="IndicatorUnitEnum", read_only=True)
    source = serializers.SerializerMethodField()
    computation = EnumField(Computation.choices, enum_name="ComputationEnum", read_only=True)
    numerator = serializers.CharField(
        read_only=True, help_text="For a ratio: key of the indicator above the line."
    )
    denominator = serializers.CharField(
        read_only=True, help_text="For a ratio: key of the indicator below the line."
    )
    factor = serializers.FloatField(
        read_only=True, help_text="For a ratio: numerator / denominator × factor."
    )
    aggregation = EnumField(Aggregation.choices, enum_name="AggregationEnum", read_only=True)
    weight = serializers.CharField(
        read_only=True, help_text="For a weighted mean: key of the indicator that weighs."
    )
    polarity = EnumField(Polarity.choices, enum_name="PolarityEnum", read_only=True)
    disclosure = EnumField(
        DisclosureKind.choices,
        enum_name="DisclosureEnum",
        read_only=True,
        help_text="Which CBS disclosure rule protects the values (see /monitor/over-de-cijfers/).",
    )
    disclosure_base = serializers.CharField(
        read_only=True,
        help_text="Key of the indicator (inhabitants, homes) the disclosure rule looks at.",
    )
    disclosure_minimum = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Minimum of that base below which a value is suppressed.",
    )

    class Meta:
        model = Indicator
        fields = [
            "key",
            "url",
            "values_url",
            "name",
            "description",
            "theme",
            "unit",
            "decimals",
            "source",
            "computation",
            "numerator",
            "denominator",
            "factor",
            "aggregation",
            "weight",
            "polarity",
            "disclosure",
            "disclosure_base",
            "disclosure_minimum",
            "catalogue_version",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "decimals": {
                "help_text": (
                    "Precision: the values of this indicator in the API and the downloads are "
                    "rounded to this many decimals (a ratio too, after the division)."
                )
            }
        }

    def get_url(self, indicator: Indicator) -> str:
        url = reverse("api:indicator-detail", kwargs={"key": indicator.key})
        return _absolute(self.context.get("request"), url)

    def get_values_url(self, indicator: Indicator) -> str:
        url = reverse("api:indicator-values", kwargs={"key": indicator.key})
        return _absolute(self.context.get("request"), url)

    @extend_schema_field(IndicatorSourceSerializer)
    def get_source(self, indicator: Indicator) -> dict[str, str]:
        return {
            "kind": indicator.source_kind,
            "table": indicator.source_table,
            "variable": indicator.source_variable,
        }


class IndicatorDetailSerializer(IndicatorSerializer):
    periods = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="The periods (years) that have values of this indicator, oldest first.",
    )

    class Meta(IndicatorSerializer.Meta):
        fields = [*IndicatorSerializer.Meta.fields, "periods"]
        read_only_fields = fields


# ----------------------------------------------------------------------------- query strings


def _code(value: str) -> str:
    code = value.strip().upper()
    if level_of(code) is None:
        raise serializers.ValidationError(
            _("Ongeldige CBS-code {code}; bijvoorbeeld GM1681, WK168100 of BU16810000.").format(
                code=value
            )
        )
    return code


class ValuesQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=Level.choices,
        required=False,
        error_messages={
            "invalid_choice": _(
                "Onbekend niveau {input}; kies land, provincie, gemeente, wijk of buurt."
            )
        },
        help_text="Only areas of this level. Default: every level.",
    )
    parent = serializers.CharField(
        required=False,
        help_text=(
            "Only areas inside this area, e.g. GM1681: with `level=wijk` its wijken, with "
            "`level=buurt` its buurten (the parent of their wijk); without `level` all areas "
            "inside it."
        ),
    )
    period = serializers.IntegerField(
        required=False,
        min_value=MIN_PERIOD,
        max_value=MAX_PERIOD,
        error_messages={
            "invalid": _("De periode moet een jaartal zijn, bijvoorbeeld 2024."),
            "min_value": _("De periode moet een jaartal vanaf {min_value} zijn."),
            "max_value": _("De periode moet een jaartal tot en met {max_value} zijn."),
        },
        help_text=(
            "Period (year). Default: the latest period in which one of the selected areas "
            "has a value."
        ),
    )
    area = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Only these area codes; repeat the parameter or separate codes by commas.",
    )

    def validate_parent(self, value: str) -> str:
        return _code(value)

    def validate_area(self, value: list[str]) -> list[str]:
        return [_code(part) for item in value for part in item.split(",") if part.strip()]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        level, parent = attrs.get("level"), attrs.get("parent")
        if level and parent and _depth(level) <= _depth(level_of(parent)):
            raise serializers.ValidationError(
                {
                    "level": _("Het niveau {level} ligt niet binnen {parent}.").format(
                        level=level, parent=parent
                    )
                }
            )
        return attrs


def _depth(level: str | None) -> int:
    return LEVEL_DEPTH[Level(level)]


class ProfileQuerySerializer(serializers.Serializer):
    period = serializers.IntegerField(
        required=False,
        min_value=MIN_PERIOD,
        max_value=MAX_PERIOD,
        error_messages=ValuesQuerySerializer().fields["period"].error_messages,
        help_text="Period (year). Default: the latest period the profile has values for.",
    )


# ----------------------------------------------------------------------------- rows (schema only)


# The source of a value and its three dates, each with its own meaning (see CHANGELOG, Unreleased:
# these replace ``source_date``, which was the loading date under a misleading name).


class SourceField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            "The source as a person cites it: publisher, title and table (“CBS, Kerncijfers "
            "wijken en buurten 2024 (85984NED)”); for a party's input “Ingevoerd door "
            "<organisation>”; for a value the Woonmonitor summed or computed, that and the "
            "table its inputs come from. How the file reached us is on the sources page "
            "(/bronnen/), not here.",
        )
        super().__init__(**kwargs)


class ReferenceDateField(serializers.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault(
            "help_text",
            "Reference date (peildatum): the day the figure describes, from the source's rule "
            "and the period (CBS Kerncijfers: 1 January of the year; a figure over a whole "
            "year: 31 December). Null when the source gives none (a party's input).",
        )
        super().__init__(**kwargs)


class PublishedOnField(serializers.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault(
            "help_text",
            "When the publisher published the table (or document) the value comes from. Null "
            "when that date is not known to us.",
        )
        super().__init__(**kwargs)


class LoadedAtField(serializers.DateTimeField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault(
            "help_text",
            "When the Woonmonitor loaded (imported or recorded) the value: neither the "
            "reference date nor the publication date. Null when not known.",
        )
        super().__init__(**kwargs)


class IndicatorValueRowSerializer(serializers.Serializer):
    """One value, as the public may see it (after disclosure control)."""

    area = serializers.CharField(help_text="CBS code of the area.")
    area_name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    vintage = serializers.IntegerField(
        help_text="Vintage (year of the CBS area classification) of the area the value is for."
    )
    period = serializers.IntegerField(help_text="Period (year) the value describes.")
    value = serializers.FloatField(
        allow_null=True,
        help_text=(
            "Null when the value is suppressed (geheim) or missing; otherwise rounded to the "
            "indicator's `decimals` (after disclosure control), a whole number without `.0`."
        ),
    )
    status = EnumField(ValueStatus.choices, enum_name="ValueStatusEnum")
    note = serializers.CharField(
        help_text='Why a value is suppressed or missing (e.g. "minder dan 10 inwoners"), or '
        "how it was computed; may be empty."
    )
    source = SourceField()
    reference_date = ReferenceDateField()
    published_on = PublishedOnField()
    loaded_at = LoadedAtField()


class IndicatorValuesSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Key of the indicator.")
    unit = EnumField(Unit.choices, enum_name="IndicatorUnitEnum")
    level = serializers.ChoiceField(choices=Level.choices, allow_null=True)
    parent = serializers.CharField(allow_null=True)
    period = serializers.IntegerField(
        allow_null=True, help_text="The period asked for, or the default; null without values."
    )
    count = serializers.IntegerField(help_text="Number of rows (all of them are in `results`).")
    results = IndicatorValueRowSerializer(many=True)


class ProfileRowSerializer(serializers.Serializer):
    """One indicator of the profile beside the municipality, province and country.

    An indicator without a value for the area in the period gives the values of the latest
    earlier year that has one (else the nearest later year), with that year in
    ``value_period``. Indicators without any value for the area are rows too, with status
    ``ontbreekt``. Values are rounded to the indicator's ``decimals`` after disclosure control.
    """

    area = serializers.CharField(help_text="CBS code of the area.")
    area_name = serializers.CharField()
    theme = EnumField(Theme.choices, enum_name="IndicatorThemeEnum")
    key = serializers.CharField(help_text="Key of the indicator.")
    name = serializers.CharField()
    unit = EnumField(Unit.choices, enum_name="IndicatorUnitEnum")
    period = serializers.IntegerField()
    value_period = serializers.IntegerField(
        allow_null=True,
        help_text=(
            "The year the values of this row describe: `period`, or the latest other year the "
            "area has a value for when it has none in `period`. Null without any value."
        ),
    )
    vintage = serializers.IntegerField(
        allow_null=True,
        help_text="Vintage of the area the value belongs to (the one nearest to the period).",
    )
    value = serializers.FloatField(
        allow_null=True,
        help_text="Null when suppressed or missing; rounded to the indicator's `decimals`.",
    )
    status = EnumField(ValueStatus.choices, enum_name="ValueStatusEnum")
    note = serializers.CharField(help_text="Why the value is suppressed or missing; may be empty.")
    municipality_value = serializers.FloatField(allow_null=True)
    municipality_status = EnumField(
        ValueStatus.choices, enum_name="ValueStatusEnum", allow_null=True
    )
    province_value = serializers.FloatField(allow_null=True)
    province_status = EnumField(ValueStatus.choices, enum_name="ValueStatusEnum", allow_null=True)
    country_value = serializers.FloatField(allow_null=True)
    country_status = EnumField(ValueStatus.choices, enum_name="ValueStatusEnum", allow_null=True)
    source = SourceField()
    reference_date = ReferenceDateField()
    published_on = PublishedOnField()
    loaded_at = LoadedAtField()


class ComparisonSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=["municipality", "province", "country"])
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)


class ProfileSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="CBS code of the area.")
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    vintage = serializers.IntegerField(
        help_text="Vintage of the area record the profile is for: of the vintages of the code "
        "with values in the period, the one nearest to the period."
    )
    period = serializers.IntegerField()
    periods = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every period with values for this code."
    )
    comparisons = ComparisonSerializer(
        many=True, help_text="The larger areas in the `*_value` columns."
    )
    count = serializers.IntegerField(help_text="Number of rows.")
    rows = ProfileRowSerializer(many=True)
