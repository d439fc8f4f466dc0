"""A letter of support end to end: GraphQL -> membership -> membership.support_letter on Kafka -> awards counts the supporter as a member."""

import asyncio
import uuid

import httpx
import pytest
from gateway.node import local_id
from servicekit.localbroker import LocalBroker
from servicekit.testing import RunningServer, eventually, kafka_ready, service_env

REGISTER = """mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }"""
RECORD = """mutation($input: RecordSignatureInput!) { recordSupportLetter(input: $input) { id status } }"""
VERIFY = """mutation($id: ID!) { verifySupportLetter(id: $id) { id status } }"""


@pytest.fixture
def kafka_bootstrap(tmp_path):
    with LocalBroker(log_file=tmp_path / "tansu.log") as broker:
        yield broker.bootstrap_servers


@pytest.fixture
async def system(monkeypatch, tmp_path, postgres, kafka_bootstrap, jwt_keys):
    from awards.bootstrap import create_app as awards_app
    from gateway.app import create_app as gateway_app
    from membership.bootstrap import create_app as membership_app

    service_env(monkeypatch, "membership", database_url=f"sqlite+aiosqlite:///{tmp_path / 'membership.db'}", kafka=kafka_bootstrap,
                public_key=jwt_keys[1], relay_poll_seconds="0.5")
    service_env(monkeypatch, "awards", database_url=await postgres.create("awards_letters"), kafka=kafka_bootstrap, public_key=jwt_keys[1])
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    membership, awards = membership_app(), awards_app()
    async with RunningServer(membership) as m, RunningServer(awards) as a:
        await asyncio.gather(kafka_ready(membership.state.runtime), kafka_ready(awards.state.runtime))  # consumers in their groups, relay connected: the timeouts below are then the flow's alone
        monkeypatch.setenv("GATEWAY_MEMBERSHIP_URL", m.url)
        monkeypatch.setenv("GATEWAY_AWARDS_URL", a.url)
        async with RunningServer(gateway_app()) as g:
            yield {"gateway": g.url, "awards": a.url, "membership": m.url}


async def graphql(url, query, variables, token):
    async with httpx.AsyncClient(timeout=30) as client:
        body = (await client.post(f"{url}/graphql", json={"query": query, "variables": variables}, headers={"Authorization": f"Bearer {token}"})).json()
    assert "errors" not in body, body
    return body["data"]


async def test_a_verified_letter_of_support_makes_the_supporter_a_member_in_awards(system, token):
    alice, bob = token("secretariat", subject="alice"), token("secretariat", subject="bob")
    variables = {"input": {"name": f"Electronics Watch {uuid.uuid4().hex[:6]}", "kind": "SUPPORTING", "subkind": "MONITORING_BODY", "country": "NL"}}
    organisation_id = (await graphql(system["gateway"], REGISTER, variables, alice))["registerOrganisation"]["id"]
    async with httpx.AsyncClient(base_url=system["membership"], headers={"Authorization": f"Bearer {alice}"}) as http:
        form = {"kind": "letter_of_support", "version": "2023-01", "language": "en", "title": "Letter of support", "published_on": "2023-01-16"}
        document = await http.post("/documents", data=form, files={"file": ("letter.pdf", b"letter", "application/pdf")})
    assert document.status_code == 201, document.text
    signing = {"organisationId": organisation_id, "documentId": document.json()["id"], "signatoryName": "Director", "signatoryFunction": "Director",
               "signedOn": "2024-05-30", "signedPlace": "Amsterdam"}
    letter = (await graphql(system["gateway"], RECORD, {"input": signing}, alice))["recordSupportLetter"]
    assert (await graphql(system["gateway"], VERIFY, {"id": letter["id"]}, bob))["verifySupportLetter"]["status"] == "VERIFIED"

    async def member_in_awards():
        async with httpx.AsyncClient() as client:
            response = await client.get(f"{system['awards']}/known-organisations/{local_id(organisation_id)}")
        return response.status_code == 200 and response.json()["member"]

    assert await eventually(member_in_awards, timeout=30)
