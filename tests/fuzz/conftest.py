"""The services as real processes for the fuzzers (schemathesis drives them with blocking HTTP calls)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from servicekit.localbroker import free_port
from servicekit.processes import ProcessFailed, start_module, stop_processes, wait_until_answers

SERVICES = ["membership", "events", "awards", "notifications"]


def start(name: str, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env, f"{name.upper()}_HTTP_PORT": str(port)}
    process = start_module(name, env=env, log=log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(url, process, log=log, timeout=60)
    except ProcessFailed:
        stop_processes([process])
        raise
    return process, url


@contextmanager
def running_stack(directory: Path, public_key_pem: str, database_urls: dict[str, str]) -> Iterator[dict[str, str]]:
    """Every service on its database with the broker away (the HTTP API is what is fuzzed), and a gateway in front."""
    public_key = directory / "public.pem"
    public_key.write_text(public_key_pem)
    common = {"JWT_PUBLIC_KEY": str(public_key), "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "LOG_LEVEL": "WARNING"}
    processes, urls = [], {}
    try:
        for name in SERVICES:
            process, urls[name] = start(name, {**common, f"{name.upper()}_DATABASE_URL": database_urls[name]}, directory / f"{name}.log")
            processes.append(process)
        gateway_env = {**common, "GATEWAY_RATE_LIMIT_PER_MINUTE": "0", **{f"GATEWAY_{s.upper()}_URL": urls[s] for s in SERVICES}}
        process, urls["gateway"] = start("gateway", gateway_env, directory / "gateway.log")
        processes.append(process)
        yield urls
    finally:
        stop_processes(processes, timeout=10)


@pytest.fixture(scope="session")
def fuzz_servers(tmp_path_factory, jwt_keys):
    """The stack on SQLite."""
    directory = tmp_path_factory.mktemp("fuzz")
    with running_stack(directory, jwt_keys[1], {name: f"sqlite+aiosqlite:///{directory / name}.db" for name in SERVICES}) as urls:
        yield urls


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def fuzz_stack(request, tmp_path_factory, jwt_keys, postgres):
    """The stack on SQLite, then on PostgreSQL (a fresh database per service)."""
    directory = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    if request.param == "sqlite":
        database_urls = {name: f"sqlite+aiosqlite:///{directory / name}.db" for name in SERVICES}
    else:
        database_urls = {name: await postgres.create(f"pact_fuzz_{name}") for name in SERVICES}
    with running_stack(directory, jwt_keys[1], database_urls) as urls:
        yield urls
