"""Forged, expired and misdirected tokens are refused by every service and by the gateway."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time

import httpx
from servicekit.localbroker import free_port
import jwt
import pytest
from gateway.app import create_app as create_gateway
from gateway.settings import Settings as GatewaySettings
from membership.bootstrap import Settings as MembershipSettings
from membership.bootstrap import create_app as create_membership
from servicekit.testing import RunningServer


ORG = "e5afc088-3bd1-4edf-9c42-4ab837e72f33"
GLOBAL_ORG = base64.b64encode(f"Organisation:{ORG}".encode()).decode()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**overrides) -> dict:
    now = int(time.time())
    return {"sub": "mallory", "role": "secretariat", "iss": "pact-platform", "aud": "pact-platform", "iat": now, "exp": now + 600, **overrides}


def unsigned(payload: dict) -> str:
    return f"{b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{b64(json.dumps(payload).encode())}."


def hs256_with_public_key(payload: dict, public_pem: str) -> str:
    # The classic confusion attack: an HMAC "signed" with the RSA public key as the secret.
    signing_input = f"{b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}.{b64(json.dumps(payload).encode())}"
    signature = hmac.new(public_pem.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


FORGERIES = {
    "alg none": lambda keys: unsigned(claims()),
    "HS256 signed with the public key": lambda keys: hs256_with_public_key(claims(), keys[1]),
    "expired": lambda keys: jwt.encode(claims(exp=int(time.time()) - 60, iat=int(time.time()) - 3600), keys[0], algorithm="RS256"),
    "wrong audience": lambda keys: jwt.encode(claims(aud="another-platform"), keys[0], algorithm="RS256"),
    "wrong issuer": lambda keys: jwt.encode(claims(iss="https://evil.example"), keys[0], algorithm="RS256"),
    "unknown role": lambda keys: jwt.encode(claims(role="admin"), keys[0], algorithm="RS256"),
    "signed by another key": lambda keys: jwt.encode(claims(), _other_key(), algorithm="RS256"),
    "garbage": lambda keys: "not.a.token",
    # Signed and valid but bound to no id a service writes: it would act for nobody.
    "member bound to a gateway global id": lambda keys: jwt.encode(claims(role="member", org=GLOBAL_ORG), keys[0], algorithm="RS256"),
    "juror bound to a name": lambda keys: jwt.encode(claims(role="juror", juror="An Vermeulen"), keys[0], algorithm="RS256"),
}


def _other_key() -> str:
    from servicekit.auth import generate_keypair

    return generate_keypair()[0]


@pytest.fixture(scope="module")
async def servers(tmp_path_factory, jwt_keys):
    membership = create_membership(MembershipSettings(database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('tokens') / 'm.db'}",
                                                      kafka_bootstrap_servers="127.0.0.1:1", jwt_public_key=jwt_keys[1]))
    async with RunningServer(membership) as m:
        async with RunningServer(create_gateway(GatewaySettings(membership_url=m.url, jwt_public_key=jwt_keys[1]))) as g:
            yield m.url, g.url


@pytest.mark.parametrize("forgery", FORGERIES)
async def test_a_service_refuses_the_token(servers, jwt_keys, forgery):
    membership, _ = servers
    token = FORGERIES[forgery](jwt_keys)
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{membership}/organisations", headers={"Authorization": f"Bearer {token}"},
                                     json={"name": f"Forged {forgery}", "kind": "procuring", "country": "BE", "languages": ["nl"]})
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert token not in response.text


@pytest.mark.parametrize("forgery", FORGERIES)
async def test_the_gateway_refuses_the_token_even_for_public_fields(servers, jwt_keys, forgery):
    _, gateway = servers
    token = FORGERIES[forgery](jwt_keys)
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{gateway}/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {token}"})
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert token not in response.text


async def test_a_token_bound_to_a_global_id_is_refused_with_the_reason(servers, token):
    membership, gateway = servers
    member = {"Authorization": f"Bearer {token('member', org=GLOBAL_ORG)}"}
    reason = f"the 'org' claim must be the organisation's own id, a UUID such as"
    fix = f"it is the gateway's global id of Organisation {ORG}; put {ORG} in the token"
    async with httpx.AsyncClient() as client:
        direct = await client.get(f"{membership}/organisations/{ORG}", headers=member)
        through = await client.post(f"{gateway}/graphql", json={"query": "{ me { organisation { name } } }"}, headers=member)
    assert (direct.status_code, direct.json()["code"]) == (401, "UNAUTHENTICATED")
    assert reason in direct.json()["detail"] and fix in direct.json()["detail"]
    [error] = through.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED" and reason in error["message"] and fix in error["message"]


async def test_a_valid_token_is_accepted(servers, token):
    _, gateway = servers
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{gateway}/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": f"Bearer {token('secretariat')}"})
    assert response.json() == {"data": {"me": {"role": "SECRETARIAT"}}}


async def test_tokens_never_reach_the_logs(tmp_path, jwt_keys, token):
    """The real processes, their stderr kept: what an operator's log collector would store."""
    public_key = tmp_path / "public.pem"
    public_key.write_text(jwt_keys[1])
    ports = {name: free_port() for name in ("membership", "gateway")}
    common = {"PATH": "/usr/bin:/bin", "JWT_PUBLIC_KEY": str(public_key), "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "LOG_LEVEL": "DEBUG"}
    envs = {
        "membership": {**common, "MEMBERSHIP_HTTP_PORT": str(ports["membership"]), "MEMBERSHIP_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"},
        "gateway": {**common, "GATEWAY_HTTP_PORT": str(ports["gateway"]), "GATEWAY_MEMBERSHIP_URL": f"http://127.0.0.1:{ports['membership']}"},
    }
    logs = {name: (tmp_path / f"{name}.log").open("w") for name in envs}
    processes = [subprocess.Popen([sys.executable, "-m", name], env=envs[name], stderr=logs[name], stdout=logs[name]) for name in envs]
    secret = token("secretariat", subject="log-check")
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            for name, port in ports.items():
                await wait_until_live(client, f"http://127.0.0.1:{port}")
            gateway = f"http://127.0.0.1:{ports['gateway']}"
            created = await client.post(f"{gateway}/graphql", headers={"Authorization": f"Bearer {secret}"},
                                        json={"query": 'mutation { registerOrganisation(input: {name: "Log check", kind: PROCURING, country: "BE"}) { id } }'})
            assert "errors" not in created.json(), created.text
            await client.get(f"http://127.0.0.1:{ports['membership']}/organisations/x", headers={"Authorization": "Bearer not.a.valid-token"})
            await client.post(f"{gateway}/graphql", json={"query": "{ me { role } }"}, headers={"Authorization": "Bearer not.a.valid-token"})
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)
    written = "".join((tmp_path / f"{name}.log").read_text() for name in envs)
    assert "graphql.error" in written, "the refused token was logged as an error (without the token)"
    for leaked in (secret, secret.split(".")[2], "not.a.valid-token"):
        assert leaked not in written



async def wait_until_live(client: httpx.AsyncClient, url: str) -> None:
    for _ in range(200):
        try:
            if (await client.get(f"{url}/health/live")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"{url} did not start")
