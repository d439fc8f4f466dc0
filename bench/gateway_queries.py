"""The gateway's cost over calling the services directly, and what batching saves.

    .venv/bin/python bench/gateway_queries.py [--requests 200]

On embedded defaults (the embedded broker, each service its own process on SQLite in a temporary
directory), with the demo data plus 47 more events (50 upcoming, each with organisers and a programme):

* public-site query: upcoming events with their programme, organisers and seats left;
* jury query: an edition's nominations with the nominee and the juror's own ballot.

For each: gateway requests/s, p50 and p99; the same data fetched by direct HTTP calls to the services
(as a client without the gateway would: the list, then the related records in one call per service);
the ratio gateway p50 / direct p50 (target at most 2); and upstream calls per query with batching on
and off (a second gateway with GATEWAY_BATCH_LOADS=false), counted from the services' /metrics.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from servicekit.auth import Role, generate_keypair, issue_token
from servicekit.localbroker import LocalBroker, free_port
from servicekit.processes import start_module, stop_processes, wait_until_answers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import demo_awards  # noqa: E402
import demo_data  # noqa: E402
import demo_events  # noqa: E402

SERVICES = ["membership", "events", "awards", "notifications"]
PUBLIC = """{ events(first: 50, timing: UPCOMING) { nodes { id titles { language text } seatsLeft capacity
  organisers { id name } sessions { title startsAt durationMinutes kind speakers { name } } } } }"""
JURY = """query($id: ID!) { edition(id: $id) { nominations { id nominee { id name } myBallot { scores { score } receipt } } } }"""



def start(name: str, env: dict[str, str], logs: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = start_module(name, env={**os.environ, **env, f"{name.upper()}_HTTP_PORT": str(port)}, log=logs / f"{name}-{port}.log")
    url = f"http://127.0.0.1:{port}"
    wait_until_answers(url, process, log=logs / f"{name}-{port}.log", path="/health/ready", timeout=60)
    return process, url


def requests_served(url: str, service: str) -> float:
    total = 0.0
    for line in httpx.get(f"{url}/metrics").text.splitlines():
        if line.startswith("pact_http_requests_total{") and f'service="{service}"' in line and 'route="/metrics"' not in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def timed(call, n: int) -> tuple[list[float], float]:
    call()  # warm up caches and connections
    latencies, started = [], time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - t0)
    return latencies, n / (time.perf_counter() - started)


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


def more_events(events_url: str, secretariat: str, organiser_ids: list[str], count: int) -> None:
    headers = {"Authorization": f"Bearer {secretariat}"}
    with httpx.Client(base_url=events_url, headers=headers, timeout=30) as client:
        existing = client.get("/events", params={"first": 200, "when": "upcoming"}).json()["total_count"]
        for i in range(existing, count):
            day = (date.today() + timedelta(days=30 + i)).isoformat()
            body = {"kind": "workshop", "title": {"en": f"Buyer group workshop {i + 1}", "nl": f"Workshop aankopersgroep {i + 1}"},
                    "languages": ["en", "nl"], "starts_at": f"{day}T09:30:00", "ends_at": f"{day}T12:00:00", "venue": "Brussels",
                    "capacity": 40, "waitlist": True, "organiser_ids": organiser_ids[i % len(organiser_ids):][:3],
                    "sessions": [{"starts_at": f"{day}T09:30:00", "duration_minutes": 60, "title": "Criteria", "kind": "talk",
                                  "speakers": [{"name": "FIDO", "affiliation": "FIDO"}]},
                                 {"starts_at": f"{day}T10:30:00", "duration_minutes": 30, "title": "Pause", "kind": "break"},
                                 {"starts_at": f"{day}T11:00:00", "duration_minutes": 60, "title": "Q&A", "kind": "qa"}]}
            event = client.post("/events", json=body)
            event.raise_for_status()
            client.post(f"/events/{event.json()['id']}/publish").raise_for_status()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    private, public = generate_keypair()
    (work / "public.pem").write_text(public)
    broker = LocalBroker(log_file=work / "broker.log").start()
    common = {"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers, "KAFKA_SESSION_TIMEOUT_MS": "2000", "JWT_PUBLIC_KEY": str(work / "public.pem"),
              "LOG_LEVEL": "WARNING"}
    processes, urls = [], {}
    token = lambda role, subject, **kw: issue_token(private, role=role, subject=subject, **kw)  # noqa: E731
    try:
        for name in SERVICES:
            process, urls[name] = start(name, {**common, f"{name.upper()}_DATABASE_URL": f"sqlite+aiosqlite:///{work / name}.db"}, work)
            processes.append(process)
        upstream = {f"GATEWAY_{s.upper()}_URL": urls[s] for s in SERVICES}
        gateway_env = {**common, **upstream, "GATEWAY_RATE_LIMIT_PER_MINUTE": "0"}
        process, gateway = start("gateway", gateway_env, work)
        processes.append(process)
        process, unbatched = start("gateway", {**gateway_env, "GATEWAY_BATCH_LOADS": "false"}, work)
        processes.append(process)

        secretariat = token(Role.SECRETARIAT, "bench")
        demo_data.load(gateway, secretariat)
        demo_data.load_signatures(urls["membership"], token(Role.SECRETARIAT, "r"), token(Role.SECRETARIAT, "v"))
        ids = {o["name"]: o["id"] for o in httpx.get(f"{urls['membership']}/organisations", params={"first": 200}).json()["items"]}
        demo_events.load(urls["events"], secretariat, ids)
        more_events(urls["events"], secretariat, list(ids.values()), 50)
        awards = demo_awards.load(urls["awards"], secretariat_token=secretariat,
                                  member_token=lambda org: token(Role.MEMBER, "m", organisation_id=org),
                                  juror_token=lambda juror: token(Role.JUROR, "j", juror_id=juror),
                                  organisations={n: ids[n] for n in demo_awards.ORGANISATIONS_NEEDED}, ceremony=None, wait_seconds=60)
        juror_id = next(iter(awards["juror_ids"].values()))
        juror = token(Role.JUROR, "bench-juror", juror_id=juror_id)

        with httpx.Client(timeout=30) as client:
            def gql(url: str, query: str, variables: dict | None = None, bearer: str | None = None):
                headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
                body = client.post(f"{url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers).json()
                assert "errors" not in body, body
                return body

            def public_direct():
                events = client.get(f"{urls['events']}/events", params={"first": 50, "when": "upcoming"}).json()["items"]
                organisers = sorted({o for e in events for o in e["organiser_ids"]})
                client.get(f"{urls['membership']}/organisations", params=[("first", 200), *[("ids", o) for o in organisers]]).json()

            def jury_direct():
                headers = {"Authorization": f"Bearer {juror}"}
                nominations = client.get(f"{urls['awards']}/editions/{awards['edition_id']}/nominations", headers=headers).json()["items"]
                client.get(f"{urls['awards']}/jurors/{juror_id}/ballots", headers=headers).json()
                nominees = sorted({n["nominee_id"] for n in nominations})
                client.get(f"{urls['membership']}/organisations", params=[("first", 200), *[("ids", i) for i in nominees]]).json()

            cases = {
                "public site (50 upcoming events)": (lambda url: gql(url, PUBLIC), public_direct),
                "jury (nominations with own ballots)": (lambda url: gql(url, JURY, {"id": awards["edition_id"]}, juror), jury_direct),
            }
            print(f"bench/gateway_queries.py: {args.requests} sequential requests per case, embedded defaults, SQLite\n")
            for label, (through_gateway, direct) in cases.items():
                calls = {}
                for mode, url in (("batched", gateway), ("unbatched", unbatched)):
                    before = {s: requests_served(urls[s], s) for s in SERVICES}
                    through_gateway(url)
                    calls[mode] = sum(requests_served(urls[s], s) - before[s] for s in SERVICES)  # /metrics reads not counted
                g_lat, g_rate = timed(lambda: through_gateway(gateway), args.requests)
                d_lat, d_rate = timed(direct, args.requests)
                print(f"{label}")
                print(f"  gateway: {g_rate:7.1f} req/s  p50 {p(g_lat, 50):6.1f} ms  p99 {p(g_lat, 99):6.1f} ms")
                print(f"  direct:  {d_rate:7.1f} req/s  p50 {p(d_lat, 50):6.1f} ms  p99 {p(d_lat, 99):6.1f} ms")
                print(f"  ratio gateway p50 / direct p50: {p(g_lat, 50) / p(d_lat, 50):.2f} (target <= 2)")
                print(f"  upstream calls per query: batched {calls['batched']:.0f}, unbatched {calls['unbatched']:.0f}\n")
    finally:
        stop_processes(processes)
        broker.stop()


if __name__ == "__main__":
    main()
