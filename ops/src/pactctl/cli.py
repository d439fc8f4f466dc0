"""``pactctl``: one command for the operator's repairs.

Every command reads the same environment variables as the services (``<SERVICE>_DATABASE_URL``,
``KAFKA_BOOTSTRAP_SERVERS``, their ``_FILE`` twins), so it runs beside them with their configuration.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from servicekit.auth import Role, is_service_id, issue_token
from servicekit.dead_letters import list_parked, redrive
from servicekit.settings import settings_for

from pactctl.outbox import outbox_status

app = typer.Typer(help="Operate the pact platform: migrations, outbox, dead letters, replay, tokens.", no_args_is_help=True)
outbox = typer.Typer(help="What the services' outboxes have not yet sent.", no_args_is_help=True)
dlq = typer.Typer(help="Dead-letter topics: what consumers could not handle, and sending it back.", no_args_is_help=True)
token = typer.Typer(help="Development tokens.", no_args_is_help=True)
register = typer.Typer(help="The membership register.", no_args_is_help=True)
for group, name in ((outbox, "outbox"), (dlq, "dlq"), (token, "token"), (register, "register")):
    app.add_typer(group, name=name)


class Service(str, Enum):
    membership = "membership"
    events = "events"
    awards = "awards"
    notifications = "notifications"


def _run_service_command(service: Service, *args: str) -> None:
    """The service's own command line, with this process's environment: its code knows its schema and copies."""
    result = subprocess.run([sys.executable, "-m", service.value, *args])
    raise typer.Exit(result.returncode)


def _bootstrap(explicit: str | None) -> str:
    return explicit or settings_for("pactctl", port=0)().kafka_bootstrap_servers


@app.command()
def migrate(service: Service, sql: Annotated[bool, typer.Option("--sql", help="Print the SQL instead of running it.")] = False) -> None:
    """Apply SERVICE's database migrations (from <SERVICE>_DATABASE_URL)."""
    _run_service_command(service, "migrate", *(["--sql"] if sql else []))


@app.command()
def replay(
    service: Service,
    since: Annotated[str, typer.Option("--from", help="'earliest' (clear and rebuild) or an ISO time with zone (apply again since then).")] = "earliest",
) -> None:
    """Rebuild SERVICE's local copies from the topics. Stop its consumers first (<SERVICE>_RUN_CONSUMERS=false or scale to 0)."""
    _run_service_command(service, "replay", "--from", since)


@outbox.command("status")
def outbox_status_command(
    service: Annotated[Optional[list[Service]], typer.Option("--service", "-s", help="Only these services.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Pending events and the age of the oldest, per service."""
    rows = asyncio.run(outbox_status([s.value for s in service or Service]))
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    typer.echo(f"{'service':<15}{'pending':>9}  oldest")
    for row in rows:
        detail = row.get("error") or (f"{row['oldest_age_seconds']:.0f} s ago" if row["oldest_age_seconds"] is not None else "-")
        typer.echo(f"{row['service']:<15}{row['pending'] if row['pending'] is not None else '?':>9}  {detail}")


@dlq.command("list")
def dlq_list(
    topic: Annotated[str, typer.Argument(help="The topic or its .dlq topic.")],
    bootstrap: Annotated[Optional[str], typer.Option(help="Kafka bootstrap servers; default KAFKA_BOOTSTRAP_SERVERS.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Every parked message: its event id and type, the consumer, the error, and whether it was redriven."""
    parked = asyncio.run(list_parked(_bootstrap(bootstrap), topic))
    rows = [{"partition": m.partition, "offset": m.offset, "event_id": m.event_id, "event_type": m.event_type, "consumer": m.consumer,
             "attempts": m.attempts, "error": m.error, "parked_at": m.parked_at.isoformat(), "redriven": m.redriven} for m in parked]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo(f"{topic}: no dead letters")
    for r in rows:
        state = "redriven" if r["redriven"] else "parked"
        typer.echo(f"{r['parked_at']}  {r['event_id']}  {r['event_type']}  consumer={r['consumer']}  attempts={r['attempts']}  {state}\n    {r['error']}")


@dlq.command("redrive")
def dlq_redrive(
    topic: Annotated[str, typer.Argument(help="The topic or its .dlq topic.")],
    event_id: Annotated[Optional[str], typer.Option("--id", help="Only this event id (sent again even if redriven before).")] = None,
    bootstrap: Annotated[Optional[str], typer.Option(help="Kafka bootstrap servers; default KAFKA_BOOTSTRAP_SERVERS.")] = None,
) -> None:
    """Send parked messages back to their topic; the consumer's inbox applies each at most once."""
    sent = asyncio.run(redrive(_bootstrap(bootstrap), topic, event_id=event_id))
    if event_id and not sent:
        typer.echo(f"no dead letter with id {event_id} on {topic}", err=True)
        raise typer.Exit(1)
    typer.echo(f"redrove {len(sent)} message(s)" + "".join(f"\n  {m.event_id}  {m.event_type}" for m in sent))


@token.command("issue")
def token_issue(
    role: Annotated[Role, typer.Option(help="The caller's role.")],
    org: Annotated[Optional[str], typer.Option("--org", help="The organisation's own id, a UUID, not a global id (role member).")] = None,
    juror: Annotated[Optional[str], typer.Option("--juror", help="The juror's id, a UUID (role juror).")] = None,
    subject: Annotated[Optional[str], typer.Option(help="Token subject; default pactctl-<role>.")] = None,
    private_key: Annotated[Path, typer.Option(envvar="JWT_PRIVATE_KEY_FILE", help="RS256 private key (PEM).")] = Path(".data/jwt/private.pem"),
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds.")] = 3600,
) -> None:
    """Sign a development token (never a login flow: whoever holds the private key can be anyone)."""
    if role is Role.MEMBER and not org:
        raise typer.BadParameter("a member token needs --org ORGANISATION_ID", param_hint="--org")
    if role is Role.JUROR and not juror:
        raise typer.BadParameter("a juror token needs --juror JUROR_ID", param_hint="--juror")
    for value, hint, what in ((org, "--org", "an organisation"), (juror, "--juror", "a juror")):
        if value and not is_service_id(value):
            raise typer.BadParameter(f"{value!r} is not {what}'s own id (a UUID as the services return it, not a GraphQL global id)",
                                     param_hint=hint)
    if not private_key.is_file():
        raise typer.BadParameter(f"{private_key} does not exist (make run writes .data/jwt/private.pem)", param_hint="--private-key")
    typer.echo(issue_token(private_key.read_text(), role=role, subject=subject or f"pactctl-{role.value}", organisation_id=org,
                           juror_id=juror, ttl_seconds=ttl))


@register.command("verify", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def register_verify(ctx: typer.Context) -> None:
    """Verify an exported register offline: same arguments as `python -m membership register verify`."""
    _run_service_command(Service.membership, "register", "verify", *ctx.args)


