"""Registration benchmark: 2,000 concurrent registrations over HTTP for 300 seats, against a bare insert endpoint.

For SQLite and PostgreSQL in turn, one events service process (uvicorn, the real app,
its broker unreachable so the outbox only fills) serves both:
  1. POST /events/{id}/registrations: the real path (event row locked, seat counted,
     registration, outbox rows and scheduled reminders in one transaction);
  2. POST /bench/bare: parses the same body and inserts one row into a table of the
     same database, one transaction per request: the floor for "an HTTP write".
The client sends every request of a burst at once (2,000 in flight over up to --connections
connections), in the order bare, real, real, bare (each real burst on a fresh event), and prints
confirmed, waitlisted, oversold per event, registrations/s and the ratio.

    .venv/bin/python bench/registration.py [--requests 2000] [--seats 300] [--connections 200] [--skip-postgres]

PostgreSQL: BENCH_POSTGRES_URL, else TEST_POSTGRES_URL, else postgresql://postgres@127.0.0.1:5432/postgres.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from events.bootstrap import create_app
from events.entrypoints.registration_schemas import RegistrationIn
from servicekit.auth import generate_keypair, issue_token
from servicekit.localbroker import free_port
from servicekit.db import make_engine
from servicekit.testing import DEFAULT_TEST_POSTGRES_URL, PostgresDatabases
from sqlalchemy import Column, MetaData, String, Table, insert

BARE = Table("bench_bare", MetaData(), Column("id", String(36), primary_key=True), Column("email", String(320)), Column("name", String(200)))


def bench_app():
    """The events app plus the bare endpoint (uvicorn --factory target, in the server process)."""

    app = create_app()

    @app.post("/bench/bare", status_code=201)
    async def insert_only(body: RegistrationIn) -> dict:
        # The service's own unit of work (on SQLite its writer queue too), writing one row and no events.
        async with app.state.runtime.uow() as uow:
            row_id = str(uuid.uuid4())
            await uow.session.execute(insert(BARE).values(id=row_id, email=body.email, name=body.name))
            await uow.commit()
        return {"id": row_id}

    return app


async def create_bare_table(database_url: str) -> None:
    engine = make_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(BARE.metadata.create_all)
    await engine.dispose()


def serve(database_url: str, public_key: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "EVENTS_DATABASE_URL": database_url, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "JWT_PUBLIC_KEY": public_key,
           "LOG_LEVEL": "ERROR", "EVENTS_RUN_SCHEDULER": "false", "PYTHONPATH": os.path.dirname(__file__)}
    command = [sys.executable, "-m", "uvicorn", "registration:bench_app", "--factory", "--port", str(port), "--log-level", "error",
               "--no-access-log", "--backlog", "4096", "--timeout-keep-alive", "300"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def wait_live(url: str, process: subprocess.Popen) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if process.poll() is not None:
                raise SystemExit(f"the events service exited with {process.returncode}")
            try:
                if (await client.get(f"{url}/health/live")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the events service did not start")


async def burst(client: httpx.AsyncClient, path: str, n: int, tag: str) -> tuple[float, list[httpx.Response]]:
    bodies = [{"name": f"Registrant {i}", "email": f"{tag}-{i}@example.org", "organisation": "Stad Gent", "language": "nl", "consent": True}
              for i in range(n)]
    started = time.perf_counter()
    answers = await asyncio.gather(*(client.post(path, json=body) for body in bodies))
    return time.perf_counter() - started, answers


async def register_burst(client: httpx.AsyncClient, staff: dict, args, tag: str) -> tuple[float, tuple[int, int, int, int]]:
    """A fresh event of ``args.seats`` seats, then every registration for it at once."""
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    event = (await client.post("/events", headers=staff, json={
        "kind": "online_conference", "title": {"nl": f"Fair ICT Flanders conferentie {tag}"}, "starts_at": f"{day}T13:00:00",
        "ends_at": f"{day}T17:00:00", "join_url": "https://meet.example.org/j/bench", "capacity": args.seats, "waitlist": True})).json()
    await client.post(f"/events/{event['id']}/publish", headers=staff)
    seconds, answers = await burst(client, f"/events/{event['id']}/registrations", args.requests, tag)
    shown = (await client.get(f"/events/{event['id']}")).json()
    statuses = [a.json().get("status") for a in answers if a.status_code == 201]
    confirmed, waitlisted = statuses.count("confirmed"), statuses.count("waitlisted")
    oversold = max(0, confirmed - args.seats) + max(0, shown["seats_taken"] - args.seats)
    return seconds, (confirmed, waitlisted, oversold, sum(1 for a in answers if a.status_code != 201))


async def run_one(label: str, database_url: str, keys: tuple[str, str], args) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    await create_bare_table(database_url)
    process = serve(database_url, keys[1], port)
    try:
        await wait_live(url, process)
        staff = {"Authorization": f"Bearer {issue_token(keys[0], role='secretariat')}"}
        limits = httpx.Limits(max_connections=args.connections, max_keepalive_connections=args.connections)
        async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as client:
            await burst(client, "/bench/bare", 50, "warm")  # connections and the bare table warm, not timed
            # A B B A: bare, real, real, bare, so a load change on a shared machine hits both sides alike.
            bare_a, bare_answers = await burst(client, "/bench/bare", args.requests, "bare-a")
            results = [await register_burst(client, staff, args, tag) for tag in ("real-a", "real-b")]
            bare_b, more_bare = await burst(client, "/bench/bare", args.requests, "bare-b")
        failed = sum(1 for a in bare_answers + more_bare if a.status_code != 201)
        real_rate = 2 * args.requests / sum(seconds for seconds, _ in results)
        bare_rate = 2 * args.requests / (bare_a + bare_b)
        for _, (confirmed, waitlisted, oversold, refused) in results:
            print(f"{label:<11} confirmed={confirmed} waitlisted={waitlisted} oversold={oversold} failed={refused}")
        print(f"{label:<11} registrations/s={real_rate:,.0f} bare inserts/s={bare_rate:,.0f} ratio={real_rate / bare_rate:.2f} "
              f"(bare failed={failed})")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=300)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    keys = generate_keypair()
    print(f"{args.requests} concurrent registrations over HTTP for {args.seats} seats (target: oversold 0, ratio >= 0.5)")
    with tempfile.TemporaryDirectory() as tmp:
        await run_one("sqlite", f"sqlite+aiosqlite:///{tmp}/events.db", keys, args)
    if not args.skip_postgres:
        databases = PostgresDatabases(os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL") or DEFAULT_TEST_POSTGRES_URL)
        try:
            await run_one("postgresql", await databases.create("bench_events"), keys, args)
        finally:
            await databases.drop_all()


if __name__ == "__main__":
    asyncio.run(main())
