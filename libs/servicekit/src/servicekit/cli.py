"""The command line of every service: ``serve`` (default), ``migrate``, ``relay``, ``consume`` and ``replay``.

``serve`` runs everything in one process: the HTTP API, the outbox relay, the consumers and the service's
background workers (its ``run_*`` settings besides the relay and the consumers: schedulers, the dispatcher).
``relay`` and ``consume`` split that up, so each part can be scaled, restarted or killed on its own; run
``serve`` beside them with ``<SVC>_RUN_RELAY=false`` and ``<SVC>_RUN_CONSUMERS=false`` (and the workers off).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from datetime import datetime

import uvicorn
from pydantic import ValidationError

from servicekit.logging import configure_logging
from servicekit.migrations import alembic_config, upgrade
from servicekit.preflight import StartupError, check_production, check_schema, check_settings


def service_cli(name: str, settings_class, create_app, build_runtime):
    def main(argv: list[str] | None = None) -> None:
        parser = argparse.ArgumentParser(prog=f"python -m {name}", description=f"The pact {name} service.")
        sub = parser.add_subparsers(dest="command")
        sub.add_parser("serve", help="HTTP API, outbox relay and consumers (default)")
        migrate = sub.add_parser("migrate", help="apply database migrations and exit")
        migrate.add_argument("--sql", action="store_true", help="print the SQL instead of running it")
        sub.add_parser("relay", help="only the outbox relay (no HTTP, no consumers, no workers)")
        sub.add_parser("consume", help="only the consumers and the background workers (no HTTP, no relay)")
        replay = sub.add_parser("replay", help="rebuild the local copies from the topics (stop the consumers first)")
        replay.add_argument("--from", dest="since", default="earliest", type=_since,
                            help="'earliest' (clear and rebuild) or an ISO time such as 2026-11-01T00:00:00Z (apply again since then)")
        args = parser.parse_args(argv)
        settings = load_settings(name, settings_class)
        configure_logging(name, level=settings.log_level, json=settings.log_json)
        if args.command == "migrate":
            runtime = build_runtime(settings)
            if args.sql:
                from alembic import command

                command.upgrade(alembic_config(runtime.migrations, settings.database_url), "head", sql=True)
            else:
                asyncio.run(_migrate(runtime))
        elif args.command == "replay":
            applied = asyncio.run(_replay(build_runtime(settings_class(run_consumers=False, run_relay=False)), args.since))
            for consumer, count in applied.items():
                print(f"{consumer}: {count} events applied")
        elif args.command in ("relay", "consume"):
            try:
                check_production(settings)
            except StartupError as exc:
                sys.exit(f"{name}: cannot start: {exc}")
            only = {"run_consumers": False, **workers_off(settings_class)} if args.command == "relay" else {"run_relay": False}
            asyncio.run(_run_without_http(build_runtime(settings_class(**only))))
        else:
            try:
                check_settings(settings)
                asyncio.run(_check_schema(build_runtime(settings)))
            except StartupError as exc:
                sys.exit(f"{name}: cannot start: {exc}")
            uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_level="warning")

    return main


async def _migrate(runtime) -> None:
    await upgrade(runtime.engine, runtime.migrations)
    await runtime.engine.dispose()


def _since(value: str) -> datetime | None:
    if value == "earliest":
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is neither 'earliest' nor an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} has no time zone; add Z or +01:00")
    return moment


async def _replay(runtime, since: datetime | None) -> dict[str, int]:
    try:
        return await runtime.replay(since=since)
    finally:
        await runtime.engine.dispose()


def load_settings(name: str, settings_class):
    """The settings, or exit with every invalid variable named (no traceback for a typo)."""
    try:
        return settings_class()
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc'])).upper() or 'settings'}: {e['msg']}" for e in exc.errors()]
        sys.exit(f"{name}: invalid configuration: {'; '.join(problems)}")
    except ValueError as exc:
        sys.exit(f"{name}: invalid configuration: {exc}")


async def _check_schema(runtime) -> None:
    try:
        await check_schema(runtime)
    finally:
        await runtime.engine.dispose()


def workers_off(settings_class) -> dict[str, bool]:
    """Every background worker of a service off: its ``run_*`` settings other than the relay and the consumers."""
    return {name: False for name in settings_class.model_fields if name.startswith("run_") and name not in {"run_relay", "run_consumers"}}


async def _run_without_http(runtime) -> None:
    """Runs until SIGTERM or SIGINT, then stops in order (consumers commit, the producer flushes), as uvicorn does for ``serve``."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    await runtime.start()
    try:
        await stopping.wait()
    finally:
        await runtime.stop()
