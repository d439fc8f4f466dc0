"""Fault injection under load: the platform as separate processes, a mixed load through the gateway,
processes SIGKILLed and restarted and the broker cut while it runs, then a reconciliation.

Used by tests/faults (a short run in `make test`) and bench/faults.py (about 5,000 commands); bench/soak.py
starts the same platform (with the mail catcher as a process too, no fault proxy) for its steady load.

The platform: every service as three processes (``split_roles``): the HTTP API (``serve`` with the relay,
the consumers and the workers off), its outbox relay (``relay``) and its consumers with the background
workers (``consume``: schedulers, the notifications dispatcher); the gateway; the embedded broker behind a
proxy that can be cut. Any of these may be killed, the HTTP API, the relay or the consumers of any service,
or the gateway.

The load: registrations for one event with a waitlist (each with an Idempotency-Key, retried until
accepted, so a response lost to a kill is not a lost command), cancellations by the organiser,
signatures recorded and verified by two secretariat users, and jury ballots cast and changed in an
awards edition open for voting. The reconciliation: every accepted registration exists once; confirmed
seats never exceed the capacity; each registration that ended confirmed has exactly one confirmation
e-mail (with its calendar file) at the SMTP server, and one that ended waitlisted has none; each
signature has exactly one register entry per event; once voting is closed, each juror's last accepted
ballot on a nomination is the one counted, once (its receipt in the sealed export, and no nomination
with more counted ballots than jurors who voted on it); no consumer lags behind its topic; the DLQs are empty.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import os
import random
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller
from gateway.node import local_id
from membership.adapters.register_key import new_private_pem
from servicekit.auth import Role, generate_keypair, issue_token
from servicekit.cli import workers_off
from servicekit.dead_letters import list_parked
from servicekit.localbroker import LocalBroker, free_port
from servicekit.processes import start_module, stop_processes, wait_until_answers, wait_until_listening
from servicekit.testing import TcpProxy
from servicekit.topic_reader import committed_offsets, end_offsets

import demo_awards

SERVICES = ["membership", "events", "awards", "notifications"]
# A service's processes when its roles are split: the HTTP API keeps the service's name.
ROLE_COMMANDS = {"api": (), "relay": ("relay",), "consumers": ("consume",)}
# The relay and consume processes of a split service run with auto-migration off, as deployments do, so they
# refuse development link settings (servicekit.preflight); links in a fault run's e-mails are never opened.
LINK_SECRET = "faultlab-link-secret-0123456789abcdef0123456789abcdef"
LINKS_URL = "https://links.faultlab.invalid"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"


class Inbox:
    """The SMTP server's side: every message received, by recipient."""

    def __init__(self):
        self.messages: list[tuple[str, str, bool]] = []  # (recipient, Message-ID, has a calendar invitation)
        self.first_calendar_at: dict[str, float] = {}  # recipient -> time.time() the first mail with an invitation was accepted

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        # A confirmation's invitation.ics (METHOD=PUBLISH); a cancellation's cancel.ics (METHOD=CANCEL) is not one.
        has_ics = any(part.get_content_type() == "text/calendar" and str(part.get_param("method", "PUBLISH")).upper() != "CANCEL"
                      for part in message.walk())
        for recipient in envelope.rcpt_tos:
            self.messages.append((recipient.lower(), str(message["Message-ID"]), has_ics))
            if has_ics:
                self.first_calendar_at.setdefault(recipient.lower(), time.time())
        return "250 OK"


@dataclass
class Report:
    commands_sent: int = 0
    commands_accepted: int = 0
    retries: int = 0
    kills: int = 0
    killed: Counter = field(default_factory=Counter)  # process name -> times SIGKILLed
    broker_cuts: int = 0
    expected: int = 0
    found: int = 0
    effects: dict[str, list[int]] = field(default_factory=dict)  # kind of effect -> [expected, found]
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    resent_same_message_id: int = 0
    oversold: int = 0
    consumer_lag: int = 0
    dead_letters: int = 0
    dead_letter_errors: list[str] = field(default_factory=list)
    converged_seconds: float = 0.0
    load_after_fault_seconds: float = 0.0  # the load may run on after the last fault
    backlog_at_end_of_load: int | None = None  # events in outboxes and e-mails not delivered when the load stopped

    def lines(self) -> list[str]:
        return [
            f"commands sent {self.commands_sent}, accepted {self.commands_accepted} (after {self.retries} retries)",
            f"faults: {self.kills} SIGKILLs with restart, {self.broker_cuts} broker cuts",
            f"  killed: {', '.join(f'{name} {n}x' for name, n in sorted(self.killed.items()))}",
            f"effects expected {self.expected}, found {self.found}, lost {len(self.lost)}, doubled {len(self.doubled)}",
            *[f"  {kind}: expected {n[0]}, found {n[1]}" for kind, n in self.effects.items()],
            f"same e-mail re-sent with its Message-ID after a kill: {self.resent_same_message_id}",
            f"oversold seats {self.oversold}, events not consumed {self.consumer_lag}, dead letters {self.dead_letters}",
            *[f"  dead letter: {e}" for e in self.dead_letter_errors],
            f"converged {self.converged_seconds:.1f} s after the last fault (the load ran {self.load_after_fault_seconds:.1f} s past it "
            f"and left {'?' if self.backlog_at_end_of_load is None else self.backlog_at_end_of_load} events and e-mails queued)",
        ]

    def effect(self, kind: str, found: bool) -> None:
        """One effect that should be there, and whether it is (exactly once)."""
        counts = self.effects.setdefault(kind, [0, 0])
        counts[0] += 1
        self.expected += 1
        if found:
            counts[1] += 1
            self.found += 1

    @property
    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.oversold or self.consumer_lag or self.dead_letters) and self.found == self.expected


class Platform:
    """Broker, services, gateway and an SMTP server, each its own process (the SMTP server is in this
    process when its messages are to be counted).

    ``split_roles``: each service runs as three processes, its HTTP API (named after the service), its
    relay (``<service>-relay``) and its consumers with its workers (``<service>-consumers``); otherwise
    as one ``serve`` process that does all three.
    ``fault_proxy``: the services reach the broker through a proxy in this process that ``cut_broker`` can cut.
    ``mail_catcher_process``: the development mail catcher (``python -m notifications mailcatcher``) instead
    of the in-process ``Inbox``.
    """

    def __init__(self, work: Path, *, database_urls: dict[str, str] | None = None, services: list[str] = SERVICES,
                 fault_proxy: bool = True, mail_catcher_process: bool = False, split_roles: bool = False):
        self.work = work
        self.services = list(services)
        self.database_urls = database_urls or {s: f"sqlite+aiosqlite:///{work / s}.db" for s in self.services}
        self.fault_proxy, self.mail_catcher_process, self.split_roles = fault_proxy, mail_catcher_process, split_roles
        self.private_key, public = generate_keypair()
        (work / "public.pem").write_text(public)
        (work / "register-ed25519.pem").write_text(new_private_pem())  # one register key for every membership process
        self.ports = {name: free_port() for name in [*self.services, "gateway"]}
        self.processes: dict[str, subprocess.Popen] = {}
        self.inbox = Inbox()
        self.proxy = self.smtp = None

    @property
    def killable(self) -> list[str]:
        """Every process a fault may kill: each service's (or each of its roles'), and the gateway."""
        roles = [f"{s}-{role}" if role != "api" else s for s in self.services for role in ROLE_COMMANDS] if self.split_roles else self.services
        return [*roles, "gateway"]

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def token(self, role: Role, subject: str, **claims) -> str:
        return issue_token(self.private_key, role=role, subject=subject, ttl_seconds=7200, **claims)

    async def start(self) -> None:
        self.proxy_port = free_port()
        if self.fault_proxy:
            self.broker = LocalBroker(log_file=self.work / "broker.log", advertised_port=self.proxy_port).start()
            self.proxy = await TcpProxy(self.broker.port, port=self.proxy_port).start()
        else:
            self.broker = LocalBroker(port=self.proxy_port, log_file=self.work / "broker.log").start()
        self.smtp_port = free_port()
        if self.mail_catcher_process:
            log = self.work / "mailcatcher.log"
            self.processes["mailcatcher"] = start_module("notifications", "mailcatcher", "--dir", str(self.work / "mail"),
                                                         "--port", str(self.smtp_port), env=self._base_env(), log=log)
            await asyncio.to_thread(wait_until_listening, self.smtp_port, self.processes["mailcatcher"], log=log)
        else:
            self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=self.smtp_port)
            self.smtp.start()
        # The HTTP processes migrate their databases on start; the relays and consumers start once they have.
        first = [*self.services, "gateway"]
        for name in first:
            self.spawn(name)
        await asyncio.gather(*(self.ready(name) for name in first))
        rest = [name for name in self.killable if name not in first]
        for name in rest:
            self.spawn(name)
        await asyncio.gather(*(self.ready(name) for name in rest))

    def pids(self) -> dict[str, int]:
        """Every process of the platform by name: the services, the gateway, the broker and the mail catcher (if a process)."""
        return {**{name: p.pid for name, p in self.processes.items()}, "broker": self.broker._process.pid}

    @staticmethod
    def _base_env() -> dict[str, str]:
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}

    @staticmethod
    def _role(name: str) -> tuple[str, str]:
        service, _, role = name.partition("-")
        return service, role or "api"

    def env(self, name: str) -> dict[str, str]:
        service, role = self._role(name)
        prefix = service.upper()
        common = {**self._base_env(), "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{self.proxy_port}",
                  "KAFKA_SESSION_TIMEOUT_MS": "2000", "JWT_PUBLIC_KEY": str(self.work / "public.pem"), "LOG_LEVEL": "WARNING",
                  f"{prefix}_HTTP_PORT": str(self.ports[service])}
        if name == "gateway":
            return {**common, "GATEWAY_RATE_LIMIT_PER_MINUTE": "0", "GATEWAY_UPSTREAM_TIMEOUT_SECONDS": "10",
                    # a service not started is unreachable: the gateway answers UPSTREAM_UNAVAILABLE for its fields
                    **{f"GATEWAY_{s.upper()}_URL": self.url(s) if s in self.services else "http://127.0.0.1:1" for s in SERVICES}}
        env = {**common, f"{prefix}_DATABASE_URL": self.database_urls[service]}
        if self.split_roles and role == "api":  # the relay and the consumers (with the workers) run in their own processes
            off = {"run_relay": False, "run_consumers": False, **workers_off(settings_class(service))}
            env.update({f"{prefix}_{setting.upper()}": "false" for setting in off})
        elif role != "api":
            env[f"{prefix}_AUTO_MIGRATE"] = "false"  # the HTTP process migrated; these check the schema is current
        if service == "notifications":
            env.update({"NOTIFICATIONS_SMTP_HOST": "127.0.0.1", "NOTIFICATIONS_SMTP_PORT": str(self.smtp_port),
                        "NOTIFICATIONS_LINK_SECRET": LINK_SECRET, "NOTIFICATIONS_PUBLIC_BASE_URL": LINKS_URL,
                        "NOTIFICATIONS_DISPATCH_LEASE_SECONDS": "5", "NOTIFICATIONS_RETRY_BASE_SECONDS": "1", "NOTIFICATIONS_RETRY_MAX_SECONDS": "2"})
        if service == "events":
            env.update({"EVENTS_LINK_SECRET": LINK_SECRET, "EVENTS_PUBLIC_URL": LINKS_URL})
        if service == "membership":
            env["MEMBERSHIP_REGISTER_SIGNING_KEY"] = str(self.work / "register-ed25519.pem")
        return env

    def spawn(self, name: str) -> None:
        service, role = self._role(name)
        self.processes[name] = start_module(service, *ROLE_COMMANDS[role], env=self.env(name), log=self.work / f"{name}.log")

    async def ready(self, name: str, timeout: float = 90) -> None:
        service, role = self._role(name)
        log = self.work / f"{name}.log"
        if role == "api":
            await asyncio.to_thread(wait_until_answers, self.url(name), self.processes[name], log=log, timeout=timeout)
            return
        # A relay or consumers process serves no HTTP: it is up when it has not exited after starting (it retries
        # the broker itself); the reconciliation's lag check says whether its work got done.
        await asyncio.sleep(1.0)
        if self.processes[name].poll() is not None:
            raise RuntimeError(f"{name} exited with {self.processes[name].returncode}: {log.read_text()[-2000:]}")

    async def kill_and_restart(self, name: str) -> None:
        self.processes[name].send_signal(signal.SIGKILL)
        self.processes[name].wait()
        await asyncio.sleep(0.3)
        self.spawn(name)
        await self.ready(name)

    async def cut_broker(self, seconds: float) -> None:
        await self.proxy.cut()
        await asyncio.sleep(seconds)
        await self.proxy.start()

    @functools.cached_property
    def subscriptions(self) -> list[tuple[str, str]]:
        """(topic, consumer group) of every consumer of the platform's services, as their runtimes declare them."""
        found = []
        for service in self.services:  # built, not started: nothing connects
            settings = settings_class(service)
            secret = {"link_secret": LINK_SECRET} if "link_secret" in settings.model_fields else {}  # as the processes have it
            runtime = importlib.import_module(f"{service}.bootstrap").build_runtime(
                settings(database_url=self.database_urls[service], run_consumers=False, run_relay=False, **secret))
            found += [(s.topic, s.group_id) for s in runtime.subscriptions]
        return found

    async def consumer_lag(self) -> int:
        """Events on the consumed topics that their consumer group has not committed yet."""
        bootstrap = self.broker.bootstrap_servers

        async def lag(topic: str, group: str) -> int:
            committed, ends = await committed_offsets(bootstrap, group, topic), await end_offsets(bootstrap, topic)
            return sum(max(0, end - (committed.get(partition) or 0)) for partition, end in ends.items())

        return sum(await asyncio.gather(*(lag(topic, group) for topic, group in self.subscriptions)))

    async def stop(self) -> None:
        await asyncio.to_thread(stop_processes, self.processes.values())
        if self.smtp:
            self.smtp.stop()
        if self.proxy:
            await self.proxy.cut()
        self.broker.stop()


def settings_class(service: str):
    return importlib.import_module(f"{service}.bootstrap").Settings


class Load:
    """The commands, sent through the gateway and retried (same idempotency) until accepted."""

    def __init__(self, platform: Platform, report: Report, *, registrations: int, capacity: int, cancellations: int, signatures: int,
                 ballots: int = 0):
        self.platform, self.report = platform, report
        self.registrations, self.capacity, self.cancellations, self.signatures = registrations, capacity, cancellations, signatures
        self.ballots_to_cast = ballots
        self.commands_total = self.commands_done = 0  # of the load's run, for faults spread over it
        self.secretariat = platform.token(Role.SECRETARIAT, "faults-recorder")
        self.verifier = platform.token(Role.SECRETARIAT, "faults-verifier")
        self.accepted: dict[str, dict] = {}  # e-mail -> registration
        self.cancelled: set[str] = set()
        self.signed: dict[str, str] = {}  # signature id -> final status
        self.edition_id: str | None = None
        self.ballots: list[tuple[str, str, list[str]]] = []  # who may vote on what: (juror id, nomination id, criterion ids)
        self.juror_tokens: dict[str, str] = {}
        self.ballots_cast: dict[tuple[str, str], dict[str, int]] = {}  # (juror id, nomination id) -> the last accepted scores
        self._ballot_locks: dict[tuple[str, str], asyncio.Lock] = {}

    async def gql(self, client: httpx.AsyncClient, query: str, variables: dict, token: str | None = None) -> dict:
        """One command, retried until the platform gives an answer that is not about being unavailable."""
        self.report.commands_sent += 1
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for attempt in range(200):
            try:
                body = (await client.post(f"{self.platform.url('gateway')}/graphql", json={"query": query, "variables": variables},
                                          headers=headers, timeout=15)).json()
            except (httpx.HTTPError, ValueError):
                body = None
            codes = {e.get("extensions", {}).get("code") for e in (body or {}).get("errors") or []}
            if body is not None and not codes & {"UPSTREAM_UNAVAILABLE", "INTERNAL"}:
                self.report.commands_accepted += "errors" not in body
                return body
            self.report.retries += 1
            await asyncio.sleep(min(0.2 * (attempt + 1), 2))
        raise RuntimeError(f"no answer for {query[:60]} after 200 attempts")

    async def setup(self, client: httpx.AsyncClient) -> None:
        self.event_id = await self.create_event(client, self.capacity)
        self.document_id = await self.upload_pact(client)
        self.organisations = [await self.register_organisation(client, f"Faults municipality {uuid.uuid4().hex[:8]}")
                              for _ in range(self.signatures)]
        if self.ballots_to_cast:
            await self.setup_awards(client)

    async def create_event(self, client: httpx.AsyncClient, capacity: int) -> str:
        """A published online event with a waitlist; its id."""
        day = (date.today() + timedelta(days=30)).isoformat()
        event = await self.gql(client, """mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }""", {"input": {
            "kind": "ONLINE_CONFERENCE", "titles": [{"language": "NL", "text": f"Fair ICT Flanders faults {uuid.uuid4().hex[:6]}"}],
            "languages": ["NL"], "startsAt": f"{day}T13:00:00", "endsAt": f"{day}T17:00:00", "joinUrl": "https://meet.example.org/faults",
            "capacity": capacity, "waitlist": True}}, self.secretariat)
        event_id = local_id(event["data"]["createEvent"]["id"])  # the service's id: reconciliation asks the services
        await self.gql(client, "mutation($id: ID!) { publishEvent(id: $id) { id } }", {"id": event_id}, self.secretariat)
        return event_id

    async def register_organisation(self, client: httpx.AsyncClient, name: str, kind: str = "COORDINATING") -> str:
        body = await self.gql(client, """mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }""",
                              {"input": {"name": name, "kind": kind, "country": "BE"}}, self.secretariat)
        return local_id(body["data"]["registerOrganisation"]["id"])

    async def upload_pact(self, client: httpx.AsyncClient) -> str:
        headers = {"Authorization": f"Bearer {self.secretariat}"}
        for _ in range(100):
            try:
                response = await client.post(f"{self.platform.url('membership')}/documents", headers=headers,
                                             files={"file": ("pact.txt", f"pact {uuid.uuid4()}".encode(), "text/plain")},
                                             data={"kind": "pact", "version": f"faults-{uuid.uuid4().hex[:6]}", "language": "en",
                                                   "title": "Pact", "published_on": "2021-06-01"})
                if response.status_code == 201:
                    return response.json()["id"]
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
        raise RuntimeError("could not publish the pact document")

    async def register(self, client: httpx.AsyncClient, i: int) -> None:
        email = f"registrant{i}@example.org"
        body = await self.gql(client, """mutation($event: ID!, $input: RegisterInput!, $key: String) {
            register(eventId: $event, input: $input, idempotencyKey: $key) { id status } }""",
                              {"event": self.event_id, "key": f"faults-{i}",
                               "input": {"name": f"Registrant {i}", "email": email, "language": "NL", "consent": True}})
        if "errors" not in body:
            self.accepted[email] = body["data"]["register"]

    async def cancel(self, client: httpx.AsyncClient, email: str) -> None:
        body = await self.gql(client, "mutation($id: ID!) { cancelRegistration(id: $id) { status } }", {"id": self.accepted[email]["id"]},
                              self.secretariat)
        if "errors" not in body:
            self.cancelled.add(email)

    async def sign(self, client: httpx.AsyncClient, organisation_id: str) -> None:
        recorded = await self.gql(client, """mutation($input: RecordSignatureInput!) { recordSignature(input: $input) { id } }""", {"input": {
            "organisationId": organisation_id, "documentId": self.document_id, "signatoryName": "Schepen", "signatoryFunction": "Alderman",
            "signedOn": "2021-06-14", "signedPlace": "Gent"}}, self.secretariat)
        if "errors" in recorded:  # a retry after a lost answer: the first attempt recorded it
            listed = await self.gql(client, "query($org: ID) { signatures(organisationId: $org, first: 5) { nodes { id } } }",
                                    {"org": organisation_id}, self.secretariat)
            signature_id = listed["data"]["signatures"]["nodes"][0]["id"]
        else:
            signature_id = recorded["data"]["recordSignature"]["id"]
        await self.gql(client, "mutation($id: ID!) { verifySignature(id: $id) { status } }", {"id": signature_id}, self.verifier)
        self.signed[local_id(signature_id)] = organisation_id

    async def setup_awards(self, client: httpx.AsyncClient, name: str = "Faults awards") -> None:
        """demo_awards' edition, open for voting: its organisations registered (the nominators signed the pact,
        so they are members), its nominations shortlisted, its jurors accepted. Who may vote on what: every
        juror on every nomination but one of their own organisation's or one they have a conflict with."""
        organisations = {org: await self.register_organisation(client, org, kind.upper())
                         for org, kind in demo_awards.ORGANISATIONS_NEEDED.items()}
        for org in demo_awards.MEMBERS:
            await self.sign(client, organisations[org])
        edition, nominations, jurors = await asyncio.to_thread(self._open_edition, organisations, name)
        self.edition_id = edition["id"]
        criteria = {c["id"]: [k["id"] for k in c["criteria"]] for c in edition["categories"]}
        for (_, _, own, conflict), juror in zip(demo_awards.JURORS, jurors):
            self.juror_tokens[juror["id"]] = self.juror_token(juror["id"])
            for nomination in nominations:
                if nomination["nominee_id"] not in {organisations.get(own), organisations.get(conflict)}:
                    self.ballots.append((juror["id"], nomination["id"], criteria[nomination["category_id"]]))

    def juror_token(self, juror_id: str) -> str:
        return self.platform.token(Role.JUROR, f"faults-juror-{juror_id[:8]}", juror_id=juror_id)

    def _open_edition(self, organisations: dict[str, str], name: str) -> tuple[dict, list[dict], list[dict]]:
        secretariat = {"Authorization": f"Bearer {self.secretariat}"}
        member = lambda org: self.platform.token(Role.MEMBER, f"faults-member-{org[:8]}", organisation_id=org)  # noqa: E731
        with httpx.Client(base_url=self.platform.url("awards"), timeout=30) as client:
            demo_awards._wait_for_copy(client, organisations, wait_seconds=60)
            edition = demo_awards._ok(client.post("/editions", headers=secretariat, json={
                "name": name, "organiser": "Fair ICT Flanders", "quorum": 2, "categories": demo_awards.CATEGORIES,
                "timeline": demo_awards._window(nominations_open=True), "ceremony": None}))
            # Nominated, screened and shortlisted, then the timeline moved on: voting is open for two hours.
            nominations = demo_awards._nominate(client, edition, organisations, member, secretariat, None)
            jurors = demo_awards._jury(client, edition, organisations, self.juror_token, secretariat)
        return edition, nominations, jurors

    async def cast_ballot(self, client: httpx.AsyncClient, index: int, rng: random.Random) -> None:
        """Juror casts (or changes) their ballot on a nomination; one command at a time per juror and nomination,
        so the last accepted scores are the ones that must count."""
        juror_id, nomination_id, criteria = self.ballots[index]
        scores = {c: rng.randint(1, 5) for c in criteria}
        async with self._ballot_locks.setdefault((juror_id, nomination_id), asyncio.Lock()):
            body = await self.gql(client, "mutation($input: CastBallotInput!) { castBallot(input: $input) { version receipt } }",
                                  {"input": {"nominationId": nomination_id, "scores": [{"criterionId": c, "score": v} for c, v in scores.items()],
                                             "comment": "faults"}}, self.juror_tokens[juror_id])
            if "errors" not in body:
                self.ballots_cast[(juror_id, nomination_id)] = scores

    @property
    def progress(self) -> float:
        """The share of the run's commands done (0 before it starts)."""
        return self.commands_done / self.commands_total if self.commands_total else 0.0

    async def run(self, client: httpx.AsyncClient, *, duration: float, concurrency: int = 8) -> None:
        """Sends the commands spread over about ``duration`` seconds, so the faults land in the middle of them."""
        queue: asyncio.Queue = asyncio.Queue()
        rng = random.Random(7)
        order = [("register", i) for i in range(self.registrations)] + [("sign", o) for o in self.organisations]
        if self.ballots:
            order += [("ballot", rng.randrange(len(self.ballots))) for _ in range(self.ballots_to_cast)]
        rng.shuffle(order)
        for item in order:
            queue.put_nowait(item)
        self.commands_total, self.commands_done = len(order), 0
        cancels_left = self.cancellations
        pause = duration * concurrency / max(1, len(order))

        async def worker():
            nonlocal cancels_left
            while not queue.empty():
                kind, arg = queue.get_nowait()
                await asyncio.sleep(pause)
                if kind == "register":
                    await self.register(client, arg)
                    if cancels_left > 0 and len(self.accepted) % 5 == 0:
                        cancels_left -= 1
                        victim = random.Random(arg).choice(sorted(set(self.accepted) - self.cancelled))
                        await self.cancel(client, victim)
                elif kind == "ballot":
                    await self.cast_ballot(client, arg, rng)
                else:
                    await self.sign(client, arg)
                self.commands_done += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def inject_faults(platform: Platform, report: Report, *, kills: int, cuts: int, progress: Callable[[], float] | None = None,
                        seed: int = 11) -> float:
    """Kills and cuts spread over the load; returns when the last fault ended (monotonic time). With ``progress``
    (the share of the load done), each fault waits for its random point of the load, between 5 % and 90 %, so the
    faults land all through a load however long it takes; without, they come 0.5 to 2 s apart.
    The kills go round every killable process before any is killed twice, taking the kinds in turn (an HTTP
    API, a relay, a consumers process, the gateway), so that even a short run kills one of each."""
    rng = random.Random(seed)
    victims: list[str] = []
    while len(victims) < kills:
        by_kind: dict[str, list[str]] = {}
        for name in platform.killable:
            by_kind.setdefault("gateway" if name == "gateway" else platform._role(name)[1], []).append(name)
        for names in by_kind.values():
            rng.shuffle(names)
        while any(by_kind.values()):
            victims += [names.pop() for names in by_kind.values() if names]
    victims = victims[:kills]
    faults = ["kill"] * kills + ["cut"] * cuts
    rng.shuffle(faults)
    points = sorted(rng.uniform(0.05, 0.9) for _ in faults)
    last = time.monotonic()
    for fault, point in zip(faults, points):
        await asyncio.sleep(rng.uniform(0.5, 2.0))
        while progress is not None and progress() < point:
            await asyncio.sleep(0.2)
        if fault == "kill":
            victim = victims.pop(0)
            await platform.kill_and_restart(victim)
            report.kills += 1
            report.killed[victim] += 1
        else:
            await platform.cut_broker(rng.uniform(1.0, 3.0))
            report.broker_cuts += 1
        last = time.monotonic()
    return last


async def reconcile(platform: Platform, load: Load, report: Report, *, last_fault: float, timeout: float = 180) -> Report:
    """Waits until the effects settle (or the timeout), then counts them."""
    deadline = time.monotonic() + timeout
    stable_since, previous = None, None
    async with httpx.AsyncClient(timeout=15) as client:
        while time.monotonic() < deadline:
            state = await _observed(platform, load, client)
            if state == previous and state["pending"] == 0:
                stable_since = stable_since or time.monotonic()
                # Quiet for 3 s, and no consumer has events left to read (a consumers process just restarted may have).
                if time.monotonic() - stable_since > 3 and await platform.consumer_lag() == 0:
                    break
            else:
                stable_since, previous = None, state
            await asyncio.sleep(0.5)
        report.converged_seconds = (stable_since or time.monotonic()) - last_fault
        report.consumer_lag = await platform.consumer_lag()
        registrations = await _registrations(platform, load, client)
        await _count_register(platform, load, report, client)
        await _count_ballots(platform, load, report, client)
    confirmed = [r for r in registrations if r["status"] in ("confirmed", "checked_in")]
    report.oversold = max(0, len(confirmed) - load.capacity)
    ics_by_recipient = Counter()
    ids_by_recipient: dict[str, set[str]] = {}
    for recipient, message_id, has_ics in platform.inbox.messages:
        if has_ics:
            ics_by_recipient[recipient] += 1
            ids_by_recipient.setdefault(recipient, set()).add(message_id)
    report.resent_same_message_id = sum(ics_by_recipient[r] - len(ids) for r, ids in ids_by_recipient.items())
    by_email = {r["email"]: r for r in registrations}
    for email in load.accepted:
        if email not in by_email:
            report.lost.append(f"registration of {email}")
            continue
        mails = len(ids_by_recipient.get(email, ()))
        status = by_email[email]["status"]
        should = 1 if status in ("confirmed", "checked_in") else 0 if status == "waitlisted" else mails and 1  # cancelled: one if it had a seat
        report.effect("registrations: confirmation e-mails as their status asks", mails == should)
        if mails < should:
            report.lost.append(f"confirmation e-mail to {email} ({status})")
        elif mails > should:
            report.doubled.append(f"{mails} confirmation e-mails to {email} ({status})")
    for topic in sorted({topic for topic, _ in platform.subscriptions}):
        for parked in await list_parked(platform.broker.bootstrap_servers, topic):
            report.dead_letters += 1
            report.dead_letter_errors.append(f"{topic}: {parked.event_type} in {parked.consumer}: {parked.error}")
    return report


async def backlog(platform: Platform, client: httpx.AsyncClient) -> int | None:
    """Work accepted but not done yet: events in the services' outboxes plus e-mails not yet delivered
    (None when a service does not answer)."""
    pending = 0
    for service in platform.services:
        try:
            text = (await client.get(f"{platform.url(service)}/metrics")).text
        except httpx.HTTPError:
            return None
        pending += sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith("pact_outbox_pending_events{"))
    try:
        deliveries = (await client.get(f"{platform.url('notifications')}/deliveries", params={"status": "pending", "first": 1},
                                       headers={"Authorization": f"Bearer {platform.token(Role.OPERATOR, 'faults')}"})).json()
        pending += deliveries.get("total_count", 0)
    except (httpx.HTTPError, ValueError):
        return None
    return int(pending)


async def _observed(platform: Platform, load: Load, client: httpx.AsyncClient) -> dict:
    pending = await backlog(platform, client)
    if pending is None:
        return {"pending": -1}
    return {"pending": pending, "mails": len(platform.inbox.messages)}


async def _registrations(platform: Platform, load: Load, client: httpx.AsyncClient) -> list[dict]:
    headers = {"Authorization": f"Bearer {load.secretariat}"}
    found, after = [], None
    while True:
        params = {"first": 200, **({"after": after} if after else {})}
        response = await client.get(f"{platform.url('events')}/events/{load.event_id}/registrations", params=params, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"events answered {response.status_code} listing registrations: {response.text[:500]}")
        page = response.json()
        found += page["items"]
        if not page["page_info"]["has_next_page"]:
            return found
        after = page["page_info"]["end_cursor"]


async def _count_register(platform: Platform, load: Load, report: Report, client: httpx.AsyncClient) -> None:
    """Each signature recorded and verified: exactly two register entries (one per event)."""
    headers = {"Authorization": f"Bearer {load.secretariat}"}
    entries, after = [], 0
    while True:
        page = (await client.get(f"{platform.url('membership')}/register", params={"after": after, "first": 1000}, headers=headers)).json()
        entries += page["entries"]
        if len(page["entries"]) < 1000:
            break
        after = page["entries"][-1]["seq"]
    per_signature = Counter(e.get("subject") for e in entries)
    for signature_id in load.signed:
        count = per_signature.get(signature_id, 0)
        report.effect("signatures: two register entries each", count == 2)
        if count < 2:
            report.lost.append(f"register entries of signature {signature_id}: {count}")
        elif count > 2:
            report.doubled.append(f"register entries of signature {signature_id}: {count}")


async def _count_ballots(platform: Platform, load: Load, report: Report, client: httpx.AsyncClient) -> None:
    """Voting closed, each juror's last accepted ballot on a nomination is current and counted once: its receipt is
    in the sealed export, and no nomination has more counted ballots than jurors whose ballot on it was accepted."""
    if not load.ballots_cast:
        return
    awards, headers = platform.url("awards"), {"Authorization": f"Bearer {load.secretariat}"}
    closed = await client.post(f"{awards}/editions/{load.edition_id}/voting/close", headers=headers)
    if closed.status_code != 200:
        raise RuntimeError(f"awards answered {closed.status_code} closing voting: {closed.text[:500]}")
    export = (await client.get(f"{awards}/editions/{load.edition_id}/export", headers=headers)).json()
    counted = {n["nomination_id"]: [b["receipt"] for b in n["ballots"]] for n in export["nominations"]}
    current = {}
    for juror_id, token in load.juror_tokens.items():
        own = (await client.get(f"{awards}/jurors/{juror_id}/ballots", headers={"Authorization": f"Bearer {token}"})).json()
        current.update({(juror_id, b["nomination_id"]): b for b in own["items"]})
    for (juror_id, nomination_id), scores in sorted(load.ballots_cast.items()):
        ballot = current.get((juror_id, nomination_id))
        problem = (f"{ballot and ballot['scores']} instead of {scores}" if ballot is None or ballot["scores"] != scores
                   else "receipt not counted" if ballot["receipt"] not in counted.get(nomination_id, ()) else None)
        report.effect("ballots: the last accepted one current and counted", problem is None)
        if problem:
            report.lost.append(f"ballot of juror {juror_id} on {nomination_id}: {problem}")
    voters = Counter(nomination_id for _, nomination_id in load.ballots_cast)
    for nomination_id, receipts in counted.items():
        if len(receipts) > voters[nomination_id] or len(set(receipts)) < len(receipts):
            report.doubled.append(f"{len(receipts)} ballots counted on {nomination_id}, {voters[nomination_id]} jurors voted")


async def run(work: Path, *, registrations: int, capacity: int, cancellations: int, signatures: int, ballots: int, kills: int, cuts: int,
              database_urls: dict[str, str] | None = None) -> Report:
    platform = Platform(work, database_urls=database_urls, split_roles=True)
    report = Report()
    await platform.start()
    try:
        load = Load(platform, report, registrations=registrations, capacity=capacity, cancellations=cancellations, signatures=signatures,
                    ballots=ballots)
        async with httpx.AsyncClient() as client:
            await load.setup(client)
            faults = asyncio.create_task(inject_faults(platform, report, kills=kills, cuts=cuts, progress=lambda: load.progress))
            # At least as long as the faults take (a restart is ~3 s, a cut ~2 s); a big load runs longer, the faults spread over it.
            await load.run(client, duration=kills * 4.5 + cuts * 3.5)
            load_ended = time.monotonic()
            last_fault = await faults
            report.load_after_fault_seconds = max(0.0, load_ended - last_fault)
            report.backlog_at_end_of_load = await backlog(platform, client)  # None while a service restarts
        return await reconcile(platform, load, report, last_fault=last_fault)
    finally:
        await platform.stop()


async def postgres_databases(prefix: str, services: list[str] = SERVICES) -> dict[str, str]:
    """A fresh PostgreSQL database per service (on POSTGRES's server); their SQLAlchemy URLs by service."""
    import asyncpg

    connection = await asyncpg.connect(POSTGRES)
    urls = {}
    try:
        for service in services:
            name = f"{prefix}_{service}_{uuid.uuid4().hex[:6]}"
            await connection.execute(f'CREATE DATABASE "{name}"')
            urls[service] = POSTGRES.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1) + f"/{name}"
    finally:
        await connection.close()
    return urls


async def drop_databases(urls: dict[str, str]) -> None:
    """Drops the databases of ``postgres_databases`` (the services must be stopped)."""
    import asyncpg

    connection = await asyncpg.connect(POSTGRES)
    try:
        for url in urls.values():
            await connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await connection.close()
