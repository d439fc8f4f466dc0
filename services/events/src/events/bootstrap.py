"""The one place where the events service is wired: settings, runtime (with its scheduler), HTTP app."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from contracts import events as contract
from contracts.privacy import PersonErasureCompleted
from fastapi import FastAPI, Request
from pydantic_settings import SettingsConfigDict
from servicekit.app import create_service_app
from servicekit.errors import problem_response
from servicekit.runtime import ServiceRuntime
from servicekit.settings import settings_for

from events.adapters.links import Links
from events.adapters.orm import metadata
from events.domain.errors import EventsError
from events.entrypoints import events_http, personal_http, privacy_http, registrations_http
from events.entrypoints.consumers import register_consumers
from events.entrypoints.problems import problem_for
from events.service_layer.registering import Registrar
from events.service_layer.scheduler import Scheduler
from events.service_layer.unit_of_work import EventsUnitOfWork

DEVELOPMENT_LINK_SECRET = "development-only-link-secret"


class Settings(settings_for("events", port=8002)):
    model_config = SettingsConfigDict(env_prefix="EVENTS_", extra="ignore", populate_by_name=True)

    # The base of registrants' personal links (/registrations/<id>/cancel, join, .ics, ticket): whatever serves those
    # paths publicly (this service behind an Ingress or a published port, or a web front that forwards them).
    public_url: str = "http://127.0.0.1:8002"
    # The public web site (EVENTS_WEB_URL): when set, the e-mails' personal links lead to its pages, in the registrant's
    # language (/{lang}/registrations/{id}/cancel, /join, /calendar.ics, /ticket); the service's own routes still answer.
    web_url: str = ""
    link_secret: str = DEVELOPMENT_LINK_SECRET  # signs cancel, join, calendar and ticket links
    # Outside development the service refuses to start with these at their development values (servicekit.preflight).
    production_secrets: ClassVar[tuple[str, ...]] = ("link_secret",)
    production_public_urls: ClassVar[tuple[str, ...]] = ("public_url",)
    production_optional_public_urls: ClassVar[tuple[str, ...]] = ("web_url",)
    run_scheduler: bool = True
    scheduler_poll_seconds: float = 30.0
    scheduler_batch_size: int = 200


MIGRATIONS = Path(__file__).parent / "migrations"
PUBLISHES = [
    contract.EventPublished, contract.EventCancelled, contract.ProgrammeChanged, contract.RegistrationConfirmed,
    contract.RegistrationWaitlisted, contract.RegistrationPromoted, contract.RegistrationCancelled, contract.AttendeeCheckedIn,
    contract.JoinLinkReleased, contract.ReminderDue, PersonErasureCompleted,
]


class EventsRuntime(ServiceRuntime):
    """The shared runtime plus the reminder scheduler, a background task of the same process."""

    def __init__(self, settings: Settings):
        super().__init__(settings, metadata=metadata, migrations=MIGRATIONS, uow_class=EventsUnitOfWork, publishes=PUBLISHES)
        self.links = Links(settings.public_url, settings.link_secret, settings.web_url)
        self.registrar = Registrar(self.uow, self.links)
        self.scheduler = Scheduler(self.uow, self.links, batch_size=settings.scheduler_batch_size, poll_seconds=settings.scheduler_poll_seconds)
        self._scheduler_task: asyncio.Task | None = None
        register_consumers(self, self.links)

    async def start(self) -> None:
        await super().start()
        if self.settings.run_scheduler:
            self._scheduler_task = asyncio.create_task(self.scheduler.run(), name="events-scheduler")

    async def stop(self) -> None:
        if self._scheduler_task is not None:
            self._scheduler_task.cancel()
            await asyncio.gather(self._scheduler_task, return_exceptions=True)
            self._scheduler_task = None
        await super().stop()


def build_runtime(settings=None) -> EventsRuntime:
    return EventsRuntime(settings or Settings())


def create_app(settings=None) -> FastAPI:
    app = create_service_app(
        build_runtime(settings),
        title="Pact events",
        description="Events of the pact (meetings, conferences, workshops, webinars), their programme, registrations, check-in and calendars.",
        routers=[events_http.router, registrations_http.router, personal_http.router, privacy_http.router],
    )

    async def on_domain_error(_: Request, exc: EventsError):
        return problem_response(problem_for(exc).problem)

    app.add_exception_handler(EventsError, on_domain_error)
    return app
