"""schemathesis (hypothesis-graphql) against the gateway's schema, in front of the real services: every query
and mutation with generated arguments, as the public and with a token of each role: never an internal error,
every error coded. ``FUZZ_EXAMPLES=200`` runs longer."""

from __future__ import annotations

import itertools
import os

import schemathesis
from gateway.schema import schema as gateway_schema
from graphql import introspection_from_schema
from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
ROLES = ["public", "member", "secretariat", "juror", "operator"]


# The schema the gateway serves, introspected in-process (collection needs no server).
schema = schemathesis.graphql.from_dict({"data": introspection_from_schema(gateway_schema._schema)})
roles = itertools.cycle(ROLES)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_gateway_never_fails_internally(case, fuzz_servers, token):
    role = next(roles)
    headers = {} if role == "public" else {"Authorization": "Bearer " + token(role, **({"org": "00000000-0000-4000-8000-000000000001"}
                                                                                      if role == "member" else {"juror": "00000000-0000-4000-8000-0000000000b1"} if role == "juror" else {}))}
    response = case.call(headers=headers, base_url=f"{fuzz_servers['gateway']}/graphql")
    assert response.status_code < 500, response.text[:500]
    body = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code and code != "INTERNAL", f"{role}: {case.body}\n{error}"
