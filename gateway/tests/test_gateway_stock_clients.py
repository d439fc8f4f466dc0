"""Clients nobody in the project wrote, against a live gateway over the real services and the embedded broker.

``gql`` (its websockets and aiohttp transports) and a plain ``websockets`` client: graphql-transport-ws needs
text frames, and a client that refuses binary ones (gql, a browser's ``JSON.parse(event.data)``) is the norm.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
import websockets
from contracts.topics import MEMBERSHIP_SIGNATURE
from events.bootstrap import Settings as EventsSettings
from events.bootstrap import create_app as create_events_app
from gql import Client, GraphQLRequest
from gql.transport.aiohttp import AIOHTTPTransport
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from membership.bootstrap import Settings as MembershipSettings
from membership.bootstrap import create_app as create_membership_app
from servicekit.testing import RunningServer, bearer, eventually

SEATS = "subscription($id: ID!) { eventSeatsChanged(eventId: $id) { capacity seatsLeft } }"
SIGNATURES = "subscription($org: ID) { signatureChanged(organisationId: $org) { status organisation { name } } }"


@pytest.fixture(scope="module")
async def services(tmp_path_factory, kafka_bootstrap, jwt_keys):
    """Membership and events on SQLite, publishing through the embedded broker (relays only: no consumer groups left behind)."""
    directory = tmp_path_factory.mktemp("stock-clients")
    common = {"kafka_bootstrap_servers": kafka_bootstrap, "kafka_session_timeout_ms": 2000, "jwt_public_key": jwt_keys[1], "log_json": True}
    membership = create_membership_app(MembershipSettings(database_url=f"sqlite+aiosqlite:///{directory / 'm.db'}", **common))
    events = create_events_app(EventsSettings(database_url=f"sqlite+aiosqlite:///{directory / 'e.db'}", run_scheduler=False,
                                              run_consumers=False, **common))
    async with RunningServer(membership) as m, RunningServer(events) as e:
        yield {"membership": m.url, "events": e.url}


@pytest.fixture(scope="module")
async def live_gateway(gateway_server, services, kafka_bootstrap):
    async with gateway_server(membership_url=services["membership"], events_url=services["events"],
                              kafka_bootstrap_servers=kafka_bootstrap) as server:
        yield server


def _ws_url(server) -> str:
    return server.url.replace("http://", "ws://") + "/graphql"


def _gql_websockets(server, token: str | None = None) -> Client:
    init = {"Authorization": f"Bearer {token}"} if token else {}
    return Client(transport=WebsocketsTransport(url=_ws_url(server), init_payload=init, subprotocols=["graphql-transport-ws"]))


async def _followed(server, topic: str) -> None:
    """Until the gateway's reader of ``topic`` is at its end and a subscription listens: changes from now on are seen."""
    live = server.app.state.live

    async def listening() -> int:
        return live.subscriber_count(topic)

    await asyncio.wait_for(live.positioned(topic), 30)
    await eventually(listening, timeout=30)


async def test_gql_over_websockets_follows_the_seats_of_an_event(live_gateway, services, token):
    staff = bearer(token("secretariat"))
    async with httpx.AsyncClient(base_url=services["events"], timeout=30) as http:
        event = await _event(http, staff)
        async with _gql_websockets(live_gateway) as session:
            updates = session.subscribe(GraphQLRequest(SEATS, variable_values={"id": event["id"]}))
            initial = await asyncio.wait_for(anext(updates), 30)  # the state at subscription: the subscriber is in place
            registered = await http.post(f"/events/{event['id']}/registrations",
                                         json={"name": "Ada", "email": "ada@example.org", "language": "en", "consent": True})
            assert registered.status_code == 201, registered.text
            changed = await asyncio.wait_for(anext(updates), 30)
            await updates.aclose()

    assert initial == {"eventSeatsChanged": {"capacity": 2, "seatsLeft": 2}}
    assert changed == {"eventSeatsChanged": {"capacity": 2, "seatsLeft": 1}}


async def test_gql_over_websockets_follows_a_signature_from_recorded_to_verified(live_gateway, services, token):
    recorder, verifier = bearer(token("secretariat", subject="recorder")), bearer(token("secretariat", subject="verifier"))
    async with httpx.AsyncClient(base_url=services["membership"], timeout=30) as http:
        organisation = (await http.post("/organisations", headers=recorder, json={
            "name": f"Stad Gent {uuid.uuid4().hex[:6]}", "kind": "coordinating", "country": "BE", "languages": ["nl"]})).json()
        document = (await http.post("/documents", headers=recorder, files={"file": ("pact.pdf", b"%PDF the pact", "application/pdf")},
                                    data={"kind": "pact", "version": f"gql-{uuid.uuid4().hex[:6]}", "language": "en", "title": "Pact",
                                          "published_on": "2021-06-01"})).json()
        async with _gql_websockets(live_gateway, token("member", org=organisation["id"])) as session:
            updates = session.subscribe(GraphQLRequest(SIGNATURES, variable_values={"org": organisation["id"]}))
            first = asyncio.create_task(anext(updates))
            await _followed(live_gateway, MEMBERSHIP_SIGNATURE)
            signature = (await http.post("/signatures", headers=recorder, json={
                "organisation_id": organisation["id"], "document_id": document["id"], "signatory_name": "Burgemeester",
                "signatory_function": "Mayor", "signed_on": date(2021, 6, 14).isoformat(), "signed_place": "Gent"})).json()
            recorded = await asyncio.wait_for(first, 30)  # read before verifying: each update shows the signature as it is then
            assert (await http.post(f"/signatures/{signature['id']}/verify", headers=verifier)).status_code == 200
            verified = await asyncio.wait_for(anext(updates), 30)
            await updates.aclose()

    assert recorded == {"signatureChanged": {"status": "RECORDED", "organisation": {"name": organisation["name"]}}}
    assert verified["signatureChanged"]["status"] == "VERIFIED"


async def test_every_graphql_transport_ws_message_is_a_text_frame(live_gateway, services, token):
    async with httpx.AsyncClient(base_url=services["events"], timeout=30) as http:
        event = await _event(http, bearer(token("secretariat")))
    async with websockets.connect(_ws_url(live_gateway), subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        ack = await asyncio.wait_for(ws.recv(), 10)
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SEATS, "variables": {"id": event["id"]}}}))
        first = await asyncio.wait_for(ws.recv(), 30)
        await ws.send(json.dumps({"type": "ping"}))
        pong = await asyncio.wait_for(ws.recv(), 10)

    assert isinstance(ack, str) and json.loads(ack) == {"type": "connection_ack"}
    assert isinstance(first, str) and json.loads(first)["payload"]["data"]["eventSeatsChanged"]["seatsLeft"] == 2
    assert isinstance(pong, str) and json.loads(pong)["type"] == "pong"


BROWSER_SUBSCRIBES = """async ([url, query, variables]) => {
    const socket = new WebSocket(url, "graphql-transport-ws");
    const frames = [];
    await new Promise((resolve, reject) => {
        socket.onopen = () => socket.send(JSON.stringify({type: "connection_init", payload: {}}));
        socket.onerror = () => reject(new Error("the WebSocket failed"));
        socket.onmessage = (event) => {
            frames.push({kind: typeof event.data, message: typeof event.data === "string" ? JSON.parse(event.data) : null});
            if (frames.length === 1) socket.send(JSON.stringify({id: "1", type: "subscribe", payload: {query, variables}}));
            else resolve();
        };
    });
    socket.close();
    return frames;
}"""


async def test_a_browsers_own_websocket_reads_every_message_as_text(live_gateway, services, token, local_page):
    async with httpx.AsyncClient(base_url=services["events"], timeout=30) as http:
        event = await _event(http, bearer(token("secretariat")))
    await local_page.page.goto(f"{live_gateway.url}/health/live")  # a page of the gateway's origin
    ack, first = await local_page.page.evaluate(BROWSER_SUBSCRIBES, [_ws_url(live_gateway), SEATS, {"id": event["id"]}])

    assert ack == {"kind": "string", "message": {"type": "connection_ack"}}  # a Blob before: JSON.parse could not read it
    assert first["kind"] == "string" and first["message"]["payload"]["data"]["eventSeatsChanged"]["seatsLeft"] == 2


async def test_gql_over_aiohttp_queries_mutates_and_reads_coded_errors(live_gateway, token):
    transport = AIOHTTPTransport(url=f"{live_gateway.url}/graphql", headers=bearer(token("secretariat")))
    name = f"Gemeente Brugge {uuid.uuid4().hex[:6]}"
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:  # introspection too
        registered = await session.execute(GraphQLRequest(
            "mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id name } }",
            variable_values={"input": {"name": name, "kind": "PROCURING", "country": "BE"}}))
        found = await session.execute(GraphQLRequest(
            "query($q: String) { organisations(search: $q) { nodes { id name } } }", variable_values={"q": name}))
        with pytest.raises(TransportQueryError) as refused:
            await session.execute(GraphQLRequest('{ organisation(id: "no-such-organisation") { name } }'))

    assert found["organisations"]["nodes"] == [registered["registerOrganisation"]]
    assert refused.value.errors[0]["extensions"]["code"] == "NOT_FOUND"


async def _event(http: httpx.AsyncClient, staff: dict) -> dict:
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    body = {"kind": "webinar", "title": {"en": "Stock clients webinar"}, "languages": ["en"], "starts_at": f"{day}T13:00:00",
            "ends_at": f"{day}T14:00:00", "join_url": "https://meet.example.org/j/stock", "capacity": 2, "waitlist": True}
    created = await http.post("/events", json=body, headers=staff)
    assert created.status_code == 201, created.text
    published = await http.post(f"/events/{created.json()['id']}/publish", headers=staff)
    assert published.status_code == 200, published.text
    return published.json()
