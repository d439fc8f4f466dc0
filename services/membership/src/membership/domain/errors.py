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


class DuplicateOrganisation(MembershipError):
    def __init__(self, name: str, existing_id: str):
        super().__init__(f"An organisation named {name!r} is already registered (id {existing_id}).")
        self.existing_id = existing_id
