"""Evidence tests import people's activity: they have consented (GDPR), as in real use."""

from __future__ import annotations

import pytest

from portevoix.testing.privacy import with_consent
from portevoix.testing.tenants import Tenants


@pytest.fixture
def tenants(db: None) -> Tenants:
    tenants = Tenants()
    with_consent(tenants.own_person, tenants.colleague, tenants.other_person)
    return tenants
