"""The cast's agreement (see woonmonitor/agreements/tests/conftest.py), published and as a draft."""

from __future__ import annotations

import pytest

from woonmonitor.agreements.models import AgreementStatus
from woonmonitor.agreements.tests.conftest import make_agreement


@pytest.fixture
def published(organisations):
    return make_agreement(organisations)


@pytest.fixture
def draft(organisations):
    return make_agreement(organisations, status=AgreementStatus.DRAFT)
