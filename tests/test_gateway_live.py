"""Subscriptions over graphql-transport-ws, fed from Kafka: a member follows its signature from recorded to verified."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date

import httpx
import websockets
from contracts.topics import MEMBERSHIP_SIGNATURE, MEMBERSHIP_SUPPORT_LETTER
from gateway.app import create_app as create_gateway
from gateway.node import global_id
from gateway.settings import Settings as GatewaySettings
from membership.bootstrap import Settings as MembershipSettings
from membership.bootstrap import create_app as create_membership
from servicekit.testing import RunningServer, bearer

SUBSCRIBE = "subscription($org: ID) { signatureChanged(organisationId: $org) { id status organisation { name } } }"


class Socket:
    def __init__(self, url: str, token: str | None):
        self.url, self.token = url.replace("http://", "ws://") + "/graphql", token

    async def __aenter__(self):
        self.ws = await websockets.connect(self.url, subprotocols=["graphql-transport-ws"])
        await self.ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {self.token}"} if self.token else {}}))
        assert json.loads(await self.ws.recv())["type"] == "connection_ack"
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def subscribe(self, variables: dict) -> None:
        await self.ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE, "variables": variables}}))

    async def next(self, timeout: float = 20) -> dict:
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout))


async def test_a_member_follows_its_signature_live(tmp_path, kafka_bootstrap, jwt_keys, token):
    membership = create_membership(MembershipSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'm.db'}", kafka_bootstrap_servers=kafka_bootstrap, kafka_session_timeout_ms=2000,
        jwt_public_key=jwt_keys[1]))
    recorder, verifier = bearer(token("secretariat", subject="recorder")), bearer(token("secretariat", subject="verifier"))
    async with RunningServer(membership) as m, httpx.AsyncClient(base_url=m.url, timeout=30) as http:
        gateway = create_gateway(GatewaySettings(membership_url=m.url, jwt_public_key=jwt_keys[1], kafka_bootstrap_servers=kafka_bootstrap))
        async with RunningServer(gateway) as g:
            organisation = (await http.post("/organisations", headers=recorder, json={
                "name": f"Stad Leuven {uuid.uuid4().hex[:6]}", "kind": "coordinating", "country": "BE", "languages": ["nl"]})).json()
            document = (await http.post("/documents", headers=recorder, files={"file": ("pact.pdf", b"%PDF the pact", "application/pdf")},
                                        data={"kind": "pact", "version": f"live-{uuid.uuid4().hex[:6]}", "language": "en", "title": "Pact",
                                              "published_on": "2021-06-01"})).json()
            member = token("member", org=organisation["id"])

            async with Socket(g.url, member) as mine, Socket(g.url, token("member", org="00000000-0000-4000-8000-0000000000a1")) as other, \
                    Socket(g.url, None) as anonymous:
                await mine.subscribe({"org": organisation["id"]})
                await other.subscribe({"org": organisation["id"]})
                await anonymous.subscribe({"org": organisation["id"]})
                refused, unauthenticated = await other.next(), await anonymous.next()
                await asyncio.wait_for(gateway.state.live.positioned(MEMBERSHIP_SIGNATURE), 30)

                signature = (await http.post("/signatures", headers=recorder, json={
                    "organisation_id": organisation["id"], "document_id": document["id"], "signatory_name": "Burgemeester",
                    "signatory_function": "Mayor", "signed_on": date(2021, 6, 14).isoformat(), "signed_place": "Leuven"})).json()
                recorded = await mine.next()
                assert (await http.post(f"/signatures/{signature['id']}/verify", headers=verifier)).status_code == 200
                verified = await mine.next()

    assert recorded["payload"].get("data"), recorded
    assert recorded["payload"]["data"]["signatureChanged"] == {"id": global_id("Signature", signature["id"]), "status": "RECORDED", "organisation": {"name": organisation["name"]}}
    assert verified["payload"]["data"]["signatureChanged"]["status"] == "VERIFIED"
    assert error_code(refused) == "FORBIDDEN"
    assert error_code(unauthenticated) == "UNAUTHENTICATED"


def error_code(message: dict) -> str:
    # graphql-transport-ws: "error" for a refused operation, "next" with errors for one that failed while resolving.
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    return errors[0]["extensions"]["code"]


async def test_a_supporter_follows_its_letter_of_support_live(tmp_path, kafka_bootstrap, jwt_keys, token):
    """Letters of support have their own topic (membership.support_letter): signatureChanged follows them too."""
    membership = create_membership(MembershipSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'm.db'}", kafka_bootstrap_servers=kafka_bootstrap, kafka_session_timeout_ms=2000,
        jwt_public_key=jwt_keys[1]))
    recorder, verifier = bearer(token("secretariat", subject="recorder")), bearer(token("secretariat", subject="verifier"))
    async with RunningServer(membership) as m, httpx.AsyncClient(base_url=m.url, timeout=30) as http:
        gateway = create_gateway(GatewaySettings(membership_url=m.url, jwt_public_key=jwt_keys[1], kafka_bootstrap_servers=kafka_bootstrap))
        async with RunningServer(gateway) as g:
            organisation = (await http.post("/organisations", headers=recorder, json={
                "name": f"Electronics Watch {uuid.uuid4().hex[:6]}", "kind": "supporting", "subkind": "monitoring_body", "country": "NL"})).json()
            document = (await http.post("/documents", headers=recorder, files={"file": ("letter.pdf", b"%PDF letter", "application/pdf")},
                                        data={"kind": "letter_of_support", "version": f"live-{uuid.uuid4().hex[:6]}", "language": "en",
                                              "title": "Letter of support", "published_on": "2023-01-16"})).json()
            async with Socket(g.url, token("member", org=organisation["id"])) as mine:
                await mine.subscribe({"org": organisation["id"]})
                await asyncio.wait_for(gateway.state.live.positioned(MEMBERSHIP_SUPPORT_LETTER), 30)
                letter = (await http.post("/support-letters", headers=recorder, json={
                    "organisation_id": organisation["id"], "document_id": document["id"], "signatory_name": "Director",
                    "signatory_function": "Director", "signed_on": "2024-05-30", "signed_place": "Amsterdam"})).json()
                recorded = await mine.next()
                assert (await http.post(f"/support-letters/{letter['id']}/verify", headers=verifier)).status_code == 200
                verified = await mine.next()

    assert recorded["payload"].get("data"), recorded
    assert recorded["payload"]["data"]["signatureChanged"] == {"id": global_id("Signature", letter["id"]), "status": "RECORDED",
                                                              "organisation": {"name": organisation["name"]}}
    assert verified["payload"]["data"]["signatureChanged"]["status"] == "VERIFIED"
