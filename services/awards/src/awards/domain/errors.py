"""The awards domain's refusals; entrypoints map each to a status and a stable code (entrypoints/problems.py)."""


class AwardsError(Exception):
    """Base of every refusal."""


class Invalid(AwardsError):
    """A field is not acceptable."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class NotFoundError(AwardsError):
    def __init__(self, what: str, ident: str):
        super().__init__(f"No {what} has id {ident!r}.")
        self.what = what


class NotAMember(AwardsError):
    """Only member organisations (a verified, not withdrawn signature) nominate."""


class NominationsClosed(AwardsError):
    pass


class NotEligible(AwardsError):
    """The nominee may not be nominated in this category (its kind, or self-nomination)."""


class AlreadyNominated(AwardsError):
    def __init__(self, existing_id: str):
        super().__init__(f"This organisation is already nominated in this category (nomination {existing_id}).")
        self.existing_id = existing_id


class InvalidTransition(AwardsError):
    pass


class VotingNotOpen(AwardsError):
    pass


class VotingClosed(AwardsError):
    pass


class VotingOpen(AwardsError):
    """Asked for something that exists only once voting has closed (the export, the sealed result)."""


class ConflictOfInterest(AwardsError):
    pass


class NotYourJuror(AwardsError):
    """The juror token names another juror, or the juror is not (yet) on this edition's jury."""


class JurorExists(AwardsError):
    def __init__(self, existing_id: str):
        super().__init__(f"A juror with this e-mail is already invited to this edition (juror {existing_id}).")
        self.existing_id = existing_id


class ResultsPublished(AwardsError):
    pass


class EditionExists(AwardsError):
    def __init__(self, name: str, existing_id: str):
        super().__init__(f"An edition named {name!r} exists already (id {existing_id}).")
        self.existing_id = existing_id


class JurorUnknown(AwardsError):
    """A juror token names no juror of any edition (a mistyped or forged id, or one from another installation)."""


class JurorRemoved(AwardsError):
    """The juror was taken off the jury by the secretariat; their token no longer acts."""


class JurorErased(AwardsError):
    """The juror's personal data was erased on their request; their token no longer acts."""
