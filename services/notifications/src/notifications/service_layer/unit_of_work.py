from servicekit.unit_of_work import SqlAlchemyUnitOfWork

from notifications.adapters.copies import EditionCopy, EventOrganisers, OrganisationCopy, RegistrationCopy
from notifications.adapters.erasures import ErasureLog
from notifications.adapters.links import UnsubscribeLinks
from notifications.adapters.personal_data import PersonalData
from notifications.adapters.preferences import PreferenceRepository
from notifications.adapters.repository import DeliveryRepository
from notifications.adapters.subscriptions import SubscriptionRepository


class NotificationsUnitOfWork(SqlAlchemyUnitOfWork):
    deliveries: DeliveryRepository
    organisations: OrganisationCopy
    registrations: RegistrationCopy
    event_organisers: EventOrganisers
    editions: EditionCopy
    preferences: PreferenceRepository
    unsubscribe_links: UnsubscribeLinks
    subscriptions: SubscriptionRepository
    erasures: ErasureLog
    personal_data: PersonalData
    # Set by the runtime: called after a commit that queued deliveries, to wake the dispatcher.
    on_deliveries_queued = None

    async def __aenter__(self):
        await super().__aenter__()
        self.deliveries = DeliveryRepository(self.session)
        self.organisations = OrganisationCopy(self.session)
        self.registrations = RegistrationCopy(self.session)
        self.event_organisers = EventOrganisers(self.session)
        self.editions = EditionCopy(self.session)
        self.preferences = PreferenceRepository(self.session)
        self.unsubscribe_links = UnsubscribeLinks(self.session)
        self.subscriptions = SubscriptionRepository(self.session)
        self.erasures = ErasureLog(self.session)
        self.personal_data = PersonalData(self.session)
        self.queued = 0
        return self

    async def commit(self) -> None:
        await super().commit()
        queued, self.queued = self.queued, 0
        if queued and self.on_deliveries_queued:
            self.on_deliveries_queued()
