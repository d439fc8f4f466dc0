"""The notifications service in-process on each database, with a real SMTP server (aiosmtpd) behind a cuttable proxy.

``service.deliver(event)`` hands an event to the service's inbox consumer as the broker would;
``publish(...)`` sends it through the embedded Kafka-protocol broker instead.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from servicekit.broker import ensure_topics
from servicekit.inbox import RawMessage
from servicekit.localbroker import free_port
from servicekit.testing import TcpProxy, service_env

from contracts import Envelope, IntegrationEvent
from notifications.adapters.mailcatcher import start_mailcatcher
from notifications.bootstrap import create_app


class Mailbox:
    """What the real SMTP server received."""

    def __init__(self, directory: Path, proxy: TcpProxy):
        self.directory = directory
        self.proxy = proxy

    def messages(self, to: str | None = None) -> list[email.message.EmailMessage]:
        found = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(self.directory.glob("*.eml"))]
        return [m for m in found if to is None or to.lower() in str(m["To"]).lower()]

    async def count(self, to: str | None = None) -> int:
        return len(self.messages(to))


@pytest.fixture
async def mailbox(tmp_path):
    port = free_port()
    controller = start_mailcatcher(tmp_path / "mail", port=port)
    proxy = await TcpProxy(port).start()
    yield Mailbox(tmp_path / "mail", proxy)
    await proxy.cut()
    controller.stop()


@pytest.fixture
def notifications_env() -> dict[str, str]:
    """Extra NOTIFICATIONS_* settings; override in a test module."""
    return {}


def envelope_for(event: IntegrationEvent, **fields) -> Envelope:
    return Envelope(source="test", type=event.event_type, subject=event.aggregate_id, correlationid="test", **fields)


def raw_message(event: IntegrationEvent, envelope: Envelope) -> RawMessage:
    return RawMessage(topic=event.topic, key=event.aggregate_id.encode(), value=event.model_dump_json().encode(),
                      headers={k: v.decode() for k, v in envelope.to_headers()})


async def publish(bootstrap: str, event: IntegrationEvent, envelope: Envelope | None = None) -> Envelope:
    """Send an event through the broker exactly as a producing service's relay would."""
    envelope = envelope or envelope_for(event)
    await ensure_topics(bootstrap, [event.topic])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(event.topic, event.model_dump_json().encode(), key=event.aggregate_id.encode(), headers=envelope.to_headers())
    finally:
        await producer.stop()
    return envelope


@pytest.fixture
async def service(database_url, monkeypatch, jwt_keys, kafka_bootstrap, mailbox, notifications_env):
    settings = dict(smtp_port=str(mailbox.proxy.port), link_secret="test-link-secret", public_base_url="http://notifications.test",
                    retry_base_seconds="0.05", retry_max_seconds="0.2", dispatch_poll_seconds="0.05", delivery_max_attempts="4",
                    smtp_timeout_seconds="2", allow_private_webhooks="true", run_consumers="false")
    settings.update(notifications_env)
    service_env(monkeypatch, "notifications", database_url=database_url, kafka=kafka_bootstrap, public_key=jwt_keys[1], **settings)
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    app = create_app()
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://notifications.test") as client:
            runtime = app.state.runtime
            client.runtime = runtime

            async def deliver(event: IntegrationEvent, envelope: Envelope | None = None) -> Envelope:
                envelope = envelope or envelope_for(event)
                await runtime.consumer_for_topic[event.topic].handle(raw_message(event, envelope))
                return envelope

            client.deliver = deliver
            yield client


class Samples:
    """Contract events as the events and membership services emit them (the Fair ICT Flanders conference of 2021)."""

    from datetime import UTC, date, datetime

    STARTS = datetime(2021, 11, 25, 12, 0, tzinfo=UTC)  # 13.00 in Brussels
    ENDS = datetime(2021, 11, 25, 16, 0, tzinfo=UTC)  # 17.00 in Brussels

    def snapshot(self, **overrides):
        from contracts.events import EventKind, EventSnapshot
        from contracts.membership import Language

        values = dict(event_id="fict-2021", kind=EventKind.ONLINE_CONFERENCE,
                      title={Language.NL: "Fair ICT Flanders conferentie 2021", Language.EN: "Fair ICT Flanders conference 2021"},
                      starts_at=self.STARTS, ends_at=self.ENDS, online=True, languages=[Language.NL])
        return EventSnapshot(**{**values, **overrides})

    def registrant(self, email: str, language: str = "nl", name: str = "Kim Claes", **extra):
        from contracts.events import Registrant
        from contracts.membership import Language

        return Registrant(name=name, email=email, language=Language(language), **extra)

    def registration(self, cls, email: str, *, language: str = "nl", status: str = "confirmed", registration_id: str = "reg-1",
                     name: str = "Kim Claes", **extra):
        from contracts.events import RegistrationStatus

        at = self.datetime(2021, 11, 1, 9, tzinfo=self.UTC)
        defaults = {
            "RegistrationConfirmed": dict(ticket_code="FICT-7Q2M", cancel_url="https://pact.example/cancel/x", calendar_url="https://pact.example/ics/x",
                                          confirmed_at=at),
            "RegistrationPromoted": dict(ticket_code="FICT-7Q2M", cancel_url="https://pact.example/cancel/x", calendar_url="https://pact.example/ics/x",
                                         promoted_at=at),
            "RegistrationWaitlisted": dict(position=2, cancel_url="https://pact.example/cancel/x", waitlisted_at=at),
            "RegistrationCancelled": dict(cancelled_by="registrant", cancelled_at=at),
            "JoinLinkReleased": dict(join_url="https://pact.example/join/personal-token", released_at=at),
            "ReminderDue": dict(reminder="24h", reminder_id=f"{registration_id}:24h", due_at=at),
            "AttendeeCheckedIn": dict(checked_in_at=at),
        }[cls.__name__]
        return cls(registration_id=registration_id, event_id="fict-2021", registrant=self.registrant(email, language, name),
                   event=self.snapshot(), status=RegistrationStatus(status), **{**defaults, **extra})

    def organisation(self, organisation_id: str, contacts: list[tuple], **extra):
        """contacts: (email, language, consented) or (email, language, consented, name)."""
        from contracts.membership import Contact, Language, OrganisationKind, OrganisationRegistered

        people = [Contact(name=c[3] if len(c) > 3 else f"Contact {i}", email=c[0], language=Language(c[1]),
                          consent_on=self.date(2021, 5, 1) if c[2] else None)
                  for i, c in enumerate(contacts)]
        return OrganisationRegistered(organisation_id=organisation_id, name="Stad Gent", kind=OrganisationKind.PROCURING, country="BE",
                                      languages=[Language.NL], registered_at=self.STARTS, contacts=people, **extra)

    def signature(self, cls, organisation_id: str, *, document_kind: str = "pact", signature_id: str = "sig-1"):
        from contracts.membership import DocumentKind, SignatureStatus

        at = self.datetime(2021, 6, 14, 10, tzinfo=self.UTC)
        common = dict(signature_id=signature_id, organisation_id=organisation_id, document_id="doc-2021-06", document_kind=DocumentKind(document_kind))
        specific = {
            "SignatureRecorded": dict(status=SignatureStatus.RECORDED, signatory_name="Elke Sleurs", signatory_function="Schepen",
                                      signed_on=self.date(2021, 6, 14), signed_place="Gent", recorded_by="alice", recorded_at=at),
            "SignatureVerified": dict(status=SignatureStatus.VERIFIED, verified_by="bob", verified_at=at),
            "SignatureRejected": dict(status=SignatureStatus.REJECTED, rejected_by="bob", rejected_at=at, reason="Scan unreadable"),
            "SignatureWithdrawn": dict(status=SignatureStatus.WITHDRAWN, withdrawn_on=self.date(2023, 1, 1), withdrawn_by="bob",
                                       withdrawn_at=at, reason="Merged"),
        }[cls.__name__]
        return cls(**common, **specific)

    def support_letter(self, cls, organisation_id: str, *, support_letter_id: str = "letter-1"):
        """A letter of support event as membership publishes it, on membership.support_letter."""
        from contracts.membership import SignatureStatus

        at = self.datetime(2024, 5, 30, 10, tzinfo=self.UTC)
        common = dict(support_letter_id=support_letter_id, organisation_id=organisation_id, document_id="letter-2023-01")
        specific = {
            "SupportLetterRecorded": dict(status=SignatureStatus.RECORDED, signatory_name="Anna Weber", signatory_function="Direktorin",
                                          signed_on=self.date(2024, 5, 30), signed_place="Eupen", recorded_by="alice", recorded_at=at),
            "SupportLetterVerified": dict(status=SignatureStatus.VERIFIED, verified_by="bob", verified_at=at),
        }[cls.__name__]
        return cls(**common, **specific)


@pytest.fixture(scope="session")
def samples() -> Samples:
    return Samples()


@pytest.fixture
def publish_event(kafka_bootstrap):
    """publish_event(event, envelope=None): through the embedded broker."""
    return lambda event, envelope=None: publish(kafka_bootstrap, event, envelope)


@pytest.fixture(scope="session")
def deliver_to():
    """deliver_to(runtime, event): hand an event to that runtime's inbox consumer, as the broker would."""

    async def deliver(runtime, event: IntegrationEvent, envelope: Envelope | None = None) -> Envelope:
        envelope = envelope or envelope_for(event)
        await runtime.consumer_for_topic[event.topic].handle(raw_message(event, envelope))
        return envelope

    return deliver
