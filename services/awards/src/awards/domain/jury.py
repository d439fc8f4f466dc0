"""The jury: jurors invited per edition, who accept, and their conflicts of interest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from awards.domain.editions import new_id
from awards.domain.errors import Invalid, InvalidTransition

LANGUAGES = ("en", "nl", "fr", "de")


class JurorStatus(str, Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"


@dataclass
class Juror:
    id: str
    edition_id: str
    name: str
    email: str
    language: str
    organisation_id: str | None  # their own organisation: nominations of it are blocked automatically
    status: JurorStatus
    invited_at: datetime
    accepted_at: datetime | None = None

    @classmethod
    def invite(cls, *, edition_id: str, name: str, email: str, language: str, organisation_id: str | None, now: datetime) -> "Juror":
        if not name.strip():
            raise Invalid("name", "A juror needs a name.")
        email = email.strip().lower()
        if "@" not in email or email.startswith("@") or email.endswith("@"):
            raise Invalid("email", f"{email!r} is not an e-mail address.")
        if language not in LANGUAGES:
            raise Invalid("language", f"The language is one of {', '.join(LANGUAGES)}.")
        return cls(new_id(), edition_id, name.strip(), email, language, organisation_id or None, JurorStatus.INVITED, now)

    def accept(self, now: datetime) -> None:
        if self.status is JurorStatus.ACCEPTED:
            return
        if self.status is not JurorStatus.INVITED:
            raise InvalidTransition(f"A {self.status.value} juror cannot accept.")
        self.status, self.accepted_at = JurorStatus.ACCEPTED, now


@dataclass(frozen=True)
class ConflictDeclaration:
    juror_id: str
    nomination_id: str
    reason: str
    declared_at: datetime


def own_organisation_conflict(juror_organisation_id: str | None, nominee_id: str, nominator_id: str) -> bool:
    """A juror never scores a nomination of their own organisation, as nominee or as nominator."""
    return juror_organisation_id is not None and juror_organisation_id in (nominee_id, nominator_id)


def is_conflicted(juror_organisation_id: str | None, nominee_id: str, nominator_id: str, declared: bool) -> bool:
    return declared or own_organisation_conflict(juror_organisation_id, nominee_id, nominator_id)
