from servicekit.unit_of_work import SqlAlchemyUnitOfWork

from membership.adapters.document_repository import DocumentRepository
from membership.adapters.groups import GroupRepository
from membership.adapters.person_data import PersonData
from membership.adapters.privacy import ErasureRepository
from membership.adapters.repository import OrganisationRepository
from membership.adapters.signature_repository import SignatureRepository
from membership.service_layer import register


class MembershipUnitOfWork(SqlAlchemyUnitOfWork):
    """The service's transaction: repositories plus the outbox (see servicekit)."""

    organisations: OrganisationRepository
    documents: DocumentRepository
    signatures: SignatureRepository
    groups: GroupRepository
    erasures: ErasureRepository
    person_data: PersonData

    async def __aenter__(self):
        await super().__aenter__()
        self.organisations = OrganisationRepository(self.session)
        self.documents = DocumentRepository(self.session)
        self.signatures = SignatureRepository(self.session)
        self.groups = GroupRepository(self.session)
        self.erasures = ErasureRepository(self.session)
        self.person_data = PersonData(self.session)
        return self

    async def commit(self) -> None:
        # Signature events enter the public register in the same transaction as the change.
        await register.append_events(self.session, self.pending_events)
        await super().commit()
