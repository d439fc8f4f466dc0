"""Awards' part of the schema: editions, nominations, the jury, ballots (your own) and results."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import strawberry
from servicekit.auth import Role

from gateway.connections import AfterArg, BeforeArg, FirstArg, LastArg, build_connection, whole_list
from gateway.context import Info
from gateway.permissions import require_roles
from gateway.types.award_edition import Edition, EditionConnection, EditionEdge
from gateway.types.award_jury import Ballot, BallotConnection, BallotEdge, CastBallotInput, Conflict, InviteJurorInput, Juror, Receipt
from gateway.types.award_nomination import NominateInput, Nomination, ScreenNominationInput
from gateway.types.award_result import Commitment, Result

_ID = strawberry.ID


def _arg(description: str):
    return strawberry.argument(description=description)


@strawberry.type
class AwardsQuery:
    @strawberry.field(description="Every edition of the awards, newest first.")
    async def award_editions(
        self, info: Info, first: FirstArg = None, after: AfterArg = None, last: LastArg = None, before: BeforeArg = None
    ) -> EditionConnection:
        return await build_connection(first, after, whole_list(info.context.awards.list_editions), last=last, before=before,
                                      edge=EditionEdge, node=Edition.from_upstream, connection=EditionConnection)

    @strawberry.field(description="Every edition of the awards, newest first.",
                      deprecation_reason="Use awardEditions: the same list as a Relay connection.")
    async def editions(self, info: Info) -> list[Edition]:
        return [Edition.from_upstream(e) for e in await info.context.awards.list_editions()]

    @strawberry.field(description="One edition by id; a NOT_FOUND error when there is none.")
    async def edition(self, info: Info, id: Annotated[_ID, _arg("The edition's id.")]) -> Edition:
        return Edition.from_upstream(await info.context.awards.get_edition(str(id)))

    @strawberry.field(description="One nomination by id; a NOT_FOUND error when there is none.")
    async def nomination(self, info: Info, id: Annotated[_ID, _arg("The nomination's id.")]) -> Nomination:
        return Nomination.from_upstream(await info.context.awards.get_nomination(str(id)))

    @strawberry.field(
        description="Your own current ballots (jurors). Nobody can read another juror's ballots.", extensions=[require_roles(Role.JUROR)]
    )
    async def own_ballots(
        self, info: Info, first: FirstArg = None, after: AfterArg = None, last: LastArg = None, before: BeforeArg = None
    ) -> BallotConnection:
        load = partial(info.context.awards.own_ballots, info.context.principal.juror_id)
        return await build_connection(first, after, whole_list(load), last=last, before=before,
                                      edge=BallotEdge, node=Ballot.from_upstream, connection=BallotConnection)

    @strawberry.field(
        description="Your own current ballots (jurors). Nobody can read another juror's ballots.", extensions=[require_roles(Role.JUROR)],
        deprecation_reason="Use ownBallots: the same list as a Relay connection.",
    )
    async def my_ballots(self, info: Info) -> list[Ballot]:
        return [Ballot.from_upstream(b) for b in await info.context.awards.own_ballots(info.context.principal.juror_id)]


@strawberry.type
class AwardsMutation:
    @strawberry.mutation(
        description="Nominate an organisation (members). FORBIDDEN with reason NOT_A_MEMBER for non-members; "
        "BAD_USER_INPUT with reason NOT_ELIGIBLE; CONFLICT with reason NOMINATIONS_CLOSED or ALREADY_NOMINATED.",
        extensions=[require_roles(Role.MEMBER)],
    )
    async def nominate(self, info: Info, input: Annotated[NominateInput, _arg("The nomination.")]) -> Nomination:
        return Nomination.from_upstream(await info.context.awards.nominate(str(input.edition_id), input.to_upstream()))

    @strawberry.mutation(
        description="Screen a nomination: eligible, or ineligible with a reason (secretariat).",
        extensions=[require_roles(Role.SECRETARIAT)],
    )
    async def screen_nomination(self, info: Info, input: Annotated[ScreenNominationInput, _arg("The decision.")]) -> Nomination:
        body = {"decision": input.decision.value, "reason": input.reason}
        return Nomination.from_upstream(await info.context.awards.screen(str(input.nomination_id), body))

    @strawberry.mutation(description="Shortlist an eligible nomination (secretariat).", extensions=[require_roles(Role.SECRETARIAT)])
    async def shortlist(self, info: Info, nomination_id: Annotated[_ID, _arg("The nomination.")]) -> Nomination:
        return Nomination.from_upstream(await info.context.awards.shortlist(str(nomination_id)))

    @strawberry.mutation(
        description="Invite a juror to an edition (secretariat); notifications writes to them.",
        extensions=[require_roles(Role.SECRETARIAT)],
    )
    async def invite_juror(self, info: Info, input: Annotated[InviteJurorInput, _arg("The juror.")]) -> Juror:
        body = {
            "name": input.name,
            "email": input.email,
            "language": input.language.value,
            "organisation_id": str(input.organisation_id) if input.organisation_id else None,
        }
        return Juror.from_upstream(await info.context.awards.invite_juror(str(input.edition_id), body))

    @strawberry.mutation(
        description="Take a juror off the jury until voting closes (secretariat, operators): their ballots stop counting and their "
                    "token is refused (FORBIDDEN, reason JUROR_REMOVED). After the close: CONFLICT, reason VOTING_CLOSED.",
        extensions=[require_roles(Role.SECRETARIAT, Role.OPERATOR)],
    )
    async def remove_juror(
        self, info: Info, juror_id: Annotated[_ID, _arg("The juror.")], reason: Annotated[str, _arg("Why; kept with the jury's record.")],
    ) -> Juror:
        return Juror.from_upstream(await info.context.awards.remove_juror(str(juror_id), reason))

    @strawberry.mutation(description="Accept your invitation to the jury (jurors).", extensions=[require_roles(Role.JUROR)])
    async def accept_invitation(self, info: Info) -> Juror:
        return Juror.from_upstream(await info.context.awards.accept_invitation(info.context.principal.juror_id))

    @strawberry.mutation(
        description="Declare a conflict of interest with a nomination (jurors): you will not score it.",
        extensions=[require_roles(Role.JUROR)],
    )
    async def declare_conflict(
        self,
        info: Info,
        nomination_id: Annotated[_ID, _arg("The nomination.")],
        reason: Annotated[str, _arg("What the conflict is; the secretariat sees it.")],
    ) -> Conflict:
        body = {"nomination_id": str(nomination_id), "reason": reason}
        return Conflict.from_upstream(await info.context.awards.declare_conflict(info.context.principal.juror_id, body))

    @strawberry.mutation(
        description="Cast or change your ballot (jurors, while voting is open). CONFLICT with reason VOTING_CLOSED "
        "after the close; FORBIDDEN with reason CONFLICT_OF_INTEREST; BAD_USER_INPUT off the scale.",
        extensions=[require_roles(Role.JUROR)],
    )
    async def cast_ballot(self, info: Info, input: Annotated[CastBallotInput, _arg("The ballot.")]) -> Receipt:
        body = {"scores": {str(s.criterion_id): s.score for s in input.scores}, "comment": input.comment}
        return Receipt.from_upstream(await info.context.awards.cast_ballot(str(input.nomination_id), body))

    @strawberry.mutation(
        description="Close voting now and seal the result (secretariat); returns the public commitment.",
        extensions=[require_roles(Role.SECRETARIAT)],
    )
    async def close_voting(self, info: Info, edition_id: Annotated[_ID, _arg("The edition.")]) -> Commitment:
        return Commitment.from_upstream(await info.context.awards.close_voting(str(edition_id)))

    @strawberry.mutation(
        description="Publish the results now (secretariat); otherwise they are published at the ceremony's start.",
        extensions=[require_roles(Role.SECRETARIAT)],
    )
    async def publish_results(self, info: Info, edition_id: Annotated[_ID, _arg("The edition.")]) -> Result:
        return Result.from_upstream(await info.context.awards.publish_results(str(edition_id)))
