from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient
from tests.factories import AreaFactory, BoundaryFactory, KeyFigureFactory

from woonmonitor.accounts.services import create_api_token
from woonmonitor.areas.models import Area, Level


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def token_client_for(cast):
    """A test client without a session that sends an API token of a cast member (none for
    anonymous)."""

    def make(name: str) -> Client:
        user = cast[name]
        if not user.is_authenticated:
            return Client()
        _token, secret = create_api_token(user=user, name=f"test {name}")
        return Client(headers={"Authorization": f"Token {secret}"})

    return make


@pytest.fixture
def borger_odoorn(db) -> dict[str, Area]:
    """Borger-Odoorn in vintages 2022 and 2024, with districts, a boundary and key figures.

    The 2024 municipality has no boundary of its own: it borrows the 2022 one.
    """
    province = AreaFactory(code="PV22", vintage=2024, level=Level.PROVINCE, name="Drenthe")
    old = AreaFactory(code="GM1681", vintage=2022, name="Borger-Odoorn")
    new = AreaFactory(code="GM1681", vintage=2024, name="Borger-Odoorn", parent=province)
    BoundaryFactory(area=old, source="CBS 2022")
    for vintage, parent in ((2022, old), (2024, new)):
        for suffix in ("00", "01"):
            AreaFactory(
                code=f"WK1681{suffix}",
                vintage=vintage,
                level=Level.DISTRICT,
                name=f"Wijk {suffix}",
                parent=parent,
            )
    AreaFactory(code="WK168102", vintage=2024, level=Level.DISTRICT, name="Wijk 02", parent=new)
    KeyFigureFactory(area=new, key="inhabitants", value=25700)
    KeyFigureFactory(area=new, key="homes", value=11800)
    return {"province": province, "old": old, "new": new}
