"""Sealed and published results: aggregates only, with every counted receipt."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from gateway.context import Info
from gateway.types.organisation import Organisation
from gateway.node import global_id


@strawberry.type(description="The commitment published when voting closed: sha256 of canonical JSON {nonce, result}.")
class Commitment:
    edition_id: strawberry.ID = strawberry.field(description="The edition.")
    commitment: str = strawberry.field(description="The hash; the result and nonce revealed at publication must match it.")
    voting_closed_at: datetime = strawberry.field(description="When voting closed (UTC).")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Commitment:
        return cls(
            edition_id=global_id("Edition", data["edition_id"]),
            commitment=data["commitment"],
            voting_closed_at=datetime.fromisoformat(data["voting_closed_at"]),
        )


@strawberry.type(description="A nomination's place in its category: aggregates only, never a single ballot.")
class RankedNomination:
    rank: int = strawberry.field(description="1 is first; the tie-break rule makes ranks unique.")
    nomination_id: strawberry.ID = strawberry.field(description="The nomination.")
    score: str | None = strawberry.field(description="Weighted mean score, six decimals; null without ballots.")
    ballots: int = strawberry.field(description="Ballots counted.")
    quorum_met: bool = strawberry.field(description="Whether it had at least the quorum of ballots.")
    conflicts: int = strawberry.field(description="Jurors who did not score it for a conflict of interest.")
    abstentions: int = strawberry.field(description="Jurors who could have scored it and did not.")
    nominee_id: strawberry.Private[str]

    @strawberry.field(description="The nominated organisation (from membership, batched).")
    async def nominee(self, info: Info) -> Organisation | None:
        return await info.context.loaders.organisation_by_id.load(self.nominee_id)


@strawberry.type(description="One category's ranking and winner.")
class CategoryResult:
    category_id: strawberry.ID = strawberry.field(description="The category.")
    name: str = strawberry.field(description="The category's name.")
    winner: RankedNomination | None = strawberry.field(description="The first-ranked nomination if it met the quorum.")
    ranking: list[RankedNomination] = strawberry.field(description="Every shortlisted nomination, first to last.")


@strawberry.type(description="The result of an edition.")
class Result:
    edition_id: strawberry.ID = strawberry.field(description="The edition.")
    published: bool = strawberry.field(description="False only in the secretariat's view between the close and publication.")
    published_at: datetime | None = strawberry.field(description="When published (UTC).")
    commitment: str = strawberry.field(description="The commitment published at the close.")
    nonce: str | None = strawberry.field(description="The revealed nonce (after publication).")
    quorum: int = strawberry.field(description="The quorum applied.")
    tie_break: str = strawberry.field(description="The tie-break rule applied.")
    categories: list[CategoryResult] = strawberry.field(description="Per category: ranking and winner.")
    receipts: list[str] = strawberry.field(description="Every counted ballot's receipt.")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Result:
        result = data["result"]
        categories = []
        for c in result["categories"]:
            ranking = [
                RankedNomination(
                    rank=e["rank"],
                    nomination_id=global_id("Nomination", e["nomination_id"]),
                    score=e["score"],
                    ballots=e["ballots"],
                    quorum_met=e["quorum_met"],
                    conflicts=e["conflicts"],
                    abstentions=e["abstentions"],
                    nominee_id=e["nominee_id"],
                )
                for e in c["ranking"]
            ]
            winner = next((r for r in ranking if r.nomination_id == global_id("Nomination", c["winner"])), None) if c.get("winner") else None
            categories.append(CategoryResult(category_id=strawberry.ID(c["category_id"]), name=c["name"], winner=winner, ranking=ranking))
        return cls(
            edition_id=global_id("Edition", data["edition_id"]),
            published=data["published"],
            published_at=datetime.fromisoformat(data["published_at"]) if data.get("published_at") else None,
            commitment=data["commitment"],
            nonce=data.get("nonce"),
            quorum=result["rules"]["quorum"],
            tie_break=result["rules"]["tie_break"],
            categories=categories,
            receipts=list(result["receipts"]),
        )
