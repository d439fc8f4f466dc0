"""Soak: a steady mixed load for ten minutes, with the memory, descriptors and connections of every process sampled.

    .venv/bin/python bench/soak.py [--minutes 10] [--rate 10] [--warmup-minutes 2] [--database sqlite|postgres] [--json]

The platform on embedded defaults, each part its own process (tools/faultlab.py starts them): the four
services (each with its outbox relay and consumers in the same process), the gateway, the embedded
broker (tansu, in memory) and the development mail catcher; SQLite files, or with ``--database postgres``
a fresh database per service on 127.0.0.1:5432 (dropped afterwards).

The load, through the gateway, open loop: commands start at fixed times (``--rate`` per second), however
slowly the platform answers, so a platform that slows down shows it in its latency instead of being
spared load. The mix, of every 19 commands: 10 registrations (a new event with a waitlist after every
100), 2 cancellations by the organiser, 1 signature (organisation registered, pact signature recorded,
verified by another person: 3 commands) and 4 jury ballots (cast or changed) in an awards edition.

Every ``--sample-seconds`` (10), at the end of the warm-up and at the end, for every process: RSS
(VmRSS of /proc/<pid>/status), open file descriptors (/proc/<pid>/fd), TCP connections (its sockets
in /proc/net/tcp{,6} that are not listening), and on PostgreSQL the connections per database
(pg_stat_activity); also the backlog (events in outboxes plus e-mails not yet delivered).

Printed: per process RSS at the end of the warm-up, at the end, the maximum and the growth (target under
10 %); latency p50/p99 per minute, the last minute's p50 over the first after the warm-up (target at most
1.25) and the least-squares slope of the per-minute p50 after the warm-up; descriptors, TCP and database
connections at the end of the warm-up and at the end (target: not still rising in the second half of the
measured time);
commands sent, accepted and failed; and a verdict per target. The exit code is 0 even when a target is
missed: this measures, the verdicts say what was missed. ``--json`` prints everything as one JSON
document instead (tests/test_soak_smoke.py reads it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from servicekit.processes import wait_until_answers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import faultlab  # noqa: E402

SERVICES = faultlab.SERVICES
MIX = ["register"] * 10 + ["cancel"] * 2 + ["sign"] + ["ballot"] * 4  # one cycle: 19 commands
COMMANDS_PER_OPERATION = {"register": 1, "cancel": 1, "sign": 3, "ballot": 1, "new_event": 2}
REGISTRATIONS_PER_EVENT, EVENT_CAPACITY = 100, 60  # 40 on each event's waitlist, promoted by the cancellations
COMMAND_TIMEOUT = 30.0
MEMORY_GROWTH_TARGET = 10.0  # %
LATENCY_RATIO_TARGET = 1.25
# Connection pools fill up and commands in flight come and go; a leak grows with the load. Allowed: a trend
# (in the second half of the measured time) worth this many more connections or descriptors over the measured time.
CONNECTIONS_ALLOWANCE = 4
TCP_LISTEN = "0A"
# The embedded broker is started with tansu's memory storage and no retention: it keeps every record.
BROKER_NOTE = " (the embedded broker keeps every record in memory, so it grows with the data sent; a deployed Kafka has retention)"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Command:
    at: float  # seconds since the load started, when it was sent
    kind: str  # the GraphQL field: register, cancelRegistration, recordSignature, ...
    latency: float  # seconds
    error: str | None  # None: accepted; else the GraphQL error code or the transport error


@dataclass
class Recorder:
    started: float | None = None  # time.monotonic() when the load started; commands before are setup
    commands: list[Command] = field(default_factory=list)
    lateness: list[float] = field(default_factory=list)  # how late each operation started after its scheduled time
    unexpected: Counter = field(default_factory=Counter)  # operations that raised something other than a failed command


class SoakLoad(faultlab.Load):
    """faultlab's commands (registrations, cancellations, signatures) plus ballots, each sent once and timed."""

    def __init__(self, platform: faultlab.Platform, recorder: Recorder, rng: random.Random):
        super().__init__(platform, faultlab.Report(), registrations=0, capacity=EVENT_CAPACITY, cancellations=0, signatures=0)
        self.recorder, self.rng = recorder, rng
        self.cancellable: list[str] = []  # accepted registrations not cancelled yet (e-mails)
        self.registered_in_event = 0
        self.next_registration = 0
        self.organisations_signed = 0

    async def gql(self, client: httpx.AsyncClient, query: str, variables: dict, token: str | None = None) -> dict:
        if self.recorder.started is None:  # setup: retried until the platform answers, like the fault runs
            return await super().gql(client, query, variables, token)
        kind = re.search(r"\{\s*(\w+)", query).group(1)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        sent = time.monotonic()
        try:
            response = await client.post(f"{self.platform.url('gateway')}/graphql", json={"query": query, "variables": variables},
                                         headers=headers, timeout=COMMAND_TIMEOUT)
            body, error = response.json(), None
        except (httpx.HTTPError, ValueError) as exc:
            body, error = None, type(exc).__name__
        if body is not None and body.get("errors"):
            error = body["errors"][0].get("extensions", {}).get("code") or "ERROR"
        self.recorder.commands.append(Command(sent - self.recorder.started, kind, time.monotonic() - sent, error))
        if body is None:
            raise CommandFailed(f"{kind}: {error}")
        return body

    async def register_next(self, client: httpx.AsyncClient) -> None:
        i, self.next_registration = self.next_registration, self.next_registration + 1
        self.registered_in_event += 1
        await self.register(client, i)
        email = f"registrant{i}@example.org"
        if email in self.accepted:
            self.cancellable.append(email)

    async def cancel_one(self, client: httpx.AsyncClient) -> None:
        if not self.cancellable:  # nothing to cancel yet (the first seconds): register instead, to keep the rate
            return await self.register_next(client)
        index = self.rng.randrange(len(self.cancellable))
        self.cancellable[index], self.cancellable[-1] = self.cancellable[-1], self.cancellable[index]
        await self.cancel(client, self.cancellable.pop())

    async def sign_new_organisation(self, client: httpx.AsyncClient) -> None:
        self.organisations_signed += 1
        name = f"Soak municipality {self.organisations_signed} {self.rng.getrandbits(32):08x}"
        organisation_id = await self.register_organisation(client, name)
        await self.sign(client, organisation_id)

    async def new_event(self, client: httpx.AsyncClient) -> None:
        self.event_id = await self.create_event(client, EVENT_CAPACITY)


class CommandFailed(RuntimeError):
    """The command got no answer (timeout, connection refused); it is recorded as failed."""


def operations(rng: random.Random):
    """The mix, forever, each cycle in a new order."""
    while True:
        cycle = list(MIX)
        rng.shuffle(cycle)
        yield from cycle


async def drive(load: SoakLoad, client: httpx.AsyncClient, *, rate: float, seconds: float) -> None:
    """Starts each operation at its scheduled time (open loop) for ``seconds``; then waits for those in flight."""
    recorder = load.recorder
    in_flight: set[asyncio.Task] = set()
    next_at = recorder.started
    mix = operations(load.rng)
    rotating = False

    async def run(operation: str) -> None:
        nonlocal rotating
        try:
            if operation == "register":
                await load.register_next(client)
            elif operation == "cancel":
                await load.cancel_one(client)
            elif operation == "sign":
                await load.sign_new_organisation(client)
            elif operation == "ballot":
                await load.cast_ballot(client, load.rng.randrange(len(load.ballots)), load.rng)
            else:
                await load.new_event(client)
        except (CommandFailed, KeyError, IndexError, TypeError):
            pass  # recorded as failed by gql (KeyError, IndexError, TypeError: a command answered with an error, the next not sent)
        except Exception as exc:  # noqa: BLE001 (a bug here must show in the report, not stop the load)
            recorder.unexpected[f"{operation}: {exc!r}"[:200]] += 1
        finally:
            if operation == "new_event":
                rotating = False

    while next_at < recorder.started + seconds:
        if load.registered_in_event >= REGISTRATIONS_PER_EVENT and not rotating:
            operation, rotating, load.registered_in_event = "new_event", True, 0
        else:
            operation = next(mix)
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        recorder.lateness.append(time.monotonic() - next_at)
        task = asyncio.create_task(run(operation))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)
        next_at += COMMANDS_PER_OPERATION[operation] / rate
    if in_flight:
        await asyncio.wait(in_flight, timeout=COMMAND_TIMEOUT * 3 + 5)


class Sampler:
    """RSS, descriptors and TCP connections of every process; PostgreSQL connections per database; the backlog."""

    def __init__(self, platform: faultlab.Platform, pids: dict[str, int], databases: dict[str, str] | None):
        self.platform, self.pids = platform, pids
        self.databases = {service: url.rsplit("/", 1)[1] for service, url in (databases or {}).items()}
        self.samples: list[dict] = []
        self._postgres = None

    async def open(self) -> None:
        if self.databases:
            import asyncpg

            self._postgres = await asyncpg.connect(faultlab.POSTGRES)

    async def close(self) -> None:
        if self._postgres:
            await self._postgres.close()

    async def take(self, at: float, client: httpx.AsyncClient, label: str | None = None) -> dict:
        states = tcp_states()
        sample = {"t": round(at, 2), "label": label, "processes": {name: process_figures(pid, states) for name, pid in self.pids.items()}}
        if self._postgres:
            rows = await self._postgres.fetch("""SELECT datname, count(*) AS n FROM pg_stat_activity
                                                 WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid() GROUP BY datname""",
                                              list(self.databases.values()))
            by_name = {r["datname"]: r["n"] for r in rows}
            sample["db_connections"] = {service: by_name.get(name, 0) for service, name in self.databases.items()}
        sample["backlog"] = await faultlab.backlog(self.platform, client)
        self.samples.append(sample)
        return sample

    async def run(self, started: float, *, every: float, warmup: float, seconds: float, client: httpx.AsyncClient) -> None:
        """At 0, every ``every`` seconds, at the end of the warm-up and at the end (all relative to ``started``)."""
        moments = sorted({*(i * every for i in range(int(seconds // every) + 1) if i * every < seconds), warmup, seconds})
        for moment in moments:
            await asyncio.sleep(max(0.0, started + moment - time.monotonic()))
            label = "warmup_end" if moment == warmup else "end" if moment == seconds else None
            await self.take(moment, client, label)


def tcp_states() -> dict[int, str]:
    """Socket inode -> TCP state (hex, as in /proc/net/tcp: 01 established, 08 close-wait, 0A listen)."""
    states = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            states[int(fields[9])] = fields[3]
    return states


def process_figures(pid: int, states: dict[int, str]) -> dict | None:
    """RSS (KiB), open descriptors and TCP connections (not listening) of one process; None if it is gone."""
    try:
        rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS:"))
        fds = os.listdir(f"/proc/{pid}/fd")
        # utime and stime, the 14th and 15th fields; the command name (2nd) may hold spaces, so count after its ')'
        ticks = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13]
    except (OSError, StopIteration):
        return None
    tcp = close_wait = 0
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:  # closed since the listing
            continue
        if target.startswith("socket:["):
            state = states.get(int(target[8:-1]))
            if state is not None and state != TCP_LISTEN:
                tcp += 1
                close_wait += state == "08"
    return {"rss_kb": rss, "fds": len(fds), "tcp": tcp, "tcp_close_wait": close_wait, "cpu_s": round(sum(map(int, ticks)) / CLOCK_TICKS, 2)}


# -- analysis -------------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of y over x."""
    if len(points) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else None


def analyse(config: dict, recorder: Recorder, samples: list[dict]) -> dict:
    seconds, warmup, bucket = config["minutes"] * 60, config["warmup_minutes"] * 60, config["bucket_seconds"]
    commands = recorder.commands
    accepted = [c for c in commands if c.error is None]
    by_kind = Counter(c.kind for c in commands)
    failures = Counter(f"{c.kind}: {c.error}" for c in commands if c.error)

    buckets = []
    for start in range(0, int(seconds), int(bucket)):
        latencies = [c.latency * 1000 for c in commands if start <= c.at < start + bucket]
        if latencies:
            buckets.append({"start_s": start, "minute": round(start / 60, 2), "after_warmup": start >= warmup,
                            "complete": start + bucket <= seconds, "count": len(latencies),
                            "p50_ms": round(percentile(latencies, 50), 1), "p99_ms": round(percentile(latencies, 99), 1)})
    measured = [b for b in buckets if b["after_warmup"]]
    complete = [b for b in measured if b["complete"]] or measured
    first, last = (complete[0], complete[-1]) if complete else (None, None)
    trend = slope([((b["start_s"] + bucket / 2) / 60, b["p50_ms"]) for b in measured])
    ratio = round(last["p50_ms"] / first["p50_ms"], 2) if first and first["p50_ms"] else None

    warm = next(s for s in samples if s["label"] == "warmup_end")
    end = next(s for s in samples if s["label"] == "end")
    processes = {}
    for name in warm["processes"]:
        at_warmup, at_end = warm["processes"][name], end["processes"][name]
        series = [s["processes"][name] for s in samples if s["processes"][name]]
        processes[name] = {
            "alive_at_end": at_end is not None,
            "rss_mib_warmup": round(at_warmup["rss_kb"] / 1024, 1) if at_warmup else None,
            "rss_mib_end": round(at_end["rss_kb"] / 1024, 1) if at_end else None,
            "rss_mib_max": round(max(s["rss_kb"] for s in series) / 1024, 1),
            "growth_pct": round((at_end["rss_kb"] - at_warmup["rss_kb"]) / at_warmup["rss_kb"] * 100, 1) if at_warmup and at_end else None,
            # share of one CPU used after the warm-up
            "cpu_pct": round((at_end["cpu_s"] - at_warmup["cpu_s"]) / (seconds - warmup) * 100, 1) if at_warmup and at_end else None,
            **{f"{k}_{when}": (s or {}).get(k) for k in ("fds", "tcp", "tcp_close_wait")
               for when, s in (("warmup", at_warmup), ("end", at_end))},
        }
    db = {service: {"warmup": warm["db_connections"][service], "end": end["db_connections"][service]}
          for service in warm.get("db_connections", {})}

    post_warmup_minutes = (seconds - warmup) / 60
    verdicts = []
    growing = {n: p["growth_pct"] for n, p in processes.items() if p["growth_pct"] is None or p["growth_pct"] >= MEMORY_GROWTH_TARGET}
    worst = max(processes, key=lambda n: processes[n]["growth_pct"] if processes[n]["growth_pct"] is not None else float("inf"))
    detail = ("missed by " + ", ".join(f"{n} {'exited' if g is None else f'{g:+.1f}%'}" for n, g in growing.items())
              if growing else f"worst {worst} {processes[worst]['growth_pct']:+.1f}%")
    if "broker" in growing:
        detail += BROKER_NOTE
    verdicts.append({"target": f"memory: RSS growth after warm-up under {MEMORY_GROWTH_TARGET:.0f}% in every process", "ok": not growing,
                     "detail": detail})
    rise = trend * post_warmup_minutes / first["p50_ms"] if trend is not None and first and first["p50_ms"] else None
    latency_ok = ratio is not None and ratio <= LATENCY_RATIO_TARGET and (rise is None or rise <= LATENCY_RATIO_TARGET - 1)
    verdicts.append({"target": f"latency: not rising (last/first p50 at most {LATENCY_RATIO_TARGET}, and the trend over the run "
                               f"at most +{(LATENCY_RATIO_TARGET - 1) * 100:.0f}%)", "ok": latency_ok,
                     "detail": f"ratio {ratio}, slope {trend:+.2f} ms/minute" if trend is not None
                     else f"ratio {ratio}, one bucket only: no slope"})
    # A leak keeps growing; pools and commands in flight move up and down, and a client may open a connection
    # once more (aiokafka does, at its first metadata refresh five minutes after start: one step up, then flat).
    # So: the trend of every count through the second half of the measured time (least squares), extrapolated
    # over the whole measured time, must stay small.
    measured_samples = [s for s in samples if s["t"] >= warmup + (seconds - warmup) / 2]

    def drift(series: list[tuple[float, float]]) -> float:
        trend_per_minute = slope(series)
        return 0.0 if trend_per_minute is None else trend_per_minute * post_warmup_minutes

    drifts = {}
    for name in processes:
        for count in ("fds", "tcp", "tcp_close_wait"):
            series = [(s["t"] / 60, s["processes"][name][count]) for s in measured_samples if s["processes"][name]]
            drifts[f"{name} {count}"] = drift(series)
    for service in db:
        drifts[f"{service} database connections"] = drift([(s["t"] / 60, s["db_connections"][service]) for s in measured_samples])
    leaks = [f"{what} {growth:+.1f}" for what, growth in drifts.items() if growth > CONNECTIONS_ALLOWANCE]
    leaks += [f"{name} exited" for name, p in processes.items() if not p["alive_at_end"]]
    worst_drift = max(drifts, key=drifts.get)
    verdicts.append({"target": f"connections: TCP connections, descriptors, CLOSE_WAIT sockets and database connections not rising "
                               f"(least-squares trend in the second half after the warm-up at most +{CONNECTIONS_ALLOWANCE} over the "
                               "measured time)", "ok": not leaks,
                     "detail": "; ".join(leaks) if leaks else f"largest trend {worst_drift} {drifts[worst_drift]:+.1f}"})
    failed = len(commands) - len(accepted)
    verdicts.append({"target": "commands: every command accepted", "ok": failed == 0 and bool(commands),
                     "detail": f"{failed} of {len(commands)} failed"
                     + (f" ({', '.join(f'{k} x{n}' for k, n in failures.most_common(5))})" if failed else "")})
    late = sorted(recorder.lateness)
    late_p99 = percentile(late, 99) * 1000 if late else 0.0
    verdicts.append({"target": "schedule: the rate was held (operations sent at most 100 ms late, p99)", "ok": late_p99 <= 100,
                     "detail": f"late p99 {late_p99:.1f} ms, max {late[-1] * 1000 if late else 0:.1f} ms"})
    backlogs = [s["backlog"] for s in samples if s["t"] >= warmup]
    verdicts.append({"target": "backlog: the asynchronous work kept up (events in outboxes plus e-mails not delivered, after the warm-up, "
                               "always under 10 s of commands)",
                     "ok": None not in backlogs and max(backlogs) < 10 * config["rate"],
                     "detail": f"max {max((b for b in backlogs if b is not None), default=None)}, at the end {end['backlog']}"
                               + (" (a service did not answer /metrics)" if None in backlogs else "")})

    return {
        "commands": {"sent": len(commands), "accepted": len(accepted), "failed": failed, "by_kind": dict(by_kind),
                     "failures": dict(failures.most_common()), "unexpected": dict(recorder.unexpected),
                     "p50_ms_by_kind": {k: round(percentile([c.latency * 1000 for c in commands if c.kind == k], 50), 1) for k in by_kind},
                     "p99_ms_by_kind": {k: round(percentile([c.latency * 1000 for c in commands if c.kind == k], 99), 1) for k in by_kind}},
        "schedule": {"late_p99_ms": round(late_p99, 1), "late_max_ms": round(late[-1] * 1000, 1) if late else 0.0},
        "latency": {"buckets": buckets, "ratio_last_first_p50": ratio,
                    "slope_ms_per_minute": round(trend, 3) if trend is not None else None},
        "processes": processes,
        "db_connections": db,
        "verdicts": verdicts,
    }


def report_lines(result: dict) -> list[str]:
    config, summary = result["config"], result["summary"]
    commands, processes = summary["commands"], summary["processes"]
    lines = [f"bench/soak.py: {config['minutes']:g} min at {config['rate']:g} commands/s (open loop), "
             f"warm-up {config['warmup_minutes']:g} min, "
             f"{config['database_label']}; samples every {config['sample_seconds']:g} s",
             f"command: {config['command']}",
             f"load average (1, 5, 15 min) at the start {result['load_average']['start']}, at the end {result['load_average']['end']}; "
             f"{os.cpu_count()} CPUs",
             "",
             f"commands: sent {commands['sent']}, accepted {commands['accepted']}, failed {commands['failed']}",
             "  " + ", ".join(f"{k} {n} (p50 {commands['p50_ms_by_kind'][k]} ms, p99 {commands['p99_ms_by_kind'][k]} ms)"
                              for k, n in sorted(commands["by_kind"].items())),
             *[f"  failed: {k} x{n}" for k, n in list(commands["failures"].items())[:10]],
             *[f"  operation raised: {k} x{n}" for k, n in commands["unexpected"].items()],
             f"schedule: operations sent late by p99 {summary['schedule']['late_p99_ms']} ms, max {summary['schedule']['late_max_ms']} ms",
             "",
             f"{'memory (RSS, MiB)':<22}{'warm-up end':>12}{'end':>9}{'max':>9}{'growth':>9}{'CPU after warm-up':>19}"]
    for name, p in processes.items():
        growth = "exited" if p["growth_pct"] is None else f"{p['growth_pct']:+.1f}%"
        cpu = "-" if p["cpu_pct"] is None else f"{p['cpu_pct']:.0f}% of a CPU"
        lines.append(f"  {name:<20}{p['rss_mib_warmup'] or '-':>12}{p['rss_mib_end'] or '-':>9}{p['rss_mib_max']:>9}{growth:>9}{cpu:>19}")
    lines += ["", f"latency per {config['bucket_seconds']:g} s (all commands; * warm-up)",
              f"  {'minute':>7}{'count':>8}{'p50 ms':>9}{'p99 ms':>9}"]
    for b in summary["latency"]["buckets"]:
        lines.append(f"  {b['minute']:>6g}{' ' if b['after_warmup'] else '*'}{b['count']:>8}{b['p50_ms']:>9}{b['p99_ms']:>9}")
    latency = summary["latency"]
    lines += [f"  p50 last / first after warm-up: {latency['ratio_last_first_p50']}; least-squares slope of p50 after warm-up: "
              f"{latency['slope_ms_per_minute']} ms/minute", "",
              f"{'descriptors, connections':<26}{'fds warm-up→end':>17}{'tcp warm-up→end':>17}{'close-wait end':>16}"]
    for name, p in processes.items():
        fds, tcp = f"{p['fds_warmup']}→{p['fds_end']}", f"{p['tcp_warmup']}→{p['tcp_end']}"
        lines.append(f"  {name:<24}{fds:>17}{tcp:>17}{p['tcp_close_wait_end'] or 0:>16}")
    if summary["db_connections"]:
        lines.append("  PostgreSQL connections (pg_stat_activity), warm-up end → end: "
                     + ", ".join(f"{s} {d['warmup']}→{d['end']}" for s, d in summary["db_connections"].items()))
    lines += ["", "verdicts:"]
    for v in summary["verdicts"]:
        lines.append(f"  {'OK    ' if v['ok'] else 'MISSED'} {v['target']}: {v['detail']}")
    missed = [v for v in summary["verdicts"] if not v["ok"]]
    lines.append(f"  {'every target met' if not missed else f'{len(missed)} target(s) missed'}")
    return lines


# -- the run --------------------------------------------------------------------------------------------------


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


async def soak(args: argparse.Namespace, work: Path, say) -> dict:
    databases = await faultlab.postgres_databases("soak", SERVICES) if args.database == "postgres" else None
    platform = faultlab.Platform(work, database_urls=databases, services=SERVICES, fault_proxy=False, mail_catcher_process=True)
    recorder = Recorder()
    seconds, warmup = args.minutes * 60, args.warmup_minutes * 60
    try:
        say(f"starting the platform in {work} ...")
        await platform.start()
        # Ready, not only live: migrated and connected, so the first minute measures the load, not the start.
        await asyncio.gather(*(asyncio.to_thread(wait_until_answers, platform.url(s), platform.processes[s], path="/health/ready",
                                                 log=work / f"{s}.log") for s in [*SERVICES, "gateway"]))
        load = SoakLoad(platform, recorder, random.Random(args.seed))
        # No cap on connections (open loop: a slow platform gets more commands in flight, not fewer);
        # a few kept alive, so the gateway's connection count follows the commands in flight.
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=8)
        async with httpx.AsyncClient(limits=limits) as client:
            say("setting up: an event, the pact, an awards edition open for voting ...")
            await load.setup(client)
            await load.setup_awards(client, "Soak awards")
            sampler = Sampler(platform, platform.pids(), databases)
            await sampler.open()
            try:
                started_load = load_average()
                say(f"load: {args.minutes:g} min at {args.rate:g} commands/s (warm-up {args.warmup_minutes:g} min) ...")
                recorder.started = time.monotonic()
                sampling = sampler.run(recorder.started, every=args.sample_seconds, warmup=warmup, seconds=seconds, client=client)
                await asyncio.gather(drive(load, client, rate=args.rate, seconds=seconds), sampling)
            finally:
                await sampler.close()
        config = {"minutes": args.minutes, "warmup_minutes": args.warmup_minutes, "rate": args.rate, "database": args.database,
                  "database_label": "PostgreSQL (a database per service)" if databases else "SQLite (embedded defaults)",
                  "sample_seconds": args.sample_seconds, "bucket_seconds": args.bucket_seconds, "seed": args.seed,
                  "command": " ".join([".venv/bin/python", "bench/soak.py", *sys.argv[1:]]), "work": str(work)}
        result = {"config": config, "load_average": {"start": started_load, "end": load_average()}, "pids": platform.pids(),
                  "samples": sampler.samples}
        result["summary"] = analyse(config, recorder, sampler.samples)
        return result
    finally:
        await platform.stop()
        if databases:
            await faultlab.drop_databases(databases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the load, warm-up included (default 10)")
    parser.add_argument("--rate", type=float, default=10.0, help="commands per second, steady (default 10)")
    parser.add_argument("--warmup-minutes", type=float, default=2.0, help="the start of the load that the targets do not count (default 2)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sample-seconds", type=float, default=10.0, help="how often every process is sampled (default 10)")
    parser.add_argument("--bucket-seconds", type=float, default=60.0, help="latency is summarised per bucket of this length (default 60)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the working directory (logs, SQLite files, caught mail)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document (samples, commands, summary, verdicts) instead of the report")
    args = parser.parse_args()
    if not 0 < args.warmup_minutes < args.minutes:
        parser.error("--warmup-minutes must be more than 0 and less than --minutes")
    if args.rate <= 0 or args.sample_seconds <= 0 or args.bucket_seconds <= 0:
        parser.error("--rate, --sample-seconds and --bucket-seconds must be positive")
    began = time.monotonic()

    def say(message: str) -> None:  # progress, on stderr: the report (or the JSON) is on stdout
        print(f"[{time.monotonic() - began:5.1f} s] {message}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="soak-"))
    result = asyncio.run(soak(args, work, say))  # on an error the directory stays, with every process's log
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print("\n".join(report_lines(result)))


if __name__ == "__main__":
    main()
