"""The command line of every service: ``serve`` (default), ``migrate`` and ``relay``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime

import uvicorn
from pydantic import ValidationError

from servicekit.logging import configure_logging
from servicekit.migrations import alembic_config, upgrade
from servicekit.preflight import StartupError, check_schema, check_settings


def service_cli(name: str, settings_class, create_app, build_runtime):
    def main(argv: list[str] | None = None) -> None:
        parser = argparse.ArgumentParser(prog=f"python -m {name}", description=f"The pact {name} service.")
        sub = parser.add_subparsers(dest="command")
        sub.add_parser("serve", help="HTTP API, outbox relay and consumers (default)")
        migrate = sub.add_parser("migrate", help="apply database migrations and exit")
        migrate.add_argument("--sql", action="store_true", help="print the SQL instead of running it")
        sub.add_parser("relay", help="only the outbox relay (no HTTP, no consumers)")
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
        elif args.command == "relay":
            asyncio.run(_relay_only(build_runtime(settings_class(run_consumers=False))))
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


async def _relay_only(runtime) -> None:
    await runtime.start()
    try:
        await asyncio.Event().wait()
    finally:
        await runtime.stop()
