class MembershipError(Exception):
    """Base of the domain's refusals; entrypoints map each to a stable error code."""


class InvalidOrganisation(MembershipError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class OrganisationNotFound(MembershipError):
    def __init__(self, organisation_id: str):
        super().__init__(f"No organisation has id {organisation_id!r}.")
        self.organisation_id = organisation_id


class OrganisationIsArchived(MembershipError):
    def __init__(self, name: str):
        super().__init__(f"{name} is archived: it can no longer be changed or sign.")


class DuplicateOrganisation(MembershipError):
    def __init__(self, name: str, existing_id: str):
        super().__init__(f"An organisation named {name!r} is already registered (id {existing_id}).")
        self.existing_id = existing_id


class DocumentNotFound(MembershipError):
    def __init__(self, document_id: str):
        super().__init__(f"No pact document has id {document_id!r}.")


class InvalidDocument(MembershipError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class DuplicateDocument(MembershipError):
    def __init__(self, existing_id: str, description: str):
        super().__init__(f"{description} is already published (id {existing_id}); publish a new version instead.")
        self.existing_id = existing_id


class SignatureNotFound(MembershipError):
    def __init__(self, signature_id: str, what: str = "signature"):
        super().__init__(f"No {what} has id {signature_id!r}.")


class InvalidSignature(MembershipError):
    """A field of a signature is not acceptable (blank name, malformed hash)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class WrongDocument(MembershipError):
    """The organisation's kind signs the other document (participants the pact, supporters the letter of support)."""


class InvalidSigningDate(MembershipError):
    pass


class InvalidWithdrawalDate(MembershipError):
    pass


class SignatureExists(MembershipError):
    def __init__(self, organisation_id: str, existing_id: str | None):
        which = f" (id {existing_id})" if existing_id else ""
        super().__init__(
            f"Organisation {organisation_id} already has an active signature{which}; "
            "reject or withdraw it before recording another."
        )
        self.existing_id = existing_id


class NotAllowed(MembershipError):
    """The caller's role does not allow this change (e.g. a member changing another organisation)."""


class FourEyesViolation(MembershipError):
    """The user who recorded a signature may not also decide on it."""


class InvalidTransition(MembershipError):
    pass


class ConcurrentChange(MembershipError):
    def __init__(self, what: str):
        super().__init__(f"{what} was changed by someone else at the same time; reload it and try again.")


class GroupNotFound(MembershipError):
    def __init__(self, group_id: str, what: str = "group"):
        super().__init__(f"No {what} has id {group_id!r}.")


class InvalidGroup(MembershipError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class DuplicateGroup(MembershipError):
    def __init__(self, name: str):
        super().__init__(f"A group named {name!r} already exists.")


class GroupMemberExists(MembershipError):
    pass


class InvalidErasureRequest(MembershipError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class ErasurePending(MembershipError):
    """A request for this e-mail address is still pending and the new one names more people under it."""

    def __init__(self, pending_id: str, extra_names: int):
        super().__init__(
            f"Erasure request {pending_id} for this e-mail address is still pending and does not cover {extra_names} of the names given; "
            "file them once it has completed.")
        self.pending_id = pending_id


class ErasureRequestNotFound(MembershipError):
    def __init__(self, request_id: str):
        super().__init__(f"No erasure request has id {request_id!r}.")
