from servicekit.unit_of_work import SqlAlchemyUnitOfWork

from awards.adapters.repository import KnownOrganisationRepository, KnownSignatureRepository


class AwardsUnitOfWork(SqlAlchemyUnitOfWork):
    organisations: KnownOrganisationRepository
    signatures: KnownSignatureRepository

    async def __aenter__(self):
        await super().__aenter__()
        self.organisations = KnownOrganisationRepository(self.session)
        self.signatures = KnownSignatureRepository(self.session)
        return self
