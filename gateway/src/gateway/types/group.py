"""Groups around the pact: buyer groups, working groups and steering groups, and their members."""

from __future__ import annotations

from collections.abc import Iterable

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.types.organisation import Organisation
from gateway.node import each_or_none
from gateway.types.pagination import PageInfo


@strawberry.enum(description="What a group does.")
class GroupKind(Enum):
    BUYER_GROUP = strawberry.enum_value("buyer_group", description="Public buyers buying together or sharing what they learn.")
    WORKING_GROUP = strawberry.enum_value("working_group", description="A working group on a theme, e.g. ethical ICT.")
    STEERING_GROUP = strawberry.enum_value("steering_group", description="A group that steers the pact or a national chapter.")


async def _organisation(info: Info, organisation_id: str | None) -> Organisation | None:
    return await info.context.loaders.organisation_by_id.load(organisation_id) if organisation_id else None


@strawberry.type(description="One membership of a group, from joining to leaving: an organisation or a person.")
class GroupMember:
    id: strawberry.ID = strawberry.field(description="Id of this membership.")
    is_person: bool = strawberry.field(description="True when a person joined, false for an organisation.")
    person_name: str | None = strawberry.field(description="The person's name; null for an organisation and for the public (personal data).")
    joined_on: date = strawberry.field(description="The day the member joined.")
    left_on: date | None = strawberry.field(description="The day the member left; null while a member.")
    organisation_id: strawberry.Private[str | None]
    person_organisation_id: strawberry.Private[str | None]

    @strawberry.field(description="The organisation that joined; null for a person.")
    async def organisation(self, info: Info) -> Organisation | None:
        return await _organisation(info, self.organisation_id)

    @strawberry.field(description="The organisation the person works for, when known; null for an organisation.")
    async def person_organisation(self, info: Info) -> Organisation | None:
        return await _organisation(info, self.person_organisation_id)

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> GroupMember:
        return cls(id=strawberry.ID(data["id"]), is_person=data["is_person"], person_name=data.get("person_name"),
                   joined_on=date.fromisoformat(data["joined_on"]), left_on=date.fromisoformat(data["left_on"]) if data.get("left_on") else None,
                   organisation_id=data.get("organisation_id"), person_organisation_id=data.get("person_organisation_id"))


@strawberry.type(description="A buyer, working or steering group, coordinated by one organisation.")
class Group(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="The group's name.")
    kind: GroupKind = strawberry.field(description="What the group does.")
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code for a national group; null for an international one.")
    founded_on: date | None = strawberry.field(description="The day it started, when known.")
    description: str | None = strawberry.field(description="What the group is about.")
    created_at: datetime = strawberry.field(description="When it was created on the platform (UTC).")
    member_count: int = strawberry.field(description="How many members it has now (organisations and persons).")
    members: list[GroupMember] = strawberry.field(description="Its members now (and, when asked for, former ones), oldest first.")
    coordinator_organisation_id: strawberry.Private[str]

    @strawberry.field(description="The organisation that coordinates the group.")
    async def coordinator(self, info: Info) -> Organisation | None:
        return await _organisation(info, self.coordinator_organisation_id)

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False) -> list[Group | None]:
        """``node(id)``: fetched from the service one by one (it has no batch read for them)."""

        async def fetch(node_id: str) -> Group:
            return cls.from_upstream(await info.context.membership.get_group(node_id))

        return await each_or_none(node_ids, fetch)

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Group:
        return cls(id=data["id"], name=data["name"], kind=GroupKind(data["kind"]), country=data.get("country"),
                   founded_on=date.fromisoformat(data["founded_on"]) if data.get("founded_on") else None, description=data.get("description"),
                   created_at=datetime.fromisoformat(data["created_at"]), member_count=data["member_count"],
                   members=[GroupMember.from_upstream(m) for m in data["members"]], coordinator_organisation_id=data["coordinator_organisation_id"])


@strawberry.input(description="A group to create (secretariat or operator).")
class CreateGroupInput:
    name: str = strawberry.field(description="The group's name; unique, ignoring case.")
    kind: GroupKind = strawberry.field(description="What the group does.")
    coordinator_organisation_id: strawberry.ID = strawberry.field(description="The organisation that coordinates it.")
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 code for a national group.")
    founded_on: date | None = strawberry.field(default=None, description="The day it started.")
    description: str | None = strawberry.field(default=None, description="What the group is about.")

    def to_upstream(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind.value, "coordinator_organisation_id": str(self.coordinator_organisation_id),
                "country": self.country, "founded_on": self.founded_on.isoformat() if self.founded_on else None, "description": self.description}


@strawberry.input(description="Who joins a group: give an organisation or a person's name.")
class AddGroupMemberInput:
    joined_on: date = strawberry.field(description="The day the member joined.")
    organisation_id: strawberry.ID | None = strawberry.field(default=None, description="The organisation that joins.")
    person_name: str | None = strawberry.field(default=None, description="The person who joins (instead of an organisation).")
    person_organisation_id: strawberry.ID | None = strawberry.field(default=None, description="The person's organisation, when known.")

    def to_upstream(self) -> dict[str, Any]:
        return {"joined_on": self.joined_on.isoformat(), "organisation_id": str(self.organisation_id) if self.organisation_id else None,
                "person_name": self.person_name,
                "person_organisation_id": str(self.person_organisation_id) if self.person_organisation_id else None}


@strawberry.type(description="A group in a page of groups, with the cursor that points just after it.")
class GroupEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this group.")
    node: Group = strawberry.field(description="The group.")


@strawberry.type(description="A page of groups (Relay connection).")
class GroupConnection:
    edges: list[GroupEdge] = strawberry.field(description="The groups of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many groups match the filters, over all pages.")

    @strawberry.field(description="The groups of this page, without cursors.")
    def nodes(self) -> list[Group]:
        return [edge.node for edge in self.edges]
