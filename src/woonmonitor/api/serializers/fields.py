"""Serializer fields shared by the parts of the API. No database."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_field
from rest_framework import serializers


class EnumField(serializers.ChoiceField):
    """A ChoiceField shown in the schema as one named enum component.

    Several choice sets share a field name here (``status`` of an agreement, a
    commitment and a target evaluation; ``kind`` of a table, a target and a
    comment), which drf-spectacular can only name with a hash and a warning.
    """

    def __init__(self, choices: Any, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField
    match_subclasses = True

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema = build_choice_field(self.target)
        schema.pop("x-spec-enum-id", None)
        return schema
