"""The jury: jurors invited per edition, who accept, and their conflicts of interest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from awards.domain.editions import new_id
from awards.domain.errors import Invalid, InvalidTransition, JurorErased, JurorRemoved, JurorUnknown

LANGUAGES = ("en", "nl", "fr", "de")


ERASED_NAME = "[erased]"


class JurorStatus(str, Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    REMOVED = "removed"  # by the secretariat before voting closed: their ballots are not counted


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
    removed_at: datetime | None = None
    removed_by: str | None = None
    removal_reason: str | None = None
    erased_at: datetime | None = None

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

    def remove(self, *, by: str, reason: str, now: datetime) -> bool:
        """Take the juror off the jury (the caller checks voting has not closed); False when they already were.

        The tally counts accepted jurors only, so a removed juror's ballots stop counting; they are
        kept, as cast, for the record.
        """
        if not reason.strip():
            raise Invalid("reason", "Say why the juror is removed; it is kept with the jury's record.")
        if self.status is JurorStatus.REMOVED:
            return False
        self.status, self.removed_at, self.removed_by, self.removal_reason = JurorStatus.REMOVED, now, by, reason.strip()
        return True

    def pseudonymise(self, now: datetime) -> None:
        """The person asked to be erased: the juror keeps id and status (their ballots still count), not their name or address."""
        self.name, self.email, self.erased_at = ERASED_NAME, f"erased-{self.id}@erased.invalid", now


def check_standing(juror_id: str | None, juror: Juror | None) -> Juror:
    """The juror a juror token names, if it may still act: refused when unknown, removed or erased."""
    if juror is None:
        raise JurorUnknown(
            f"Your juror token names juror {juror_id!r}, which does not exist. Use the link from your latest jury invitation, "
            "or ask the awards secretariat for a new one."
        )
    if juror.erased_at is not None:
        raise JurorErased(
            "Your personal data was erased from the awards on your request, so this juror token no longer works. "
            "Ask the awards secretariat if you want to join a jury again."
        )
    if juror.status is JurorStatus.REMOVED:
        raise JurorRemoved(
            f"You were removed from this edition's jury on {juror.removed_at:%d %B %Y}: {juror.removal_reason} "
            "Your ballots no longer count. Contact the awards secretariat if you think this is a mistake."
        )
    return juror


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
