"""Jurors, conflicts of interest, ballots (your own only) and receipts."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from gateway.node import global_id
from gateway.types.organisation import Language
from gateway.types.pagination import PageInfo


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@strawberry.enum(description="Whether a juror has accepted the invitation.")
class JurorStatus(Enum):
    INVITED = strawberry.enum_value("invited", description="Invited; may not score yet.")
    ACCEPTED = strawberry.enum_value("accepted", description="On the jury; scores the shortlist.")
    REMOVED = strawberry.enum_value("removed", description="Taken off the jury before voting closed; their ballots do not count and their token is refused.")


@strawberry.type(description="A member of an edition's jury.")
class Juror:
    id: strawberry.ID = strawberry.field(description="Stable id; a juror token names it.")
    edition_id: strawberry.ID = strawberry.field(description="The edition.")
    name: str = strawberry.field(description="The juror's name.")
    email: str = strawberry.field(description="Where the invitation goes.")
    language: Language = strawberry.field(description="The juror's language.")
    organisation_id: strawberry.ID | None = strawberry.field(description="Their own organisation; its nominations are blocked for them.")
    status: JurorStatus = strawberry.field(description="Invited or accepted.")
    invited_at: datetime = strawberry.field(description="When invited (UTC).")
    accepted_at: datetime | None = strawberry.field(description="When accepted (UTC).")
    removed_at: datetime | None = strawberry.field(description="When taken off the jury (UTC); null unless removed.")
    removal_reason: str | None = strawberry.field(description="Why they were taken off the jury; null unless removed.")
    erased_at: datetime | None = strawberry.field(
        description="When the person's data was erased on their request (UTC): name and e-mail are then pseudonyms; their ballots still count."
    )

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Juror:
        return cls(
            id=strawberry.ID(data["id"]),
            edition_id=global_id("Edition", data["edition_id"]),
            name=data["name"],
            email=data["email"],
            language=Language(data["language"]),
            organisation_id=global_id("Organisation", data["organisation_id"]) if data.get("organisation_id") else None,
            status=JurorStatus(data["status"]),
            invited_at=datetime.fromisoformat(data["invited_at"]),
            accepted_at=_when(data.get("accepted_at")),
            removed_at=_when(data.get("removed_at")),
            removal_reason=data.get("removal_reason"),
            erased_at=_when(data.get("erased_at")),
        )


@strawberry.type(description="A conflict of interest: the juror does not score the nomination.")
class Conflict:
    juror_id: strawberry.ID = strawberry.field(description="The juror.")
    juror_name: str | None = strawberry.field(description="The juror's name (secretariat view).")
    nomination_id: strawberry.ID = strawberry.field(description="The nomination.")
    reason: str = strawberry.field(description="What the conflict is.")
    automatic: bool = strawberry.field(description="True: the nomination concerns the juror's own organisation.")
    declared_at: datetime | None = strawberry.field(description="When declared (null for automatic ones).")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Conflict:
        return cls(
            juror_id=strawberry.ID(data["juror_id"]),
            juror_name=data.get("juror_name"),
            nomination_id=global_id("Nomination", data["nomination_id"]),
            reason=data["reason"],
            automatic=data["automatic"],
            declared_at=_when(data.get("declared_at")),
        )


@strawberry.type(description="A score on one criterion.")
class CriterionScore:
    criterion_id: strawberry.ID = strawberry.field(description="The criterion.")
    score: int = strawberry.field(description="The score on the category's scale.")


@strawberry.input(description="A score on one criterion.")
class CriterionScoreInput:
    criterion_id: strawberry.ID = strawberry.field(description="The criterion.")
    score: int = strawberry.field(description="The score on the category's scale.")


@strawberry.type(description="Proof of a cast ballot: the results list every counted receipt.")
class Receipt:
    nomination_id: strawberry.ID = strawberry.field(description="The nomination scored.")
    version: int = strawberry.field(description="The ballot's version; the latest counts.")
    receipt: str = strawberry.field(description="sha256 of the ballot's contents and nonce.")
    nonce: str = strawberry.field(description="The random nonce hashed into the receipt.")
    cast_at: datetime = strawberry.field(description="When cast (UTC).")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Receipt:
        return cls(
            nomination_id=global_id("Nomination", data["nomination_id"]),
            version=data["version"],
            receipt=data["receipt"],
            nonce=data["nonce"],
            cast_at=datetime.fromisoformat(data["cast_at"]),
        )


@strawberry.type(description="Your own ballot on a nomination (nobody else ever sees it).")
class Ballot:
    nomination_id: strawberry.ID = strawberry.field(description="The nomination scored.")
    version: int = strawberry.field(description="The current version; earlier ones are kept.")
    scores: list[CriterionScore] = strawberry.field(description="A score per criterion.")
    comment: str | None = strawberry.field(description="Your comment.")
    receipt: str = strawberry.field(description="The current version's receipt.")
    cast_at: datetime = strawberry.field(description="When the current version was cast (UTC).")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Ballot:
        return cls(
            nomination_id=global_id("Nomination", data["nomination_id"]),
            version=data["version"],
            scores=[CriterionScore(criterion_id=strawberry.ID(k), score=v) for k, v in data["scores"].items()],
            comment=data.get("comment"),
            receipt=data["receipt"],
            cast_at=datetime.fromisoformat(data["cast_at"]),
        )


@strawberry.input(description="A juror to invite.")
class InviteJurorInput:
    edition_id: strawberry.ID = strawberry.field(description="The edition.")
    name: str = strawberry.field(description="The juror's name.")
    email: str = strawberry.field(description="Where the invitation goes.")
    language: Language = strawberry.field(default=Language.EN, description="The juror's language.")
    organisation_id: strawberry.ID | None = strawberry.field(default=None, description="Their own organisation, if any.")


@strawberry.input(description="A ballot: a score for every criterion of the nomination's category.")
class CastBallotInput:
    nomination_id: strawberry.ID = strawberry.field(description="The shortlisted nomination.")
    scores: list[CriterionScoreInput] = strawberry.field(description="A score per criterion.")
    comment: str | None = strawberry.field(default=None, description="An optional comment.")


@strawberry.type(description="A ballot in a page of ballots, with the cursor that points just after it.")
class BallotEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this ballot.")
    node: Ballot = strawberry.field(description="The ballot.")


@strawberry.type(description="A page of ballots (Relay connection).")
class BallotConnection:
    edges: list[BallotEdge] = strawberry.field(description="The ballots of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many ballots match the filters, over all pages.")

    @strawberry.field(description="The ballots of this page, without cursors.")
    def nodes(self) -> list[Ballot]:
        return [edge.node for edge in self.edges]
