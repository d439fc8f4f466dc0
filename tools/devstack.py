"""`make run`: the whole platform on embedded defaults, each service its own process.

Starts the embedded Kafka-protocol broker (unless KAFKA_BOOTSTRAP_SERVERS is set),
the four services (each on its own SQLite file under .data/, migrated on start),
the gateway, loads the demo data, prints the URLs and one token per role, and
stops everything in order on Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from servicekit.auth import Role, generate_keypair, issue_token
from servicekit.localbroker import LocalBroker

sys.path.insert(0, str(Path(__file__).parent))
import demo_awards  # noqa: E402
import demo_data  # noqa: E402
import demo_events  # noqa: E402
import demo_ledger  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PACT_DATA_DIR") or ROOT / ".data").resolve()
LOGS = DATA / "logs"
MAIL = DATA / "mail"
SMTP_PORT = int(os.environ.get("PACT_SMTP_PORT", 8025))
SERVICES = {"membership": 8001, "events": 8002, "awards": 8003, "notifications": 8004}
GATEWAY_PORT = int(os.environ.get("GATEWAY_HTTP_PORT", 8000))
WEB_PORT = int(os.environ.get("WEB_HTTP_PORT", 8005))
TOKEN_TTL = 12 * 3600


def dev_keys() -> tuple[str, Path]:
    """The development signing key, made once and kept under .data/jwt/."""
    folder = DATA / "jwt"
    private, public = folder / "private.pem", folder / "public.pem"
    if not private.exists():
        folder.mkdir(parents=True, exist_ok=True)
        private_pem, public_pem = generate_keypair()
        private.write_text(private_pem)
        private.chmod(0o600)
        public.write_text(public_pem)
    return private.read_text(), public


def register_key() -> Path:
    """Membership's Ed25519 key for signing the register head, made once and kept under .data/."""
    from membership.adapters.register_key import new_private_pem

    path = DATA / "keys" / "register-ed25519.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_private_pem())
        path.chmod(0o600)
    return path


def link_secret() -> Path:
    """The secret that signs unsubscribe links, kept so links in caught mail keep working across restarts."""
    path = DATA / "keys" / "notifications-link-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path


def port_of(service: str) -> int:
    return int(os.environ.get(f"{service.upper()}_HTTP_PORT", SERVICES[service]))


def start(name: str, module: str, env: dict[str, str], *args: str) -> subprocess.Popen:
    log = open(LOGS / f"{name}.log", "ab")
    return subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_ready(name: str, url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}; see {LOGS / (name + '.log')}")
        try:
            if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{name} was not ready after {timeout:.0f}s; see {LOGS / (name + '.log')}")


def stop(processes: list[tuple[str, subprocess.Popen]]) -> None:
    for _, process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for name, process in reversed(processes):
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            print(f"  {name} did not stop in 15 s; killing it")
            process.kill()


def print_welcome(gateway: str, private_key: str, member_org: str | None, juror_id: str | None) -> None:
    """The URLs and one token per role; ``member_org`` and ``juror_id`` are the services' own ids (what tokens carry)."""
    token = lambda role, **kw: issue_token(private_key, role=role, ttl_seconds=TOKEN_TTL, **kw)  # noqa: E731
    print(f"\nThe pact platform is running.\n\n  Web site:      http://127.0.0.1:{WEB_PORT}/\n  GraphQL (GraphiQL): {gateway}/graphql")
    for service in SERVICES:
        print(f"  {service:<13} http://127.0.0.1:{port_of(service)}/docs")
    print(f"  mail:          http://127.0.0.1:{port_of('notifications')}/dev/mail (caught by the mailcatcher on :{SMTP_PORT}, kept in {MAIL}/)")
    print(f"  logs:          {LOGS}/\n\nTokens (valid 12 h; send as 'Authorization: Bearer <token>'; public needs none):")
    print(f"  secretariat: {token(Role.SECRETARIAT, subject='secretariat-demo')}")
    if member_org:
        print(f"  member:      {token(Role.MEMBER, subject='member-demo', organisation_id=member_org)}  (organisation {member_org}: FIDO)")
    else:
        print("  member:      none (FIDO is not registered); make one with: pactctl token issue --role member --org <organisation id>")
    if juror_id:
        print(f"  juror:       {token(Role.JUROR, subject='juror-demo', juror_id=juror_id)}  (juror {juror_id} of the Fair ICT Awards 2021)")
    else:
        print("  juror:       none (the Fair ICT Awards 2021 has no jury); make one with: pactctl token issue --role juror --juror <juror id>")
    print(f"  operator:    {token(Role.OPERATOR, subject='operator-demo')}")
    print("\nPress Ctrl-C to stop everything.", flush=True)


def load_demo(gateway: str, private_key: str) -> tuple[str | None, str | None]:
    """Every service's demo data, in the order their events need; returns FIDO's id and a demo juror's id.

    The ledger (.data/demo-ids.json) holds the ids of what earlier runs made, so whatever users did to it
    since through the API (renamed, archived, cancelled) is found again and left as they left it.
    """
    token = lambda role, subject, **kw: issue_token(private_key, role=role, subject=subject, **kw)  # noqa: E731
    ledger = demo_ledger.Ledger(DATA / "demo-ids.json")
    secretariat = token(Role.SECRETARIAT, "demo-loader")
    juror_id = None
    try:
        created, existing = demo_data.load(gateway, secretariat, ledger)
        print(f"Demo data: {created} organisations registered, {existing} already there; groups loaded.")
        membership = f"http://127.0.0.1:{port_of('membership')}"
        signed = demo_data.load_signatures(membership, token(Role.SECRETARIAT, "demo-recorder"),
                                           token(Role.SECRETARIAT, "demo-verifier"), ledger)  # four eyes: another person verifies
        print(f"Demo data: {signed} signatures recorded and verified (pact: FIDO, 14 June 2021; letters of support).")
        ids = ledger.ids("organisation")  # by demo name, whatever the organisations are called now
        events = demo_events.load(f"http://127.0.0.1:{port_of('events')}", secretariat, ids, ledger)
        ceremony = events.get("award_ceremony")
        print(f"Demo data: {len(events['events'])} events ({events['created']} new) with the Fair ICT Flanders 2021 programme, "
              f"{events['registrations_created']} new registrations.")
        awards = demo_awards.load(
            f"http://127.0.0.1:{port_of('awards')}",
            secretariat_token=secretariat,
            member_token=lambda org: token(Role.MEMBER, f"demo-member-{org[:8]}", organisation_id=org),
            juror_token=lambda juror: token(Role.JUROR, f"demo-juror-{juror[:8]}", juror_id=juror),
            organisations={name: ids[name] for name in demo_awards.ORGANISATIONS_NEEDED if name in ids},
            ceremony=(ceremony["event_id"], ceremony["session_id"]) if ceremony else None,
            wait_seconds=60,
            ledger=ledger,
        )
        print(f"Demo data: {demo_awards.EDITION} with {awards['nominations']} nominations, results "
              f"{'published' if awards['published'] else 'not yet published'}.")
        juror_id = next(iter(awards["juror_ids"].values()), None)
    except (RuntimeError, httpx.HTTPError) as exc:  # the platform runs all the same; say what is missing and why
        print(f"Demo data: loading stopped, the rest is left out: {exc}")
    for note in ledger.notes:
        print(f"Demo data: left as changed through the API: {note}")
    return ledger.get("organisation", demo_data.FIDO), juror_id


def main() -> None:
    argparse.ArgumentParser(
        prog="python tools/devstack.py", description=__doc__.split("\n\n")[0],
        epilog="Ports and places come from the environment (see the README's configuration table): <SVC>_HTTP_PORT, GATEWAY_HTTP_PORT, "
               "PACT_BROKER_PORT, PACT_SMTP_PORT, PACT_DATA_DIR (default .data/), KAFKA_BOOTSTRAP_SERVERS, <SVC>_DATABASE_URL.",
    ).parse_args()
    LOGS.mkdir(parents=True, exist_ok=True)
    private_key, public_key_file = dev_keys()
    processes: list[tuple[str, subprocess.Popen]] = []
    broker = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap:
        broker = LocalBroker(port=int(os.environ.get("PACT_BROKER_PORT", 0)) or None, log_file=LOGS / "broker.log").start()
        bootstrap = broker.bootstrap_servers
    print(f"Kafka-protocol broker at {bootstrap}{' (embedded tansu, in memory)' if broker else ''}")
    shared = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "JWT_PUBLIC_KEY": str(public_key_file), "LOG_JSON": "true"}
    if broker:
        shared["KAFKA_SESSION_TIMEOUT_MS"] = "2000"  # the embedded broker joins groups after half of it
    stopping = False

    def on_signal(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        # The development mail server: every message the platform sends lands in .data/mail/ (one .eml each).
        processes.append(("mailcatcher", start("mailcatcher", "notifications", {}, "mailcatcher", "--dir", str(MAIL), "--port", str(SMTP_PORT))))
        for service in SERVICES:
            database = f"{service.upper()}_DATABASE_URL"  # an operator's setting wins over the SQLite default
            env = {**shared, f"{service.upper()}_HTTP_PORT": str(port_of(service)),
                   database: os.environ.get(database, f"sqlite+aiosqlite:///{DATA / (service + '.db')}")}
            if service == "membership":
                env["MEMBERSHIP_REGISTER_SIGNING_KEY"] = os.environ.get("MEMBERSHIP_REGISTER_SIGNING_KEY") or str(register_key())
            if service == "events":  # the e-mails' personal links open the web site's pages
                env.setdefault("EVENTS_WEB_URL", os.environ.get("EVENTS_WEB_URL") or f"http://127.0.0.1:{WEB_PORT}")
            if service == "notifications":
                env.update({"NOTIFICATIONS_SMTP_HOST": "127.0.0.1", "NOTIFICATIONS_SMTP_PORT": str(SMTP_PORT),
                            "NOTIFICATIONS_LINK_SECRET_FILE": str(link_secret()), "NOTIFICATIONS_DEV_MAIL_DIR": str(MAIL),
                            "NOTIFICATIONS_PUBLIC_BASE_URL": f"http://127.0.0.1:{port_of('notifications')}",
                            # the unsubscribe links in the bodies open the web site's page (the header keeps one-click here)
                            "NOTIFICATIONS_WEB_URL": os.environ.get("NOTIFICATIONS_WEB_URL") or f"http://127.0.0.1:{WEB_PORT}",
                            "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS": "true"})
            processes.append((service, start(service, service, env)))
        gateway_env = {**shared, "GATEWAY_HTTP_PORT": str(GATEWAY_PORT)}
        gateway_env.update({f"GATEWAY_{s.upper()}_URL": f"http://127.0.0.1:{port_of(s)}" for s in SERVICES})
        processes.append(("gateway", start("gateway", "gateway", gateway_env)))
        processes.append(("web", start("web", "web", {"WEB_HTTP_PORT": str(WEB_PORT), "WEB_GATEWAY_URL": f"http://127.0.0.1:{GATEWAY_PORT}/graphql"})))
        for name, process in processes:
            if name == "mailcatcher":
                continue  # SMTP, not HTTP: the dispatcher retries until it answers
            port = {"gateway": GATEWAY_PORT, "web": WEB_PORT}.get(name) or port_of(name)
            wait_ready(name, f"http://127.0.0.1:{port}", process)
            print(f"  {name} ready on :{port}")
        gateway = f"http://127.0.0.1:{GATEWAY_PORT}"
        member_org, juror_id = load_demo(gateway, private_key)
        print_welcome(gateway, private_key, member_org, juror_id)
        while not stopping:
            for name, process in processes:
                if process.poll() is not None:
                    print(f"{name} stopped unexpectedly ({process.returncode}); see {LOGS / (name + '.log')}")
                    stopping = True
            time.sleep(0.5)
    finally:
        print("\nStopping...")
        stop(processes)
        if broker:
            broker.stop()
        print("Stopped.")


if __name__ == "__main__":
    main()
