from servicekit.unit_of_work import SqlAlchemyUnitOfWork

from membership.adapters.repository import OrganisationRepository


class MembershipUnitOfWork(SqlAlchemyUnitOfWork):
    """The service's transaction: repositories plus the outbox (see servicekit)."""

    organisations: OrganisationRepository

    async def __aenter__(self):
        await super().__aenter__()
        self.organisations = OrganisationRepository(self.session)
        return self
