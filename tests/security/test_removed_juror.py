"""A valid signature is not enough for a juror token: a removed or unknown juror is refused by awards and the gateway.

A juror token outlives the juror (removed by the secretariat, erased on request, or never here):
awards refuses it on every juror route with 403 and a code saying why; the gateway passes that on
as FORBIDDEN, the service's code kept in ``extensions.reason``.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from awards.bootstrap import Settings as AwardsSettings
from awards.bootstrap import create_app as create_awards
from gateway.app import create_app as create_gateway
from gateway.settings import Settings as GatewaySettings
from servicekit.testing import RunningServer, bearer

# A future edition: the jury can still change.
EDITION = {
    "name": "Fair ICT Awards 2031", "organiser": "Fair ICT Flanders", "quorum": 1,
    "timeline": {"nominations_open_at": "2031-05-01T00:00:00Z", "nominations_close_at": "2031-06-30T22:00:00Z",
                 "voting_opens_at": "2031-09-01T00:00:00Z", "voting_closes_at": "2031-10-01T00:00:00Z"},
    "categories": [{"name": "Good practice", "eligible_kinds": ["procuring"], "self_nomination_allowed": False,
                    "scale": {"min": 1, "max": 5}, "criteria": [{"name": "Impact", "weight": 1}]}],
}


@pytest.fixture(scope="module")
async def servers(tmp_path_factory, jwt_keys):
    settings = AwardsSettings(database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('jurors') / 'a.db'}",
                              kafka_bootstrap_servers="127.0.0.1:1", jwt_public_key=jwt_keys[1], run_consumers=False, run_scheduler=False)
    async with RunningServer(create_awards(settings)) as awards:
        async with RunningServer(create_gateway(GatewaySettings(awards_url=awards.url, jwt_public_key=jwt_keys[1]))) as gateway:
            yield awards.url, gateway.url


REMOVE = "mutation($j: ID!, $r: String!) { removeJuror(jurorId: $j, reason: $r) { id status removedAt removalReason } }"


async def _removed_juror(client: httpx.AsyncClient, awards: str, gateway: str, token) -> str:
    staff = bearer(token("secretariat"))
    edition = await client.post(f"{awards}/editions", json={**EDITION, "name": f"{EDITION['name']} {uuid.uuid4().hex[:6]}"}, headers=staff)
    assert edition.status_code == 201, edition.text
    juror = await client.post(f"{awards}/editions/{edition.json()['id']}/jurors", headers=staff,
                              json={"name": "Removed Juror", "email": f"removed-{uuid.uuid4().hex[:6]}@example.org", "language": "en"})
    assert juror.status_code == 201, juror.text
    # Removed through the gateway's mutation, as the secretariat would.
    removed = await client.post(f"{gateway}/graphql", json={"query": REMOVE, "variables": {"j": juror.json()["id"], "r": "Left the jury."}},
                                headers=staff)
    answer = removed.json()["data"]["removeJuror"]
    assert (answer["status"], answer["removalReason"]) == ("REMOVED", "Left the jury.") and answer["removedAt"], removed.text
    return juror.json()["id"]


@pytest.mark.parametrize("juror", ["removed", "unknown"])
async def test_the_juror_token_is_refused_by_awards_and_by_the_gateway(servers, token, juror):
    awards, gateway = servers
    async with httpx.AsyncClient() as client:
        juror_id = await _removed_juror(client, awards, gateway, token) if juror == "removed" else str(uuid.uuid4())
        headers = bearer(token("juror", juror=juror_id))
        code = {"removed": "JUROR_REMOVED", "unknown": "JUROR_UNKNOWN"}[juror]

        direct = await client.post(f"{awards}/jurors/{juror_id}/acceptance", headers=headers)
        assert (direct.status_code, direct.json()["code"]) == (403, code), direct.text
        assert direct.headers["content-type"].startswith("application/problem+json")
        assert "secretariat" in direct.json()["detail"]  # says whom to ask

        for document in ("mutation { acceptInvitation { id } }", "{ myBallots { receipt } }"):
            response = await client.post(f"{gateway}/graphql", json={"query": document}, headers=headers)
            [error] = response.json()["errors"]
            assert error["extensions"]["code"] == "FORBIDDEN", (document, error)
            assert error["extensions"].get("reason") == code, (document, error)
