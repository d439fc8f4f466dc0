"""Each service starts alone against an existing broker and PostgreSQL with only its own variables,
the way compose and Kubernetes run it: a migration job first, then the service with auto-migration off."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
import pytest
from servicekit.localbroker import LocalBroker, free_port

SERVICES = ["membership", "events", "awards", "notifications"]



def only(variables: dict[str, str]) -> dict[str, str]:
    # Nothing inherited from the test's environment but what finds the interpreter.
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **variables}


# Plain subprocess calls in a thread, not asyncio's: asyncio's child watchers (Python 3.11) can miss an exit
# once another event loop implementation has run in the process, and the test would wait forever.
async def run(service: str, command: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return await asyncio.to_thread(subprocess.run, [sys.executable, "-m", service, command], env=env, capture_output=True, text=True,
                                   timeout=timeout)


async def wait_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> dict:
    deadline = asyncio.get_running_loop().time() + timeout
    async with httpx.AsyncClient() as client:
        while asyncio.get_running_loop().time() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"{url} exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
            try:
                response = await client.get(f"{url}/health/ready", timeout=2)
                if response.status_code == 200:
                    return response.json()
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError(f"{url} not ready after {timeout} s")


async def start_alone(service: str, database_url: str, kafka: str, public_key_file: str) -> None:
    prefix = service.upper()
    port = free_port()
    env = only({
        f"{prefix}_DATABASE_URL": database_url.replace("+asyncpg", "+asyncpg"),
        f"{prefix}_HTTP_PORT": str(port),
        f"{prefix}_AUTO_MIGRATE": "false",
        "KAFKA_BOOTSTRAP_SERVERS": kafka,
        "KAFKA_SESSION_TIMEOUT_MS": "2000",
        "JWT_PUBLIC_KEY_FILE": public_key_file,
    })
    refused = await run(service, "serve", env)
    assert refused.returncode != 0
    assert f"python -m {service} migrate" in refused.stderr, refused.stderr[-2000:]
    migrated = await run(service, "migrate", env)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    process = subprocess.Popen([sys.executable, "-m", service, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        body = await wait_ready(f"http://127.0.0.1:{port}", process)
        assert body["checks"] == {"database": "ok", "kafka": "ok"}
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 15)


async def test_each_service_migrates_then_starts_with_only_its_own_variables(postgres, jwt_keys, tmp_path):
    public_key = tmp_path / "jwt_public.pem"
    public_key.write_text(jwt_keys[1])
    databases = [await postgres.create(service) for service in SERVICES]
    # A broker of its own: the services join consumer groups that must not linger on the session's broker.
    broker = LocalBroker(log_file=tmp_path / "broker.log").start()
    try:
        await asyncio.gather(*(start_alone(s, db, broker.bootstrap_servers, str(public_key)) for s, db in zip(SERVICES, databases)))
    finally:
        broker.stop()


async def test_a_service_without_the_token_key_refuses_to_start(tmp_path):
    result = await run("events", "serve", only({"EVENTS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'e.db'}"}))
    assert result.returncode != 0
    assert "JWT_PUBLIC_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


async def test_an_unreadable_secret_file_is_named(tmp_path):
    result = await run("events", "serve", only({"JWT_PUBLIC_KEY_FILE": str(tmp_path / "missing.pem")}))
    assert result.returncode != 0
    assert f"JWT_PUBLIC_KEY_FILE={tmp_path / 'missing.pem'} cannot be read" in result.stderr
    assert "Traceback" not in result.stderr


async def test_an_invalid_value_is_named_without_a_traceback():
    result = await run("events", "serve", only({"EVENTS_HTTP_PORT": "eighty"}))
    assert result.returncode != 0
    assert "EVENTS_HTTP_PORT: Input should be a valid integer" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("variable", ["EVENTS_DATABASE_URL", "JWT_PUBLIC_KEY"])
def test_a_variable_set_directly_wins_over_its_file(variable, tmp_path, monkeypatch):
    from events.bootstrap import Settings

    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv(f"{variable}_FILE", str(secret))
    field = "database_url" if "DATABASE" in variable else "jwt_public_key"
    assert getattr(Settings(), field) == "from-file"
    monkeypatch.setenv(variable, "direct")
    assert getattr(Settings(), field) == "direct"
