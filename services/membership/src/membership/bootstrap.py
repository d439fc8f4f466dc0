"""The one place where membership is wired: settings, runtime, HTTP app."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from contracts.membership import OrganisationRegistered
from fastapi import FastAPI

from servicekit.app import create_service_app
from servicekit.runtime import ServiceRuntime
from servicekit.settings import settings_for

from membership.adapters.orm import metadata
from membership.entrypoints import http
from membership.service_layer.unit_of_work import MembershipUnitOfWork

Settings = settings_for("membership", port=8001)
MIGRATIONS = Path(__file__).parent / "migrations"
PUBLISHES = [OrganisationRegistered]


def build_runtime(settings=None) -> ServiceRuntime:
    return ServiceRuntime(
        settings or Settings(), metadata=metadata, migrations=MIGRATIONS, uow_class=MembershipUnitOfWork, publishes=PUBLISHES
    )


def create_app(settings=None) -> FastAPI:
    runtime = build_runtime(settings)
    return create_service_app(
        runtime,
        title="Pact membership",
        description="Organisations of the Circular and Fair ICT Pact, their signatures and letters of support.",
        routers=[http.router],
    )
