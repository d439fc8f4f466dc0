"""Domain refusals to problem+json answers with stable codes (one table, used by every route)."""

from __future__ import annotations

from servicekit.errors import FieldError, ProblemError

from awards.domain import errors

# exception type -> (status, code, title)
_PROBLEMS: dict[type[errors.AwardsError], tuple[int, str, str]] = {
    errors.NotFoundError: (404, "NOT_FOUND", "Not found"),
    errors.NotAMember: (403, "NOT_A_MEMBER", "Not a member"),
    errors.ConflictOfInterest: (403, "CONFLICT_OF_INTEREST", "Conflict of interest"),
    errors.NotYourJuror: (403, "NOT_YOUR_JUROR", "Not your juror"),
    errors.JurorUnknown: (403, "JUROR_UNKNOWN", "Unknown juror"),
    errors.JurorRemoved: (403, "JUROR_REMOVED", "Removed from the jury"),
    errors.JurorErased: (403, "JUROR_ERASED", "Juror erased"),
    errors.NotEligible: (422, "NOT_ELIGIBLE", "Not eligible in this category"),
    errors.NominationsClosed: (409, "NOMINATIONS_CLOSED", "Nominations are closed"),
    errors.AlreadyNominated: (409, "ALREADY_NOMINATED", "Already nominated"),
    errors.InvalidTransition: (409, "INVALID_TRANSITION", "Invalid status change"),
    errors.VotingNotOpen: (409, "VOTING_NOT_OPEN", "Voting is not open"),
    errors.VotingClosed: (409, "VOTING_CLOSED", "Voting has closed"),
    errors.VotingOpen: (409, "VOTING_OPEN", "Voting has not closed"),
    errors.JurorExists: (409, "JUROR_EXISTS", "Juror already invited"),
    errors.ResultsPublished: (409, "RESULTS_PUBLISHED", "Results already published"),
    errors.EditionExists: (409, "EDITION_EXISTS", "Edition exists"),
}


def problem_for(exc: errors.AwardsError) -> ProblemError:
    if isinstance(exc, errors.Invalid):
        return ProblemError(
            422, "BAD_USER_INPUT", "Invalid input", exc.message, [FieldError(field=exc.field, message=exc.message, type="value_error")]
        )
    status, code, title = _PROBLEMS.get(type(exc), (422, "BAD_USER_INPUT", "Refused"))
    return ProblemError(status, code, title, str(exc))


async def handled(call):
    """Await a handler call, turning a domain refusal into its problem answer."""
    try:
        return await call
    except errors.AwardsError as exc:
        raise problem_for(exc) from None
