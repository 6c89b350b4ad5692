"""Serializers of the tasks endpoint of the allocation API (``api/views/allocation_tasks.py``):
the query string and the rows of ``GET /api/v1/allocation/tasks/``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from woonmonitor.allocation.models import Task


class TasksQuerySerializer(serializers.Serializer):
    group = serializers.CharField(
        help_text="Key of the priority group, e.g. `statushouders` (see /allocation/groups/)."
    )
    period = serializers.RegexField(
        r"^\d{4}(-[012])?$",
        required=False,
        error_messages={
            "invalid": _(
                "Schrijf de periode als jaar-halfjaar (2023-1, 2023-2) of als jaar (2024)."
            )
        },
        help_text=(
            "`2023-1` / `2023-2` for a half-year, `2024` for a whole year. Default: the latest "
            "period with a task for the group."
        ),
    )
    region = serializers.SlugField(
        required=False,
        help_text=(
            "Slug of a region (see /regions/), or `drenthe` for every municipality of the "
            "province: one row per member municipality, also those without a task. Without "
            "it: every municipality that has a task."
        ),
    )


class TaskRowSerializer(serializers.Serializer):
    municipality_code = serializers.CharField(help_text="CBS code, e.g. GM1681.")
    municipality_name = serializers.CharField()
    group = serializers.CharField()
    period = serializers.CharField(help_text="`2023-1`, or `2024` for a whole year.")
    task = serializers.IntegerField(allow_null=True, help_text="The current task; null: none.")
    carried_over = serializers.IntegerField(
        allow_null=True,
        help_text=(
            "Statushouders: the balance brought in from the half-year before (positive = a "
            "lead, negative = a backlog); null when it is not known or for other groups."
        ),
    )
    corrected_task = serializers.IntegerField(
        allow_null=True,
        help_text="Task - carried_over (task + backlog - lead); for other groups the task.",
    )
    housed = serializers.IntegerField(
        help_text=(
            "Persons or households housed in the period by the current placements (the "
            "municipality's own figure per month where it entered one, else its associations')."
        )
    )
    balance = serializers.IntegerField(
        allow_null=True, help_text="housed - corrected_task: positive a lead, negative a backlog."
    )
    origin = serializers.ChoiceField(
        choices=Task.Origin.choices, allow_null=True, help_text="How the task came about."
    )
    source = serializers.CharField(help_text="Where the task comes from.")
    definition_valid_from = serializers.DateField(
        allow_null=True, help_text="The group's definition in force when the period began."
    )
    recorded_at = serializers.DateTimeField(allow_null=True)
    is_demo = serializers.BooleanField(
        help_text="Housed includes invented demonstration figures (demonstratiecijfers)."
    )


class TasksSerializer(serializers.Serializer):
    group = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    results = TaskRowSerializer(many=True)
