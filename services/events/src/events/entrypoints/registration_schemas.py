"""HTTP bodies of registrations and check-ins."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
from servicekit.inputs import Name, StrictBool, single_line

from events.domain.model import Language
from events.domain.registration import RegistrationStatus


Organisation = single_line(max_length=300)
TicketCode = single_line(min_length=4, max_length=40)


class RegistrationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Kim Claes", "email": "kim.claes@example.org", "organisation": "CATAPA", "language": "nl", "consent": True}]})
    name: Name
    email: EmailStr = Field(max_length=320)
    organisation: Organisation | None = Field(default=None, description="Organisation name as the registrant gives it.")
    language: Language = Field(default=Language.EN, description="Preferred language for messages.")
    consent: StrictBool = Field(description="The registrant agrees that their name, e-mail and organisation are kept for this event. Must be true.")

    @field_validator("consent")
    @classmethod
    def consent_given(cls, v: bool) -> bool:
        if not v:
            raise ValueError("registration needs the registrant's consent to keep their data for this event")
        return v


class RegistrationOut(BaseModel):
    """A registration. Personal data and the personal links only for the registrant, the organisers and the secretariat."""

    id: str
    event_id: str
    status: RegistrationStatus
    waitlist_position: int | None = Field(description="1 = next to get a seat; only while waitlisted.")
    registered_at: datetime
    confirmed_at: datetime | None = None
    cancelled_at: datetime | None = None
    checked_in_at: datetime | None = None
    name: str | None = None
    email: str | None = None
    organisation: str | None = None
    organisation_id: str | None = None
    language: Language | None = None
    ticket_code: str | None = None
    cancel_url: str | None = None
    calendar_url: str | None = None
    ticket_url: str | None = Field(default=None, description="QR image (PNG) of the ticket code.")
    join_url: str | None = Field(default=None, description="The personal join link, once released and while the registration holds a seat.")


class JoinLinkOut(BaseModel):
    registration_id: str
    event_id: str
    status: RegistrationStatus
    active: bool = Field(description="Whether the link admits its holder now (the registration holds a seat, the event is on).")
    join_url: str | None = Field(description="The meeting's address; only while active.")


class RegistrationPage(BaseModel):
    items: list[RegistrationOut]
    page_info: dict
    total_count: int


class EventRegistrationPage(BaseModel):
    """One event's first page of registrations, or why the caller may not list them."""

    event_id: str
    items: list[RegistrationOut] = Field(default_factory=list)
    page_info: dict = Field(default_factory=lambda: {"end_cursor": None, "has_next_page": False})
    total_count: int = 0
    problem: dict | None = Field(default=None, description="The problem document (status, code, title, detail) when refused.")


class EventRegistrationPages(BaseModel):
    items: list[EventRegistrationPage] = Field(description="One per distinct event id, in the order asked.")


class CheckInIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ticket_code: TicketCode = Field(description="As printed or scanned from the QR code; dashes and case do not matter.")


class CheckInOut(BaseModel):
    registration: RegistrationOut
    already_checked_in: bool = Field(description="True when this ticket had been scanned before: let them in, nothing changed.")
