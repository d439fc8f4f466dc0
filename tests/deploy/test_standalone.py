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


# What a deployment gives each service besides its database (compose and Kubernetes set the same, from secrets).
LINK_SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
DEPLOYED = {
    "membership": lambda secrets: {"MEMBERSHIP_REGISTER_SIGNING_KEY_FILE": str(secrets / "register_signing_key.pem")},
    "events": lambda secrets: {"EVENTS_LINK_SECRET_FILE": str(secrets / "events_link_secret"), "EVENTS_PUBLIC_URL": "https://events.pact.example.org"},
    "awards": lambda secrets: {},
    "notifications": lambda secrets: {"NOTIFICATIONS_LINK_SECRET_FILE": str(secrets / "notifications_link_secret"),
                                      "NOTIFICATIONS_PUBLIC_BASE_URL": "https://notifications.pact.example.org"},
}


def deployment_secrets(folder) -> "Path":
    from membership.adapters.register_key import new_private_pem

    folder.mkdir(exist_ok=True)
    (folder / "register_signing_key.pem").write_text(new_private_pem())
    for name in ("events_link_secret", "notifications_link_secret"):
        (folder / name).write_text(LINK_SECRET + "\n")
    return folder


async def start_alone(service: str, database_url: str, kafka: str, public_key_file: str, secrets) -> None:
    prefix = service.upper()
    port = free_port()
    env = only({
        f"{prefix}_DATABASE_URL": database_url.replace("+asyncpg", "+asyncpg"),
        f"{prefix}_HTTP_PORT": str(port),
        f"{prefix}_AUTO_MIGRATE": "false",
        "KAFKA_BOOTSTRAP_SERVERS": kafka,
        "KAFKA_SESSION_TIMEOUT_MS": "2000",
        "JWT_PUBLIC_KEY_FILE": public_key_file,
        **DEPLOYED[service](secrets),
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
        secrets = deployment_secrets(tmp_path / "secrets")
        await asyncio.gather(*(start_alone(s, db, broker.bootstrap_servers, str(public_key), secrets) for s, db in zip(SERVICES, databases)))
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


# Outside development (auto-migration off, as every image runs), a development value refuses the start: one line
# on stderr naming the variable, no traceback, a non-zero exit. Each case changes one thing of a deployment's settings.
REFUSALS = [
    ("events", {"EVENTS_LINK_SECRET_FILE": None}, "EVENTS_LINK_SECRET is the development default from the source"),
    ("events", {"EVENTS_LINK_SECRET_FILE": None, "EVENTS_LINK_SECRET": ""}, "EVENTS_LINK_SECRET is not set"),
    ("events", {"EVENTS_LINK_SECRET_FILE": None, "EVENTS_LINK_SECRET": "changeme"}, "EVENTS_LINK_SECRET is shorter than 32 characters"),
    ("events", {"EVENTS_PUBLIC_URL": None}, "EVENTS_PUBLIC_URL (http://127.0.0.1:8002) is not a public http(s) address"),
    ("events", {"EVENTS_PUBLIC_URL": "http://localhost:8002"}, "EVENTS_PUBLIC_URL (http://localhost:8002) is not a public"),
    ("events", {"EVENTS_PUBLIC_URL": "http://[::1]:8002"}, "EVENTS_PUBLIC_URL (http://[::1]:8002) is not a public"),
    ("events", {"EVENTS_PUBLIC_URL": "http://0.0.0.0:8002"}, "EVENTS_PUBLIC_URL (http://0.0.0.0:8002) is not a public"),
    ("events", {"EVENTS_WEB_URL": "http://127.0.0.1:8005"}, "EVENTS_WEB_URL (http://127.0.0.1:8005) is not a public"),
    ("notifications", {"NOTIFICATIONS_WEB_URL": "http://localhost:8005"}, "NOTIFICATIONS_WEB_URL (http://localhost:8005) is not a public"),
    ("notifications", {"NOTIFICATIONS_LINK_SECRET_FILE": None}, "NOTIFICATIONS_LINK_SECRET is not set"),
    ("notifications", {"NOTIFICATIONS_PUBLIC_BASE_URL": None}, "NOTIFICATIONS_PUBLIC_BASE_URL (http://127.0.0.1:8004) is not a public"),
    ("notifications", {"NOTIFICATIONS_PUBLIC_BASE_URL": "https://127.0.0.2"}, "NOTIFICATIONS_PUBLIC_BASE_URL (https://127.0.0.2) is not a public"),
    ("membership", {"MEMBERSHIP_REGISTER_SIGNING_KEY_FILE": None}, "MEMBERSHIP_REGISTER_SIGNING_KEY is not set"),
]


def deployed_env(service: str, secrets, tmp_path, changes: dict[str, str | None], auto_migrate: str = "false") -> dict[str, str]:
    prefix = service.upper()
    env = {f"{prefix}_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", f"{prefix}_AUTO_MIGRATE": auto_migrate,
           "JWT_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----", "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", **DEPLOYED[service](secrets)}
    env.update(changes)
    return only({k: v for k, v in env.items() if v is not None})


@pytest.mark.parametrize("service, changes, line, command", [
    *((s, c, m, "serve") for s, c, m in REFUSALS),
    # relay and consume processes send what links are in too (consume runs the scheduler and the dispatcher)
    ("events", {"EVENTS_PUBLIC_URL": None}, "EVENTS_PUBLIC_URL (http://127.0.0.1:8002) is not a public", "consume"),
    ("notifications", {"NOTIFICATIONS_LINK_SECRET_FILE": None}, "NOTIFICATIONS_LINK_SECRET is not set", "consume"),
    ("events", {"EVENTS_LINK_SECRET_FILE": None}, "EVENTS_LINK_SECRET is the development default", "relay"),
], ids=lambda value: value if isinstance(value, str) and " " not in value else None)
async def test_outside_development_a_development_value_refuses_the_start(service, changes, line, command, tmp_path):
    secrets = deployment_secrets(tmp_path / "secrets")
    result = await run(service, command, deployed_env(service, secrets, tmp_path, changes))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{service}: cannot start: ") and line in lines[0], result.stderr[-2000:]
    assert f"{service.upper()}_AUTO_MIGRATE=false" in lines[0]  # says why these values are refused here


async def test_every_problem_is_named_in_the_one_line(tmp_path):
    result = await run("events", "serve", deployed_env("events", deployment_secrets(tmp_path / "s"), tmp_path,
                                                       {"EVENTS_LINK_SECRET_FILE": None, "EVENTS_PUBLIC_URL": None}))
    [line] = result.stderr.strip().splitlines()
    assert "EVENTS_LINK_SECRET is the development default" in line and "EVENTS_PUBLIC_URL (http://127.0.0.1:8002)" in line


@pytest.mark.parametrize("service", ["events", "notifications"])
async def test_in_development_the_defaults_still_start(service, tmp_path):
    # make run and the tests migrate on start: the development link settings are theirs. `migrate` needs no link secret.
    env = deployed_env(service, deployment_secrets(tmp_path / "s"), tmp_path, {f"{service.upper()}_LINK_SECRET_FILE": None,
                                                                               f"{service.upper()}_PUBLIC_URL": None,
                                                                               f"{service.upper()}_PUBLIC_BASE_URL": None})
    migrated = await run(service, "migrate", env)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    env[f"{service.upper()}_AUTO_MIGRATE"] = "true"
    port = free_port()
    env[f"{service.upper()}_HTTP_PORT"] = str(port)
    process = subprocess.Popen([sys.executable, "-m", service, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = asyncio.get_running_loop().time() + 60
        async with httpx.AsyncClient() as client:
            while True:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/health/live", timeout=2)).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert asyncio.get_running_loop().time() < deadline
                await asyncio.sleep(0.2)
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 15)
