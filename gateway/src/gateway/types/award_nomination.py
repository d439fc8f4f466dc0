"""Nominations as the schema shows them; the nominee and nominator resolve through the batched organisation loader."""

from __future__ import annotations

from collections.abc import Iterable

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from servicekit.auth import Role

from gateway.context import Info
from gateway.types.award_jury import Ballot
from gateway.types.organisation import Language, Organisation
from gateway.types.text import LocalizedText, LocalizedTextInput
from gateway.node import each_or_none, global_id


@strawberry.enum(description="Where a nomination is: submitted, screened, shortlisted, decided.")
class NominationStatus(Enum):
    SUBMITTED = strawberry.enum_value("submitted", description="Waiting for the secretariat's screening.")
    ELIGIBLE = strawberry.enum_value("eligible", description="Screened and eligible.")
    INELIGIBLE = strawberry.enum_value("ineligible", description="Screened and ineligible; the reason says why.")
    SHORTLISTED = strawberry.enum_value("shortlisted", description="On the shortlist: the jury scores it.")
    WINNER = strawberry.enum_value("winner", description="Won its category (set at publication).")
    NOT_WINNER = strawberry.enum_value("not_winner", description="Shortlisted but did not win (set at publication).")


@strawberry.type(description="An organisation nominated in a category by a member organisation.")
class Nomination(relay.Node):
    id: relay.NodeID[str]
    edition_id: strawberry.ID = strawberry.field(description="The edition.")
    category_id: strawberry.ID = strawberry.field(description="The category.")
    motivation: list[LocalizedText] = strawberry.field(description="Why it is nominated, in one or more languages.")
    links: list[str] = strawberry.field(description="Links supporting the nomination.")
    status: NominationStatus = strawberry.field(description="Where the nomination is.")
    screening_reason: str | None = strawberry.field(description="The screening's reason; only for the secretariat and the nominator.")
    submitted_at: datetime = strawberry.field(description="When it was submitted (UTC).")
    shortlisted_at: datetime | None = strawberry.field(description="When it was shortlisted (UTC).")
    nominee_id: strawberry.Private[str]
    nominator_id: strawberry.Private[str]

    @strawberry.field(description="The nominated organisation (from membership, batched).")
    async def nominee(self, info: Info) -> Organisation | None:
        return await info.context.loaders.organisation_by_id.load(self.nominee_id)

    @strawberry.field(description="The member organisation that nominated (from membership, batched).")
    async def nominator(self, info: Info) -> Organisation | None:
        return await info.context.loaders.organisation_by_id.load(self.nominator_id)

    @strawberry.field(description="Your own ballot on this nomination, for a juror; null for anyone else or before you cast one.")
    async def my_ballot(self, info: Info) -> Ballot | None:
        if info.context.principal.role is not Role.JUROR:
            return None
        ballot = await info.context.loaders.own_ballot_by_nomination.load(str(self.id))  # one call for the whole list
        return Ballot.from_upstream(ballot) if ballot else None

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False) -> list[Nomination | None]:
        """``node(id)``: fetched from the service one by one (it has no batch read for them)."""

        async def fetch(node_id: str) -> Nomination:
            return cls.from_upstream(await info.context.awards.get_nomination(node_id))

        return await each_or_none(node_ids, fetch)

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Nomination:
        return cls(
            id=data["id"],
            edition_id=global_id("Edition", data["edition_id"]),
            category_id=strawberry.ID(data["category_id"]),
            motivation=[LocalizedText(language=Language(k), text=v) for k, v in sorted(data["motivation"].items())],
            links=list(data["links"]),
            status=NominationStatus(data["status"]),
            screening_reason=data.get("screening_reason"),
            submitted_at=datetime.fromisoformat(data["submitted_at"]),
            shortlisted_at=datetime.fromisoformat(data["shortlisted_at"]) if data.get("shortlisted_at") else None,
            nominee_id=data["nominee_id"],
            nominator_id=data["nominator_id"],
        )


@strawberry.input(description="A nomination: which organisation, in which category, and why.")
class NominateInput:
    edition_id: strawberry.ID = strawberry.field(description="The edition.")
    category_id: strawberry.ID = strawberry.field(description="The category.")
    nominee_id: strawberry.ID = strawberry.field(description="The organisation nominated.")
    motivation: list[LocalizedTextInput] = strawberry.field(description="Why, in one or more of EN, NL, FR, DE.")
    links: list[str] = strawberry.field(default_factory=list, description="Up to ten supporting links (https://...).")

    def to_upstream(self) -> dict[str, Any]:
        return {
            "category_id": str(self.category_id),
            "nominee_id": str(self.nominee_id),
            "motivation": {m.language.value: m.text for m in self.motivation},
            "links": self.links,
        }


@strawberry.enum(description="The secretariat's screening decision.")
class ScreeningDecision(Enum):
    ELIGIBLE = strawberry.enum_value("eligible", description="The nomination may be shortlisted.")
    INELIGIBLE = strawberry.enum_value("ineligible", description="The nomination is out; give a reason.")


@strawberry.input(description="A screening decision on a nomination.")
class ScreenNominationInput:
    nomination_id: strawberry.ID = strawberry.field(description="The nomination.")
    decision: ScreeningDecision = strawberry.field(description="Eligible or ineligible.")
    reason: str | None = strawberry.field(default=None, description="Why; required when ineligible. The nominator sees it.")
