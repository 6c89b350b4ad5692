"""Fixtures of the programming tests: the phase ladder from its data file and projects made
through ``services.save_project`` (so every project has its first version, as in use)."""

from __future__ import annotations

import datetime

import pytest

from woonmonitor.programming.figures import ProjectFigures
from woonmonitor.programming.ladder import load_ladders, phase_by_name
from woonmonitor.programming.models import DeveloperKind, Publicity
from woonmonitor.programming.services import save_project


@pytest.fixture
def ladder(db):
    load_ladders()
    return phase_by_name


@pytest.fixture
def make_project(ladder):
    """``make_project(name=..., municipality_code=..., units_net=..., phase="initiatief",
    segments={...}, ...)``: a project saved as an operator would (no permission check)."""

    def make(
        *,
        name: str = "Plan Noord",
        municipality_code: str = "GM1681",
        units_net: int = 40,
        phase: str = "vastgesteld",
        segments: dict | None = None,
        dwelling_types: dict | None = None,
        deliveries: dict | None = None,
        owner=None,
        publicity: str = Publicity.PROJECT,
        developer_kind: str = DeveloperKind.MUNICIPALITY,
        geometry: dict | None = None,
        is_demo: bool = False,
        source: str = "formulier",
        source_id: str = "",
        reference_date: datetime.date = datetime.date(2026, 9, 30),
        user=None,
    ):
        return save_project(
            user=user,
            check_permission=False,
            figures=ProjectFigures(
                units_net=units_net,
                segments=segments or {},
                dwelling_types=dwelling_types or {},
                deliveries=deliveries or {},
            ),
            phase=phase_by_name(phase),
            owner=owner,
            name=name,
            municipality_code=municipality_code,
            publicity=publicity,
            developer_kind=developer_kind,
            geometry=geometry,
            is_demo=is_demo,
            source=source,
            source_id=source_id,
            reference_date=reference_date,
        )

    return make
