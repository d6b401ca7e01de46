"""schemathesis against the JSON API's own OpenAPI document (``/api/openapi.json``).

Every operation is called with generated parameters, logged in as an organisation admin of the
demo (so that real campaigns answer 200, not only 404s), through the Django WSGI application:
no 5xx, and every response (status code, content type, body) conforms to the schema. Bounded:
``PORTEVOIX_SCHEMATHESIS_EXAMPLES`` examples per operation and variant (25 by default).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portevoix.assessments.models import Campaign
from portevoix.config.wsgi import application
from portevoix.web.demo import DEMO_SLUG, demo_password, demo_populate

EXAMPLES = int(os.environ.get("PORTEVOIX_SCHEMATHESIS_EXAMPLES", "25"))
ADMIN = "claire.dubois@mecanique-armor.example"


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI app is called directly, not through Django's test client: like the client, keep
    the end of each request from closing the test's database connection (and its transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(db: None) -> str:
    demo_populate()
    client = Client()
    assert client.login(username=ADMIN, password=demo_password())
    return client.cookies["sessionid"].value


def _operations() -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3, "the API documents fewer operations than expected"
    return operations


def _explore(strategies: list[Any], cookie: str) -> set[int]:
    statuses: set[int] = set()

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=st.one_of(*strategies))
    def check(case: Any) -> None:
        response = case.call_and_validate(cookies={"sessionid": cookie})
        statuses.add(response.status_code)

    check()
    return statuses


def test_every_api_operation_conforms_to_its_schema(session_cookie: str) -> None:
    campaign_ids = list(Campaign.objects.filter(organisation__slug=DEMO_SLUG).values_list("pk", flat=True))
    assert campaign_ids
    calls: dict[str, set[int]] = {}
    for operation in _operations():
        strategies = [operation.as_strategy()]  # anything the schema allows
        if "{campaign_id}" in operation.path:
            strategies.append(
                st.sampled_from(campaign_ids).flatmap(
                    lambda pk, op=operation: op.as_strategy(
                        path_parameters={"org_slug": DEMO_SLUG, "campaign_id": pk}
                    )
                )
            )
        elif "{org_slug}" in operation.path:
            strategies.append(operation.as_strategy(path_parameters={"org_slug": DEMO_SLUG}))
        calls[f"{operation.method.upper()} {operation.path}"] = _explore(strategies, session_cookie)

    # The generated calls really reached the data, not only the "not found" answers.
    for label, statuses in calls.items():
        assert 200 in statuses, f"{label}: no successful call among {sorted(statuses)}"
        assert all(status < 500 for status in statuses), label
