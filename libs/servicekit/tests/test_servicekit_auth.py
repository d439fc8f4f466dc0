"""The binding claims of a token (``org``, ``juror``) must be ids as the services write them (UUIDs),
so a token that names its organisation in another form is refused with the reason, not accepted to act for nobody."""

from __future__ import annotations

import base64
import uuid

import pytest
from servicekit.auth import InvalidToken, Role, TokenVerifier, is_service_id, issue_token

ORG = "3f0c1e9a-5b7d-4c2e-9a1f-0d8e6b4a2c10"


@pytest.fixture(scope="module")
def verifier(jwt_keys) -> TokenVerifier:
    return TokenVerifier(jwt_keys[1], issuer="pact-platform", audience="pact-platform", algorithms=["RS256"])


def test_a_token_bound_to_a_service_id_is_accepted(verifier, jwt_keys):
    juror = str(uuid.uuid4())
    member = verifier.verify(issue_token(jwt_keys[0], role=Role.MEMBER, organisation_id=ORG))
    assert (member.role, member.organisation_id) == (Role.MEMBER, ORG)
    assert verifier.verify(issue_token(jwt_keys[0], role=Role.JUROR, juror_id=juror)).juror_id == juror


def test_a_global_id_in_the_org_claim_is_refused_with_the_id_to_use(verifier, jwt_keys):
    global_id = base64.b64encode(f"Organisation:{ORG}".encode()).decode()  # what the gateway's queries return
    with pytest.raises(InvalidToken) as refused:
        verifier.verify(issue_token(jwt_keys[0], role=Role.MEMBER, organisation_id=global_id))
    assert "'org' claim must be the organisation's own id, a UUID" in str(refused.value)
    assert f"the gateway's global id of Organisation {ORG}; put {ORG} in the token" in str(refused.value)


@pytest.mark.parametrize("claim", ["juror-1", "none", ORG.upper(), "{" + ORG + "}", ORG.replace("-", ""), " " + ORG])
def test_a_juror_claim_in_another_form_is_refused(verifier, jwt_keys, claim):
    with pytest.raises(InvalidToken, match="'juror' claim must be the juror's own id, a UUID"):
        verifier.verify(issue_token(jwt_keys[0], role=Role.JUROR, juror_id=claim))


def test_a_binding_claim_is_checked_whatever_the_role(verifier, jwt_keys):
    with pytest.raises(InvalidToken, match="'org' claim"):
        verifier.verify(issue_token(jwt_keys[0], role=Role.SECRETARIAT, organisation_id="org-1"))


@pytest.mark.parametrize("value, expected", [(ORG, True), (str(uuid.uuid4()), True), (ORG.upper(), False), ("", False), (42, False), (None, False)])
def test_service_ids_are_canonical_uuids(value, expected):
    assert is_service_id(value) is expected
