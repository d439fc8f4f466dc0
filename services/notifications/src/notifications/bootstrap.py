"""The one place where the notifications service is wired (its channels arrive with the notifications issue)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from servicekit.app import create_service_app
from servicekit.runtime import ServiceRuntime
from servicekit.settings import settings_for

from notifications.adapters.orm import metadata

Settings = settings_for("notifications", port=8004)
MIGRATIONS = Path(__file__).parent / "migrations"


def build_runtime(settings=None) -> ServiceRuntime:
    return ServiceRuntime(settings or Settings(), metadata=metadata, migrations=MIGRATIONS)


def create_app(settings=None) -> FastAPI:
    return create_service_app(
        build_runtime(settings),
        title="Pact notifications",
        description="E-mail and webhook notifications in the recipient's language.",
        routers=[],
    )
