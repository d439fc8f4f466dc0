from servicekit.unit_of_work import SqlAlchemyUnitOfWork

from events.adapters.event_repository import EventRepository
from events.adapters.registration_repository import RegistrationRepository
from events.adapters.schedule_repository import ScheduleRepository


class EventsUnitOfWork(SqlAlchemyUnitOfWork):
    """The service's transaction: repositories plus the outbox (see servicekit)."""

    events: EventRepository
    registrations: RegistrationRepository
    schedule: ScheduleRepository

    async def __aenter__(self):
        await super().__aenter__()
        self.events = EventRepository(self.session)
        self.registrations = RegistrationRepository(self.session)
        self.schedule = ScheduleRepository(self.session)
        return self
