"""schemathesis against every service's OpenAPI document, with a token of each role: never a 5xx, never an
answer that breaks the document. ``make test`` runs a bounded number of examples; FUZZ_EXAMPLES=500 runs longer."""

from __future__ import annotations

import itertools
import os

import pytest
import schemathesis
import requests
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance


# Not ours to meet: opaque cursors and ids that the schema cannot describe are refused with a 4xx
# (positive_data_acceptance), and public GETs accept any caller (ignored_auth).
NOT_OURS = [positive_data_acceptance, ignored_auth]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
ROLES = ["public", "member", "secretariat", "juror", "operator"]


def openapi(service: str) -> dict:
    module = __import__(f"{service}.bootstrap", fromlist=["create_app", "Settings"])
    app = module.create_app(module.Settings(database_url="sqlite+aiosqlite:///:memory:", kafka_bootstrap_servers="127.0.0.1:1"))
    return app.openapi()


@pytest.fixture(scope="module")
def http_session():
    with requests.Session() as session:  # keep-alive: the fuzzer makes thousands of calls
        yield session


def role_headers(token, role: str) -> dict[str, str]:
    if role == "public":
        return {}
    extra = {"org": "00000000-0000-4000-8000-000000000001"} if role == "member" else {"juror": "00000000-0000-4000-8000-0000000000b1"} if role == "juror" else {}
    return {"Authorization": f"Bearer {token(role, **extra)}"}


def fuzz(service: str):
    # Readiness answers 503 on purpose here: the broker is away.
    schema = schemathesis.openapi.from_dict(openapi(service)).exclude(path_regex="^/health/ready$")

    roles = itertools.cycle(ROLES)  # each example as the next role: every role meets every operation

    @schema.parametrize()
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def test(case, fuzz_servers, token, http_session):
        headers = role_headers(token, next(roles))
        case.call_and_validate(base_url=fuzz_servers[service], headers=headers, excluded_checks=NOT_OURS, session=http_session)

    return test


test_membership = fuzz("membership")
test_events = fuzz("events")
test_awards = fuzz("awards")
test_notifications = fuzz("notifications")
