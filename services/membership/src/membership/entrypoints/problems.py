"""Domain refusals to problem+json answers with stable codes (one table, used by every route)."""

from __future__ import annotations

from servicekit.errors import FieldError, ProblemError

from membership.domain import errors

# exception type -> (status, code, title); the first matching entry wins.
_PROBLEMS: list[tuple[type[errors.MembershipError], int, str, str]] = [
    (errors.OrganisationNotFound, 404, "NOT_FOUND", "Organisation not found"),
    (errors.DocumentNotFound, 404, "NOT_FOUND", "Pact document not found"),
    (errors.SignatureNotFound, 404, "NOT_FOUND", "Signature not found"),
    (errors.GroupNotFound, 404, "NOT_FOUND", "Group not found"),
    (errors.ErasureRequestNotFound, 404, "NOT_FOUND", "Erasure request not found"),
    (errors.ErasurePending, 409, "ERASURE_PENDING", "Erasure request pending"),
    (errors.DuplicateGroup, 409, "GROUP_EXISTS", "Group exists"),
    (errors.GroupMemberExists, 409, "CONFLICT", "Already a member"),
    (errors.WrongDocument, 422, "WRONG_DOCUMENT", "Wrong document for this organisation"),
    (errors.InvalidSigningDate, 422, "INVALID_SIGNING_DATE", "Invalid signing date"),
    (errors.InvalidWithdrawalDate, 422, "INVALID_WITHDRAWAL_DATE", "Invalid withdrawal date"),
    (errors.DuplicateOrganisation, 409, "ORGANISATION_EXISTS", "Organisation already registered"),
    (errors.DuplicateDocument, 409, "DOCUMENT_EXISTS", "Document already published"),
    (errors.SignatureExists, 409, "CONFLICT", "Signature exists"),
    (errors.ConcurrentChange, 409, "CONFLICT", "Concurrent change"),
    (errors.InvalidTransition, 409, "INVALID_TRANSITION", "Invalid status change"),
    (errors.FourEyesViolation, 403, "FORBIDDEN", "Four-eyes principle"),
    (errors.NotAllowed, 403, "FORBIDDEN", "Not allowed"),
    (errors.OrganisationIsArchived, 409, "ORGANISATION_ARCHIVED", "Organisation archived"),
]

# A CONFLICT keeps its precise reason in the problem type, for clients that need it.
_CONFLICT_TYPES = {errors.SignatureExists: "urn:pact:problem:SIGNATURE_EXISTS", errors.ConcurrentChange: "urn:pact:problem:CONCURRENT_CHANGE"}

_FIELD_ERRORS = (errors.InvalidOrganisation, errors.InvalidDocument, errors.InvalidSignature, errors.InvalidGroup, errors.InvalidErasureRequest)


def problem_for(exc: errors.MembershipError) -> ProblemError:
    if isinstance(exc, _FIELD_ERRORS):
        error = FieldError(field=exc.field, message=exc.message, type="value_error")
        return ProblemError(422, "BAD_USER_INPUT", "Invalid input", exc.message, [error])
    for kind, status, code, title in _PROBLEMS:
        if isinstance(exc, kind):
            problem = ProblemError(status, code, title, str(exc))
            problem.problem.type = _CONFLICT_TYPES.get(kind, problem.problem.type)
            return problem
    return ProblemError(422, "BAD_USER_INPUT", "Refused", str(exc))
