from servicekit.unit_of_work import SqlAlchemyUnitOfWork

from awards.adapters.ballots_repository import BallotRepository
from awards.adapters.editions_repository import EditionRepository
from awards.adapters.jury_repository import JuryRepository
from awards.adapters.nominations_repository import NominationRepository
from awards.adapters.privacy_repository import PrivacyRepository
from awards.adapters.repository import KnownOrganisationRepository, KnownSignatureRepository
from awards.adapters.sessions_repository import KnownSessionRepository


class AwardsUnitOfWork(SqlAlchemyUnitOfWork):
    organisations: KnownOrganisationRepository
    signatures: KnownSignatureRepository
    sessions: KnownSessionRepository
    editions: EditionRepository
    nominations: NominationRepository
    jury: JuryRepository
    ballots: BallotRepository
    privacy: PrivacyRepository

    async def __aenter__(self):
        await super().__aenter__()
        self.organisations = KnownOrganisationRepository(self.session)
        self.signatures = KnownSignatureRepository(self.session)
        self.sessions = KnownSessionRepository(self.session)
        self.editions = EditionRepository(self.session)
        self.nominations = NominationRepository(self.session)
        self.jury = JuryRepository(self.session)
        self.ballots = BallotRepository(self.session)
        self.privacy = PrivacyRepository(self.session)
        return self
