from servicekit.unit_of_work import SqlAlchemyUnitOfWork

from awards.adapters.repository import KnownOrganisationRepository


class AwardsUnitOfWork(SqlAlchemyUnitOfWork):
    organisations: KnownOrganisationRepository

    async def __aenter__(self):
        await super().__aenter__()
        self.organisations = KnownOrganisationRepository(self.session)
        return self
