"""Test fixtures shared by every package's tests (a pytest plugin: ``pytest_plugins = ["servicekit.testing"]``).

Shared components start once per test session: the embedded broker, an RSA key
pair, a headless Chromium (``browser`` and ``local_page``, see servicekit.testing_browser). PostgreSQL is the server at TEST_POSTGRES_URL; every database made here
is created fresh and dropped at the end. Nothing is skipped silently: without
PostgreSQL the PostgreSQL tests fail with a message saying what to start.
"""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest
import uvicorn

from servicekit.auth import Role, generate_keypair, issue_token
from servicekit.localbroker import LocalBroker, free_port
from servicekit.testing_browser import browser, local_page  # noqa: F401  (fixtures: a real Chromium for tests)

DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


class PostgresDatabases:
    """Creates throwaway databases on the test server and drops them all at the end."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self._created: list[str] = []

    async def create(self, prefix: str = "pact_test") -> str:
        import asyncpg

        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        try:
            conn = await asyncpg.connect(self.admin_url)
        except (OSError, asyncpg.PostgresError) as exc:
            pytest.fail(f"PostgreSQL at TEST_POSTGRES_URL={self.admin_url} is not reachable ({exc}); start it or point TEST_POSTGRES_URL at one")
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        self._created.append(name)
        base = self.admin_url.rsplit("/", 1)[0]
        return f"{base}/{name}".replace("postgresql://", "postgresql+asyncpg://", 1)

    async def drop_all(self) -> None:
        import asyncpg

        if not self._created:
            return
        conn = await asyncpg.connect(self.admin_url)
        try:
            for name in self._created:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory) -> str:
    """The embedded tansu broker, once per session (or TEST_KAFKA_BOOTSTRAP_SERVERS)."""
    external = os.environ.get("TEST_KAFKA_BOOTSTRAP_SERVERS")
    if external:
        yield external
        return
    broker = LocalBroker(log_file=tmp_path_factory.mktemp("broker") / "tansu.log").start()
    yield broker.bootstrap_servers
    broker.stop()


@pytest.fixture(scope="session")
async def postgres():
    databases = PostgresDatabases(os.environ.get("TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL))
    yield databases
    await databases.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path, postgres) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    return await postgres.create()


@pytest.fixture(scope="session")
def jwt_keys() -> tuple[str, str]:
    return generate_keypair()


@pytest.fixture(scope="session")
def token(jwt_keys):
    """token(role, org=..., juror=...) -> a signed bearer token for the test key."""

    def make(role: Role | str, *, org: str | None = None, juror: str | None = None, **kwargs) -> str:
        return issue_token(jwt_keys[0], role=role, organisation_id=org, juror_id=juror, **kwargs)

    return make


@pytest.fixture
def topic_name():
    """A fresh topic name, so tests sharing the session broker never see each other's messages."""
    return lambda prefix="test": f"{prefix}.{uuid.uuid4().hex[:10]}"


class TcpProxy:
    """A loopback TCP proxy that can cut every connection, to make a server unreachable for a while."""

    def __init__(self, target_port: int, port: int | None = None):
        self.port = port or free_port()
        self._target = target_port
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> "TcpProxy":
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        return self

    async def cut(self) -> None:
        """Close the listener and every open connection: the target is unreachable until ``start``."""
        if self._server:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    async def _accept(self, client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self._target)
        except OSError:
            client_writer.close()
            return
        self._writers |= {client_writer, upstream_writer}
        try:
            await asyncio.gather(self._pipe(client_reader, upstream_writer), self._pipe(upstream_reader, client_writer))
        except asyncio.CancelledError:
            # The loop is closing with the connection open: end quietly (asyncio would report a cancelled
            # connection handler as an error in its callback).
            client_writer.close()
            upstream_writer.close()

    async def _pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
            self._writers.discard(writer)


class RunningServer:
    """A uvicorn server for an ASGI app on a free loopback port, in the test's event loop."""

    def __init__(self, app, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"))
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> "RunningServer":
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises the startup error
            await asyncio.sleep(0.02)
        return self

    async def __aexit__(self, *exc) -> None:
        self._server.should_exit = True
        await self._task


def service_env(monkeypatch, service: str, *, database_url: str, kafka: str, public_key: str, **extra: str) -> None:
    """Configure one service through its environment, as an operator would."""
    prefix = service.upper()
    monkeypatch.setenv(f"{prefix}_DATABASE_URL", database_url)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka)
    monkeypatch.setenv("JWT_PUBLIC_KEY", public_key)
    monkeypatch.setenv("LOG_JSON", "true")
    for key, value in extra.items():
        monkeypatch.setenv(f"{prefix}_{key.upper()}", value)


async def eventually(check, *, expect=None, timeout: float = 15.0, interval: float = 0.05):
    """Await ``check()`` until it returns ``expect`` (or, without ``expect``, anything truthy) or the timeout passes."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if (result == expect) if expect is not None else result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last result: {result!r})")
        await asyncio.sleep(interval)


async def kafka_ready(runtime, *, failsafe: float = 300.0) -> None:
    """Until ``runtime``'s consumers are in their groups with their partitions assigned: from then on what a test
    publishes is read at once, so only that wait depends on the broker's group protocol, and it waits for the fact.

    ``runtime.kafka_connected`` turns true exactly then (aiokafka's ``start`` returns once the group assigned the
    partitions). It takes a while, and no fixed guess holds: on the embedded broker every group join waits half of
    ``KAFKA_SESSION_TIMEOUT_MS`` (1 s with the tests' 2000 ms), a service's consumers join one after another (five
    for awards), a group whose previous member (the last test's) has just left waits up to a session timeout more,
    and a loaded machine stretches all of it. ``failsafe`` only ends a test that would otherwise hang.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + failsafe
    while not runtime.kafka_connected:
        if loop.time() > deadline:
            groups = ", ".join(s.group_id for s in runtime.subscriptions)
            raise AssertionError(f"{runtime.service}'s consumers ({groups}) were not in their groups after {failsafe:.0f} s")
        await asyncio.sleep(0.05)


async def consumed(runtime, topic: str, *, failsafe: float = 300.0) -> None:
    """Until every consumer of ``runtime`` that reads ``topic`` has committed all that was published to it so far.

    A consumer commits an offset only after the effect of the event is committed (the inbox), so its effects are
    visible when this returns: assert them directly instead of polling for them against a guessed timeout.
    """
    from aiokafka import AIOKafkaConsumer

    from servicekit.topic_reader import end_offsets, partitions

    bootstrap = runtime.settings.kafka_bootstrap_servers
    groups = [s.group_id for s in runtime.subscriptions if s.topic == topic]
    if not groups:
        raise AssertionError(f"{runtime.service} has no consumer of {topic}")
    ends = await end_offsets(bootstrap, topic)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + failsafe
    for group in groups:
        # Reads the group's committed offsets without joining the group (assigned, not subscribed).
        probe = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
        await probe.start()
        try:
            tps = await partitions(probe, topic)
            probe.assign(tps)
            while behind := {tp.partition: ends.get(tp.partition, 0) - ((await probe.committed(tp)) or 0) for tp in tps}:
                if not any(lag > 0 for lag in behind.values()):
                    break
                if loop.time() > deadline:
                    raise AssertionError(f"{group} is still behind on {topic} after {failsafe:.0f} s: {behind}")
                await asyncio.sleep(0.05)
        finally:
            await probe.stop()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def personal_data_left(engine, values: set[str]) -> list[str]:
    """Every place in a database where one of ``values`` still appears: ``table.column`` with a row excerpt.

    Reads every column of every table as text (JSON and binary included), case-insensitively:
    the check behind "nothing of the person remains" tests.
    """

    from sqlalchemy import MetaData, select

    import re

    lowered = [v.casefold() for v in values if v]
    json_escape = re.compile(r"\\u([0-9a-fA-F]{4})")
    metadata = MetaData()
    async with engine.connect() as conn:
        await conn.run_sync(metadata.reflect)
        found = []
        for table in metadata.sorted_tables:
            for row in (await conn.execute(select(table))).all():
                for column, cell in zip(table.columns, row):
                    if cell is None:
                        continue
                    text = cell.decode("utf-8", "replace") if isinstance(cell, bytes | bytearray | memoryview) else str(cell)
                    text = json_escape.sub(lambda m: chr(int(m.group(1), 16)), text)  # names inside JSON payloads
                    folded = text.casefold()
                    for value in lowered:
                        if value in folded:
                            found.append(f"{table.name}.{column.name}: …{text[max(0, folded.index(value) - 40):folded.index(value) + 60]}…")
    return found
