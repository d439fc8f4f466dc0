"""Award editions as the schema shows them: timeline, ceremony, categories and their scoring rules."""

from __future__ import annotations

from collections.abc import Iterable

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.errors import NotFound
from gateway.types.award_jury import Conflict, Juror
from gateway.types.award_nomination import Nomination, NominationStatus
from gateway.types.award_result import Commitment, Result
from gateway.types.organisation import OrganisationKind
from gateway.node import each_or_none, global_id
from gateway.types.pagination import PageInfo


def when(data: dict[str, Any], key: str) -> datetime | None:
    return datetime.fromisoformat(data[key]) if data.get(key) else None


@strawberry.enum(description="Where an edition is in its timeline.")
class EditionPhase(Enum):
    UPCOMING = strawberry.enum_value("upcoming", description="Nominations have not opened yet.")
    NOMINATIONS_OPEN = strawberry.enum_value("nominations_open", description="Members may nominate.")
    SCREENING = strawberry.enum_value("screening", description="The secretariat screens and shortlists; voting has not opened.")
    VOTING_OPEN = strawberry.enum_value("voting_open", description="Accepted jurors score the shortlist.")
    VOTING_CLOSED = strawberry.enum_value("voting_closed", description="The result is sealed; its commitment is public.")
    PUBLISHED = strawberry.enum_value("published", description="The results are public.")


@strawberry.type(description="A scoring criterion of a category.")
class Criterion:
    id: strawberry.ID = strawberry.field(description="Stable id; ballots score criteria by id.")
    name: str = strawberry.field(description="What the jury scores, e.g. Impact.")
    weight: int = strawberry.field(description="Its weight in the weighted mean (a positive integer).")


@strawberry.type(description="A category of an edition, with who may be nominated and how nominations are scored.")
class Category:
    id: strawberry.ID = strawberry.field(description="Stable id of the category.")
    name: str = strawberry.field(description="e.g. Good practice.")
    description: str | None = strawberry.field(description="What the category rewards.")
    eligible_kinds: list[OrganisationKind] = strawberry.field(description="Organisation kinds that may be nominated.")
    self_nomination_allowed: bool = strawberry.field(description="Whether an organisation may nominate itself.")
    scale_min: int = strawberry.field(description="Lowest score on the scale.")
    scale_max: int = strawberry.field(description="Highest score on the scale.")
    criteria: list[Criterion] = strawberry.field(description="The criteria every ballot scores.")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Category:
        return cls(
            id=strawberry.ID(data["id"]),
            name=data["name"],
            description=data.get("description"),
            eligible_kinds=[OrganisationKind(k) for k in data["eligible_kinds"]],
            self_nomination_allowed=data["self_nomination_allowed"],
            scale_min=data["scale_min"],
            scale_max=data["scale_max"],
            criteria=[Criterion(id=strawberry.ID(c["id"]), name=c["name"], weight=c["weight"]) for c in data["criteria"]],
        )


@strawberry.type(description="The session of an event at which the results are announced (and published, at its start).")
class Ceremony:
    event_id: strawberry.ID = strawberry.field(description="The event (events service).")
    session_id: strawberry.ID = strawberry.field(description="The session of the event's programme.")
    known: bool = strawberry.field(description="Whether the events service's events about this session have reached awards.")
    title: str | None = strawberry.field(description="The session's title.")
    starts_at: datetime | None = strawberry.field(description="When the session starts (UTC): the results are published then.")
    event_cancelled: bool = strawberry.field(description="The event was cancelled: the secretariat publishes the results by hand.")


@strawberry.type(description="An edition of the awards, e.g. Fair ICT Awards 2021.")
class Edition(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="e.g. Fair ICT Awards 2021.")
    organiser: str = strawberry.field(description="Who organises it, e.g. Fair ICT Flanders.")
    phase: EditionPhase = strawberry.field(description="Where the edition is in its timeline now.")
    nominations_open_at: datetime = strawberry.field(description="Nominations open (UTC).")
    nominations_close_at: datetime = strawberry.field(description="Nominations close (UTC); screening follows.")
    voting_opens_at: datetime = strawberry.field(description="Voting opens (UTC).")
    voting_closes_at: datetime = strawberry.field(description="Voting closes (UTC) and the result is sealed.")
    ceremony: Ceremony | None = strawberry.field(description="Where the results are announced, if set.")
    quorum: int = strawberry.field(description="Minimum counted ballots a nomination needs to win.")
    tie_break: str = strawberry.field(description="The tie-break rule applied, in order (see the awards README).")
    categories: list[Category] = strawberry.field(description="The edition's categories.")
    voting_closed_at: datetime | None = strawberry.field(description="When voting was closed and the result sealed.")
    results_published_at: datetime | None = strawberry.field(description="When the results were published.")

    @strawberry.field(
        description="The edition's nominations, oldest first (public; screening reasons only for the secretariat and nominator)."
    )
    async def nominations(
        self,
        info: Info,
        status: Annotated[NominationStatus | None, strawberry.argument(description="Only this status.")] = None,
        category_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this category.")] = None,
    ) -> list[Nomination]:
        items = await info.context.awards.list_nominations(
            str(self.id), status=status.value if status else None, category_id=str(category_id) if category_id else None
        )
        return [Nomination.from_upstream(n) for n in items]

    @strawberry.field(description="The jury (secretariat only).")
    async def jurors(self, info: Info) -> list[Juror]:
        return [Juror.from_upstream(j) for j in await info.context.awards.list_jurors(str(self.id))]

    @strawberry.field(description="Declared and automatic conflicts of interest (secretariat only).")
    async def conflicts(self, info: Info) -> list[Conflict]:
        return [Conflict.from_upstream(c) for c in await info.context.awards.list_conflicts(str(self.id))]

    @strawberry.field(description="The commitment to the sealed result; null until voting closes.")
    async def commitment(self, info: Info) -> Commitment | None:
        try:
            return Commitment.from_upstream(await info.context.awards.commitment(str(self.id)))
        except NotFound:
            return None

    @strawberry.field(
        description="The results: null for everyone until published (the secretariat sees the sealed result after the close)."
    )
    async def result(self, info: Info) -> Result | None:
        try:
            return Result.from_upstream(await info.context.awards.results(str(self.id)))
        except NotFound:
            return None

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False) -> list[Edition | None]:
        """``node(id)``: fetched from the service one by one (it has no batch read for them)."""

        async def fetch(node_id: str) -> Edition:
            return cls.from_upstream(await info.context.awards.get_edition(node_id))

        return await each_or_none(node_ids, fetch)

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Edition:
        t, c = data["timeline"], data.get("ceremony")
        ceremony = (
            Ceremony(
                event_id=global_id("Event", c["event_id"]),
                session_id=strawberry.ID(c["session_id"]),
                known=c["known"],
                title=c.get("title"),
                starts_at=when(c, "starts_at"),
                event_cancelled=c["event_cancelled"],
            )
            if c
            else None
        )
        return cls(
            id=strawberry.ID(data["id"]),
            name=data["name"],
            organiser=data["organiser"],
            phase=EditionPhase(data["phase"]),
            nominations_open_at=when(t, "nominations_open_at"),
            nominations_close_at=when(t, "nominations_close_at"),
            voting_opens_at=when(t, "voting_opens_at"),
            voting_closes_at=when(t, "voting_closes_at"),
            ceremony=ceremony,
            quorum=data["quorum"],
            tie_break=data["tie_break"],
            categories=[Category.from_upstream(x) for x in data["categories"]],
            voting_closed_at=when(data, "voting_closed_at"),
            results_published_at=when(data, "results_published_at"),
        )


@strawberry.type(description="An edition in a page of editions, with the cursor that points just after it.")
class EditionEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this edition.")
    node: Edition = strawberry.field(description="The edition.")


@strawberry.type(description="A page of editions (Relay connection).")
class EditionConnection:
    edges: list[EditionEdge] = strawberry.field(description="The editions of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many editions match the filters, over all pages.")

    @strawberry.field(description="The editions of this page, without cursors.")
    def nodes(self) -> list[Edition]:
        return [edge.node for edge in self.edges]
