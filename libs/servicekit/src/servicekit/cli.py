"""The command line of every service: ``serve`` (default), ``migrate`` and ``relay``."""

from __future__ import annotations

import argparse
import asyncio
import sys

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
