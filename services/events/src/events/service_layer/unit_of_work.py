import asyncio
import weakref

from servicekit.unit_of_work import SqlAlchemyUnitOfWork

from events.adapters.event_repository import EventRepository
from events.adapters.privacy_repository import PrivacyRepository
from events.adapters.registration_repository import RegistrationRepository
from events.adapters.schedule_repository import ScheduleRepository

# SQLite has one writer at a time and makes the others poll with growing sleeps, which under a
# burst of registrations costs far more than the writes. Writers of this process queue here
# instead, so each one finds the database free; other processes still meet busy_timeout.
_SQLITE_WRITERS: "weakref.WeakKeyDictionary[object, asyncio.Lock]" = weakref.WeakKeyDictionary()


def _writer_lock(sessionmaker) -> asyncio.Lock:
    lock = _SQLITE_WRITERS.get(sessionmaker)
    if lock is None:
        lock = _SQLITE_WRITERS[sessionmaker] = asyncio.Lock()
    return lock


class EventsUnitOfWork(SqlAlchemyUnitOfWork):
    """The service's transaction: repositories plus the outbox (see servicekit)."""

    events: EventRepository
    registrations: RegistrationRepository
    schedule: ScheduleRepository
    privacy: PrivacyRepository

    async def __aenter__(self):
        self._lock = None
        if self._sessionmaker.kw["bind"].dialect.name == "sqlite":
            self._lock = _writer_lock(self._sessionmaker)
            await self._lock.acquire()
        try:
            await super().__aenter__()
        except BaseException:
            self._release()
            raise
        self.events = EventRepository(self.session)
        self.registrations = RegistrationRepository(self.session)
        self.schedule = ScheduleRepository(self.session)
        self.privacy = PrivacyRepository(self.session)
        return self

    async def __aexit__(self, *exc):
        try:
            await super().__aexit__(*exc)
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
