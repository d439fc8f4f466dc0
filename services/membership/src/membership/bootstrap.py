"""The one place where membership is wired: settings, runtime, HTTP app."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from contracts.membership import (
    GroupCreated,
    GroupMemberAdded,
    GroupMemberRemoved,
    OrganisationArchived,
    OrganisationRegistered,
    OrganisationUpdated,
    PactDocumentPublished,
    SignatureRecorded,
    SignatureRejected,
    SignatureVerified,
    SignatureWithdrawn,
    SupportLetterRecorded,
    SupportLetterRejected,
    SupportLetterVerified,
    SupportLetterWithdrawn,
)
from contracts.privacy import PersonErasureCompleted, PersonErasureRequested
from fastapi import FastAPI
from pydantic_settings import SettingsConfigDict
from servicekit.app import create_service_app
from servicekit.runtime import ServiceRuntime
from servicekit.settings import settings_for

from membership.adapters.orm import metadata
from membership.adapters.register_key import load_signing_key
from membership.entrypoints import documents as documents_http
from membership.entrypoints import groups as groups_http
from membership.entrypoints import http
from membership.entrypoints import privacy as privacy_http
from membership.entrypoints import register as register_http
from membership.entrypoints.consumers import register_consumers
from membership.entrypoints import signatures as signatures_http
from membership.service_layer.unit_of_work import MembershipUnitOfWork


class Settings(settings_for("membership", port=8001)):
    model_config = SettingsConfigDict(env_prefix="MEMBERSHIP_", extra="ignore", populate_by_name=True)

    register_signing_key: str = ""  # Ed25519 private key (PEM or path) that signs the register's head
    # Outside development the service refuses to start without it (servicekit.preflight): a throwaway key per
    # start would sign heads nobody can verify after a restart.
    production_keys: ClassVar[tuple[str, ...]] = ("register_signing_key",)
    # The services that must answer an erasure request before it is completed (comma-separated).
    privacy_services: str = "membership,events,awards,notifications"

    @property
    def privacy_service_names(self) -> list[str]:
        return [name.strip() for name in self.privacy_services.split(",") if name.strip()]


MIGRATIONS = Path(__file__).parent / "migrations"
PUBLISHES = [
    OrganisationRegistered,
    OrganisationUpdated,
    OrganisationArchived,
    PactDocumentPublished,
    SignatureRecorded,
    SignatureVerified,
    SignatureRejected,
    SignatureWithdrawn,
    SupportLetterRecorded,
    SupportLetterVerified,
    SupportLetterRejected,
    SupportLetterWithdrawn,
    GroupCreated,
    GroupMemberAdded,
    GroupMemberRemoved,
    PersonErasureRequested,
    PersonErasureCompleted,
]


def build_runtime(settings=None) -> ServiceRuntime:
    settings = settings or Settings()
    runtime = ServiceRuntime(settings, metadata=metadata, migrations=MIGRATIONS, uow_class=MembershipUnitOfWork, publishes=PUBLISHES)
    register_consumers(runtime, settings.privacy_service_names)
    return runtime


def create_app(settings=None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        build_runtime(settings),
        title="Pact membership",
        description="Organisations of the Circular and Fair ICT Pact, their signatures and letters of support.",
        routers=[http.router, documents_http.router, signatures_http.router, signatures_http.support_letters_router,
                 groups_http.router, register_http.router, privacy_http.router],
        body_limits={"/documents": documents_http.MAX_REQUEST_BYTES},  # the upload of a signed PDF
    )
    app.state.register_key = load_signing_key(settings.register_signing_key)
    return app
