"""Awards through the gateway, in front of the real awards service (and the real membership for nominees)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from awards.bootstrap import Settings as AwardsSettings
from awards.bootstrap import create_app as create_awards_app
from awards.service_layer import handlers
from contracts import Envelope
from contracts.topics import AWARDS_EDITION
from contracts.membership import DocumentKind, Language, OrganisationKind, OrganisationRegistered, SignatureStatus, SignatureVerified
from gateway.node import local_id
from servicekit.testing import RunningServer, bearer

NOMINATION_TIME = datetime(2021, 5, 3, tzinfo=UTC)
SCREENING_TIME = datetime(2021, 7, 15, tzinfo=UTC)
VOTING_TIME = datetime(2021, 9, 15, tzinfo=UTC)


class Clock:
    now = NOMINATION_TIME

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
async def awards(tmp_path_factory, jwt_keys, kafka_bootstrap):
    # With the embedded broker: the relay publishes the results to subscriptions through Kafka. No consumers: their
    # groups would outlive this module on the session's broker and disturb later tests of the same groups.
    settings = AwardsSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('awards') / 'a.db'}",
        kafka_bootstrap_servers=kafka_bootstrap,
        kafka_session_timeout_ms=2000,
        run_consumers=False,
        jwt_public_key=jwt_keys[1],
        log_json=True,
        run_scheduler=False,
    )
    app = create_awards_app(settings)
    app.state.runtime.clock = Clock()
    calls: list[str] = []

    @app.middleware("http")
    async def record(request, call_next):  # what reached awards: how the batching test counts calls
        calls.append(request.url.path)
        return await call_next(request)

    async with RunningServer(app) as server:
        server.runtime, server.calls = app.state.runtime, calls
        yield server


@pytest.fixture(scope="module")
async def gql(gateway_server, graphql_at, awards, kafka_bootstrap):
    """A gateway in front of membership and this module's awards service."""
    async with gateway_server(awards_url=awards.url, kafka_bootstrap_servers=kafka_bootstrap) as server:
        client = graphql_at(server.url)
        client.server = server
        yield client


async def _known_member(runtime, organisation: dict, member: bool = True) -> None:
    """What membership's events would tell awards about an organisation registered there."""
    at = datetime(2021, 1, 1, tzinfo=UTC)
    event = OrganisationRegistered(
        organisation_id=local_id(organisation["id"]),
        name=organisation["name"],
        kind=OrganisationKind(organisation["kind"].lower()),
        country="BE",
        languages=[Language.NL],
        registered_at=at,
    )
    async with runtime.uow() as uow:
        await handlers.on_organisation_registered(
            event, Envelope(source="membership", type=event.event_type, subject=event.organisation_id, correlationid="t", time=at), uow
        )
        if member:
            signature = SignatureVerified(
                signature_id=str(uuid.uuid4()),
                organisation_id=local_id(organisation["id"]),
                document_id="pact",
                document_kind=DocumentKind.PACT,
                status=SignatureStatus.VERIFIED,
                verified_by="bob",
                verified_at=at,
            )
            await handlers.on_signature_changed(
                signature,
                Envelope(source="membership", type=signature.event_type, subject=signature.signature_id, correlationid="t", time=at),
                uow,
            )
        await uow.commit()


async def _edition(awards, secretariat) -> dict:
    body = {
        "name": f"Fair ICT Awards {uuid.uuid4().hex[:6]}",
        "organiser": "Fair ICT Flanders",
        "quorum": 1,
        "timeline": {
            "nominations_open_at": "2021-05-01T00:00:00Z",
            "nominations_close_at": "2021-06-30T00:00:00Z",
            "voting_opens_at": "2021-09-01T00:00:00Z",
            "voting_closes_at": "2021-10-01T00:00:00Z",
        },
        "categories": [
            {
                "name": "Good practice",
                "eligible_kinds": ["procuring"],
                "criteria": [{"name": "Impact", "weight": 2}, {"name": "Replicability", "weight": 1}],
            }
        ],
    }
    async with httpx.AsyncClient(base_url=awards.url) as client:
        response = await client.post("/editions", json=body, headers=bearer(secretariat))
    assert response.status_code == 201, response.text
    return response.json()


NOMINATE = """mutation($input: NominateInput!) { nominate(input: $input) { id status nominee { name member } } }"""
EDITION = """query($id: ID!) { edition(id: $id) { name phase categories { criteria { id name weight } }
  nominations { id status nominee { name } nominator { name } myBallot { version scores { score } } }
  result { published categories { winner { nominee { name } score } ranking { rank ballots } } receipts } } }"""
RESULTS_PUBLISHED = "subscription($id: ID!) { editionResultsPublished(editionId: $id) { published nonce categories { winner { nominee { name } } } } }"
CAST = """mutation($input: CastBallotInput!) { castBallot(input: $input) { receipt version nonce } }"""


@pytest.fixture(scope="module")
async def contest(gql, awards, register, secretariat, token):
    """Two shortlisted nominations through the gateway, and two accepted jurors."""
    gent, kul, ugent = [await register(f"{n} {uuid.uuid4().hex[:4]}") for n in ("Stad Gent", "KU Leuven", "UGent")]
    for organisation in (gent, kul, ugent):
        await _known_member(awards.runtime, organisation)
    edition = await _edition(awards, secretariat)
    awards.runtime.clock.now = NOMINATION_TIME
    nominations = []
    for nominee in (kul, ugent):
        body = await gql(
            NOMINATE,
            {
                "input": {
                    "editionId": edition["id"],
                    "categoryId": edition["categories"][0]["id"],
                    "nomineeId": nominee["id"],
                    "motivation": [{"language": "NL", "text": "Circulaire aankoop"}],
                }
            },
            token=token("member", org=gent["id"]),
        )
        assert "errors" not in body, body
        nominations.append(body["data"]["nominate"])
    assert nominations[0]["nominee"]["name"] == kul["name"] and nominations[0]["status"] == "SUBMITTED"
    awards.runtime.clock.now = SCREENING_TIME
    for nomination in nominations:
        screened = await gql(
            "mutation($id: ID!) { screenNomination(input: {nominationId: $id, decision: ELIGIBLE}) { status } }",
            {"id": nomination["id"]},
            token=secretariat,
        )
        assert screened["data"]["screenNomination"]["status"] == "ELIGIBLE", screened
        await gql("mutation($id: ID!) { shortlist(nominationId: $id) { status } }", {"id": nomination["id"]}, token=secretariat)
    jurors = []
    for name in ("Ann Peeters", "Bart Maes"):
        invited = await gql(
            "mutation($input: InviteJurorInput!) { inviteJuror(input: $input) { id status } }",
            {"input": {"editionId": edition["id"], "name": name, "email": f"{name.split()[0].lower()}@example.org", "language": "NL"}},
            token=secretariat,
        )
        juror_token = token("juror", juror=invited["data"]["inviteJuror"]["id"])
        accepted = await gql("mutation { acceptInvitation { status } }", token=juror_token)
        assert accepted["data"]["acceptInvitation"]["status"] == "ACCEPTED", accepted
        jurors.append(juror_token)
    awards.runtime.clock.now = VOTING_TIME
    return edition, nominations, jurors


def _scores(edition, values):
    return [{"criterionId": c["id"], "score": v} for c, v in zip(edition["categories"][0]["criteria"], values)]


async def test_a_juror_reads_only_their_own_ballot_and_nobody_sees_results_before_publication(gql, contest, secretariat, membership, awards):
    edition, nominations, (ann, bart) = contest
    cast = await gql(
        CAST, {"input": {"nominationId": nominations[0]["id"], "scores": _scores(edition, [5, 2]), "comment": "Ann's view"}}, token=ann
    )
    assert "errors" not in cast, cast
    off_scale = await gql(CAST, {"input": {"nominationId": nominations[0]["id"], "scores": _scores(edition, [9, 2])}}, token=bart)
    assert off_scale["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

    before = len(awards.calls)
    as_ann = (await gql(EDITION, {"id": edition["id"]}, token=ann))["data"]["edition"]
    ballot_calls = [path for path in awards.calls[before:] if "ballot" in path]
    assert len(ballot_calls) == 1 and ballot_calls[0].startswith("/jurors/"), f"one call for every nomination's ballot: {ballot_calls}"
    as_bart = (await gql(EDITION, {"id": edition["id"]}, token=bart))["data"]["edition"]
    ballots = {n["id"]: n["myBallot"] for n in as_ann["nominations"]}
    assert ballots[nominations[0]["id"]]["scores"] == [{"score": 5}, {"score": 2}] and ballots[nominations[1]["id"]] is None
    assert [n["myBallot"] for n in as_bart["nominations"]] == [None, None]
    assert (await gql("{ ownBallots { totalCount nodes { nominationId } } }", token=bart))["data"]["ownBallots"] == {"totalCount": 0, "nodes": []}
    own = (await gql("{ ownBallots(first: 1) { totalCount nodes { nominationId } } }", token=ann))["data"]["ownBallots"]
    assert own == {"totalCount": 1, "nodes": [{"nominationId": nominations[0]["id"]}]}
    as_secretariat = (await gql(EDITION, {"id": edition["id"]}, token=secretariat))["data"]["edition"]
    assert [n["myBallot"] for n in as_secretariat["nominations"]] == [None, None]
    assert as_secretariat["result"] is None and as_ann["result"] is None

    # Nominees and nominators of the whole list: one batched call to membership.
    before = len(membership.organisation_calls())
    listed = (await gql(EDITION, {"id": edition["id"]}))["data"]["edition"]
    assert len(membership.organisation_calls()) == before + 1
    assert {n["nominator"]["name"] for n in listed["nominations"]} == {as_ann["nominations"][0]["nominator"]["name"]}


async def test_closing_and_publishing_through_the_gateway_and_following_it_live(gql, contest, secretariat, live_socket):
    edition, nominations, (ann, bart) = contest
    await gql(CAST, {"input": {"nominationId": nominations[1]["id"], "scores": _scores(edition, [3, 3])}}, token=bart)
    closed = await gql("mutation($id: ID!) { closeVoting(editionId: $id) { commitment } }", {"id": edition["id"]}, token=secretariat)
    assert len(closed["data"]["closeVoting"]["commitment"]) == 64
    late = await gql(CAST, {"input": {"nominationId": nominations[1]["id"], "scores": _scores(edition, [5, 5])}}, token=bart)
    assert late["errors"][0]["extensions"] == {"code": "CONFLICT", "reason": "VOTING_CLOSED"}
    assert (await gql(EDITION, {"id": edition["id"]}))["data"]["edition"]["result"] is None

    forbidden = await gql("mutation($id: ID!) { publishResults(editionId: $id) { published } }", {"id": edition["id"]}, token=ann)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with live_socket(gql.server.url, None) as public:
        await public.subscribe(RESULTS_PUBLISHED, {"id": edition["id"]})
        await asyncio.wait_for(gql.server.app.state.live.positioned(AWARDS_EDITION), 30)
        with pytest.raises(TimeoutError):
            await public.next(timeout=0.3)  # nothing before publication, not even to the secretariat's sealed result
        published = await gql(
            "mutation($id: ID!) { publishResults(editionId: $id) { published nonce } }", {"id": edition["id"]}, token=secretariat
        )
        live = await public.data("editionResultsPublished")
        assert (await public.next())["type"] == "complete"
    async with live_socket(gql.server.url, ann) as late:  # after publication: the result at once
        await late.subscribe(RESULTS_PUBLISHED, {"id": edition["id"]})
        assert await late.data("editionResultsPublished") == live
        assert (await late.next())["type"] == "complete"
        await late.subscribe(RESULTS_PUBLISHED, {"id": "no-such-edition"})
        assert await late.error_code() == "NOT_FOUND"
    assert live["published"] is True and live["nonce"] == published["data"]["publishResults"]["nonce"]
    assert live["categories"][0]["winner"]["nominee"]["name"] == nominations[0]["nominee"]["name"]
    assert published["data"]["publishResults"]["published"] is True
    public = (await gql(EDITION, {"id": edition["id"]}))["data"]["edition"]
    category = public["result"]["categories"][0]
    assert category["winner"]["nominee"]["name"] == nominations[0]["nominee"]["name"] and category["winner"]["score"] == "4.000000"
    assert [r["ballots"] for r in category["ranking"]] == [1, 1] and len(public["result"]["receipts"]) == 2
    assert {n["status"] for n in public["nominations"]} == {"WINNER", "NOT_WINNER"}


async def test_a_non_member_cannot_nominate_through_the_gateway(gql, awards, register, secretariat, token):
    outsider, kul = await register(f"Outsider {uuid.uuid4().hex[:4]}"), await register(f"KU Leuven {uuid.uuid4().hex[:4]}")
    await _known_member(awards.runtime, outsider, member=False)
    await _known_member(awards.runtime, kul)
    edition = await _edition(awards, secretariat)
    awards.runtime.clock.now = NOMINATION_TIME
    body = await gql(
        NOMINATE,
        {
            "input": {
                "editionId": edition["id"],
                "categoryId": edition["categories"][0]["id"],
                "nomineeId": kul["id"],
                "motivation": [{"language": "EN", "text": "x"}],
            }
        },
        token=token("member", org=outsider["id"]),
    )
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "reason": "NOT_A_MEMBER"}
