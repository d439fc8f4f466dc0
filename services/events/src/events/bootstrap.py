"""The one place where the events service is wired (its domain arrives with the events issue)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from servicekit.app import create_service_app
from servicekit.runtime import ServiceRuntime
from servicekit.settings import settings_for

from events.adapters.orm import metadata

Settings = settings_for("events", port=8002)
MIGRATIONS = Path(__file__).parent / "migrations"


def build_runtime(settings=None) -> ServiceRuntime:
    return ServiceRuntime(settings or Settings(), metadata=metadata, migrations=MIGRATIONS)


def create_app(settings=None) -> FastAPI:
    return create_service_app(
        build_runtime(settings),
        title="Pact events",
        description="Events of the pact, their programme and registrations.",
        routers=[],
    )
