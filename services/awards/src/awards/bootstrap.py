"""The one place where the awards service is wired."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from servicekit.app import create_service_app
from servicekit.runtime import ServiceRuntime
from servicekit.settings import settings_for

from awards.adapters.orm import metadata
from awards.entrypoints import http
from awards.entrypoints.consumers import register_consumers
from awards.service_layer.unit_of_work import AwardsUnitOfWork

Settings = settings_for("awards", port=8003)
MIGRATIONS = Path(__file__).parent / "migrations"


def build_runtime(settings=None) -> ServiceRuntime:
    runtime = ServiceRuntime(settings or Settings(), metadata=metadata, migrations=MIGRATIONS, uow_class=AwardsUnitOfWork)
    register_consumers(runtime)
    return runtime


def create_app(settings=None) -> FastAPI:
    return create_service_app(
        build_runtime(settings),
        title="Pact awards",
        description="Fair ICT Awards: editions, nominations, jury ballots and results.",
        routers=[http.router],
    )
