"""The one place where the awards service is wired."""

from __future__ import annotations

from pathlib import Path

from contracts import awards as events
from contracts.privacy import PersonErasureCompleted
from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict
from servicekit.app import create_service_app
from servicekit.settings import settings_for

from awards.adapters.orm import metadata
from awards.entrypoints import audit, ballots, editions, http, jury, nominations, privacy, results
from awards.entrypoints.consumers import register_consumers
from awards.runtime import AwardsRuntime
from awards.service_layer.unit_of_work import AwardsUnitOfWork


class Settings(settings_for("awards", port=8003)):
    model_config = SettingsConfigDict(env_prefix="AWARDS_", extra="ignore", populate_by_name=True)

    run_scheduler: bool = True  # close voting and publish results on time (AWARDS_RUN_SCHEDULER)
    scheduler_poll_seconds: float = 5.0  # how often the scheduler looks (AWARDS_SCHEDULER_POLL_SECONDS)


MIGRATIONS = Path(__file__).parent / "migrations"
PUBLISHES = [
    events.EditionCreated,
    events.NominationSubmitted,
    events.NominationScreened,
    events.NominationShortlisted,
    events.JurorInvited,
    events.JurorAccepted,
    events.VotingClosed,
    events.ResultsPublished,
    PersonErasureCompleted,
]


def build_runtime(settings=None) -> AwardsRuntime:
    runtime = AwardsRuntime(
        settings or Settings(), metadata=metadata, migrations=MIGRATIONS, uow_class=AwardsUnitOfWork, publishes=PUBLISHES
    )
    register_consumers(runtime)
    return runtime


def create_app(settings=None) -> FastAPI:
    return create_service_app(
        build_runtime(settings),
        title="Pact awards",
        description="Fair ICT Awards: editions, nominations, jury ballots and results.",
        routers=[editions.router, nominations.router, jury.router, ballots.router, results.router, audit.router, privacy.router, http.router],
    )
