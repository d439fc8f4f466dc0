"""Groups around the pact: buyer groups, working groups and steering groups.

A group has a kind and a coordinating organisation; its members are organisations or
persons, each with a join date and, once they leave, a leave date (history is kept).
Plain Python: no framework, no database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum

from iso3166 import countries_by_alpha2

from membership.domain.errors import GroupMemberExists, InvalidGroup, InvalidTransition, OrganisationIsArchived
from membership.domain.model import Organisation

NAME_MAX = 200
DESCRIPTION_MAX = 2000


class GroupKind(str, Enum):
    BUYER_GROUP = "buyer_group"  # public buyers buying together or sharing tenders, e.g. the Belgian buyer group
    WORKING_GROUP = "working_group"  # e.g. the European working group on ethical ICT
    STEERING_GROUP = "steering_group"


def _text(value: str | None, name: str, max_length: int, required: bool = True) -> str | None:
    value = " ".join((value or "").split())
    if not value:
        if required:
            raise InvalidGroup(name, f"{name} must not be empty.")
        return None
    if len(value) > max_length:
        raise InvalidGroup(name, f"{name} must be at most {max_length} characters.")
    return value


def _not_future(day: date | None, name: str, now: datetime) -> date | None:
    if day and day > now.astimezone(UTC).date():
        raise InvalidGroup(name, f"{name} {day.isoformat()} is in the future.")
    return day


@dataclass
class GroupMember:
    id: str
    group_id: str
    joined_on: date
    added_by: str
    added_at: datetime
    organisation_id: str | None = None  # an organisation joined ...
    person_name: str | None = None  # ... or a person (personal data: not shown to the public)
    person_organisation_id: str | None = None  # the person's employer, when known
    left_on: date | None = None
    removed_by: str | None = None
    removed_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.left_on is None

    def leave(self, left_on: date, by: str, now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        if not self.active:
            raise InvalidTransition(f"This member already left the group on {self.left_on.isoformat()}.")
        _not_future(left_on, "left_on", now)
        if left_on < self.joined_on:
            raise InvalidGroup("left_on", f"left_on {left_on.isoformat()} is before the join date {self.joined_on.isoformat()}.")
        self.left_on, self.removed_by, self.removed_at = left_on, by, now


@dataclass
class Group:
    id: str
    name: str
    kind: GroupKind
    coordinator_organisation_id: str
    created_by: str
    created_at: datetime
    country: str | None = None
    founded_on: date | None = None
    description: str | None = None
    members: list[GroupMember] = field(default_factory=list)

    @classmethod
    def create(cls, *, name: str, kind: GroupKind, coordinator: Organisation, created_by: str, country: str | None = None,
               founded_on: date | None = None, description: str | None = None, now: datetime | None = None) -> "Group":
        now = now or datetime.now(UTC)
        if coordinator.archived:
            raise OrganisationIsArchived(coordinator.name)
        code = country.strip().upper() if country else None
        if code and code not in countries_by_alpha2:
            raise InvalidGroup("country", f"{country!r} is not an ISO 3166-1 alpha-2 country code (for example BE, NL).")
        return cls(id=str(uuid.uuid4()), name=_text(name, "name", NAME_MAX), kind=GroupKind(kind), coordinator_organisation_id=coordinator.id,
                   created_by=created_by, created_at=now, country=code, founded_on=_not_future(founded_on, "founded_on", now),
                   description=_text(description, "description", DESCRIPTION_MAX, required=False))

    def add(self, *, joined_on: date, added_by: str, organisation: Organisation | None = None, person_name: str | None = None,
            person_organisation_id: str | None = None, now: datetime | None = None) -> GroupMember:
        now = now or datetime.now(UTC)
        if (organisation is None) == (not (person_name or "").strip()):
            raise InvalidGroup("organisation_id", "Give either an organisation or a person's name, not both.")
        _not_future(joined_on, "joined_on", now)
        if self.founded_on and joined_on < self.founded_on:
            raise InvalidGroup("joined_on", f"joined_on {joined_on.isoformat()} is before the group was founded ({self.founded_on.isoformat()}).")
        if organisation is not None:
            if organisation.archived:
                raise OrganisationIsArchived(organisation.name)
            if any(m.active and m.organisation_id == organisation.id for m in self.members):
                raise GroupMemberExists(f"{organisation.name} is already a member of {self.name}.")
        name = _text(person_name, "person_name", NAME_MAX, required=False)
        if name and any(m.active and m.person_name and m.person_name.casefold() == name.casefold() for m in self.members):
            raise GroupMemberExists(f"{name} is already a member of {self.name}.")
        member = GroupMember(id=str(uuid.uuid4()), group_id=self.id, joined_on=joined_on, added_by=added_by, added_at=now,
                             organisation_id=organisation.id if organisation else None, person_name=name,
                             person_organisation_id=None if organisation else person_organisation_id)
        self.members.append(member)
        return member

    def member(self, member_id: str) -> GroupMember | None:
        return next((m for m in self.members if m.id == member_id), None)
