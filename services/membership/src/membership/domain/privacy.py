"""A person's erasure request: who is asked for (by hashes only), and which services have answered.

Membership files the request (it knows people as organisation contacts), erases its own data
of the person in the same transaction, and then collects every service's answer. The request
keeps hashes, never the e-mail address or the names: it is the audit trail of an erasure and
must not itself be personal data that outlives it. Plain Python.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from contracts.privacy import person_hash

from membership.domain.contacts import EMAIL_PATTERN
from membership.domain.errors import ErasurePending, InvalidErasureRequest

ERASED = "[erased]"  # what a pseudonymised name or function reads afterwards (servicekit.privacy uses the same)
NAMES_MAX = 20
REASON_MAX = 2000


def subject_hash(subject: str) -> str:
    """A token subject hashed to recognise a person: as an e-mail address if it is one, else as a name."""
    return person_hash(subject, kind="email" if "@" in subject else "name")


@dataclass(frozen=True)
class Person:
    """The person of a request or an export, as the secretariat typed them (plaintext, never stored)."""

    email: str
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, email: str, names: list[str] | tuple[str, ...] = ()) -> "Person":
        email = email.strip()
        if not EMAIL_PATTERN.match(email) or len(email) > 254:
            raise InvalidErasureRequest("email", f"{email!r} is not an e-mail address; give it as name@example.org.")
        if len(names) > NAMES_MAX:
            raise InvalidErasureRequest("names", f"Give at most {NAMES_MAX} names.")
        cleaned = []
        for n, name in enumerate(names):
            name = " ".join(name.split())
            if not name or len(name) > 300:
                raise InvalidErasureRequest(f"names.{n}", "A name must be 1 to 300 characters.")
            cleaned.append(name)
        return cls(email, tuple(dict.fromkeys(cleaned)))

    @property
    def email_hash(self) -> str:
        return person_hash(self.email, kind="email")

    @property
    def name_hashes(self) -> list[str]:
        return sorted({person_hash(n, kind="name") for n in self.names})

    def has_email(self, email: str | None) -> bool:
        return bool(email) and person_hash(email, kind="email") == self.email_hash

    def has_name(self, name: str | None) -> bool:
        return bool(name) and person_hash(name, kind="name") in self.name_hashes

    def is_subject(self, subject: str | None) -> bool:
        """A token subject (who recorded, verified, updated ...) that names this person."""
        return bool(subject) and subject_hash(subject) in {self.email_hash, *self.name_hashes}

    def scrub(self, text: str) -> str:
        """The text without the person's e-mail address or names (case-insensitive): a reason may quote them."""
        for value in sorted({self.email, *self.names}, key=len, reverse=True):
            text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
        return text


@dataclass(frozen=True)
class Answer:
    """One service's report that it erased what it held of the person."""

    service: str
    erased: dict[str, int]
    completed_at: datetime


@dataclass
class ErasureRequest:
    id: str
    email_hash: str
    name_hashes: list[str]
    reason: str
    requested_by: str
    requested_at: datetime
    completed_at: datetime | None = None  # when the last expected service answered
    answers: dict[str, Answer] = field(default_factory=dict)

    @classmethod
    def file(cls, person: Person, *, reason: str, requested_by: str, now: datetime | None = None) -> "ErasureRequest":
        reason = " ".join(reason.split())
        if not reason or len(reason) > REASON_MAX:
            raise InvalidErasureRequest("reason", f"Give a reason of 1 to {REASON_MAX} characters (the legal ground, not the person).")
        return cls(id=str(uuid.uuid4()), email_hash=person.email_hash, name_hashes=person.name_hashes, reason=person.scrub(reason),
                   requested_by=requested_by, requested_at=now or datetime.now(UTC))

    @property
    def status(self) -> str:
        return "completed" if self.completed_at else "pending"

    def covers(self, person: Person) -> None:
        """Filing the same person again returns this pending request, unless it names someone more: refuse that plainly."""
        extra = set(person.name_hashes) - set(self.name_hashes)
        if extra:
            raise ErasurePending(self.id, len(extra))

    def answered(self, answer: Answer, expected: list[str]) -> bool:
        """Record a service's answer (the first one counts); True when it was new. Completes once every expected service answered."""
        if answer.service in self.answers:
            return False
        self.answers[answer.service] = answer
        if self.completed_at is None and set(expected) <= set(self.answers):
            self.completed_at = max(a.completed_at for a in self.answers.values())
        return True
