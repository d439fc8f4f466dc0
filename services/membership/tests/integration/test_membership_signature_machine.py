"""10,000 random signature and letter-of-support operations: each state change emits exactly its event, and the register stays verifiable.

A hypothesis state machine drives the real handlers on a real SQLite database and
checks them against a tiny model of the rules (one active signature per
organisation, four eyes, recorded -> verified|rejected, verified -> withdrawn).
"""

import asyncio
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlalchemy import func, select

from servicekit.db import make_engine, make_sessionmaker

from membership.adapters.orm import metadata, outbox
from membership.domain import commands
from membership.domain.documents import DocumentKind
from membership.domain.errors import FourEyesViolation, InvalidTransition, SignatureExists
from membership.domain.model import Language, Organisation, OrganisationKind
from membership.domain.contacts import Contact
from membership.service_layer import documents, handlers, register, signatures
from membership.service_layer.unit_of_work import MembershipUnitOfWork

ORGANISATIONS = 4
USERS = ["alice", "bob", "carol"]
SIGNED_ON = date(2021, 6, 14)


class SignatureMachine(RuleBasedStateMachine):
    signatures = Bundle("signatures")

    def __init__(self):
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None)  # RAM: 10,000 commits
        self.engine = make_engine(f"sqlite+aiosqlite:///{Path(self.folder.name) / 'machine.db'}")
        self.uow = lambda: MembershipUnitOfWork(make_sessionmaker(self.engine), outbox, source="membership")
        self.organisations, self.documents = self.run(self._setup())
        self.status: dict[str, str] = {}  # signature id -> status in the model
        self.recorder: dict[str, str] = {}
        self.organisation_of: dict[str, str] = {}
        self.prefix: dict[str, str] = {}  # signature id -> its events' prefix (signature or support_letter)
        self.expected_events: list[str] = []  # signature and support-letter event types, in commit order
        self.updates = 0  # organisation.updated events expected

    def run(self, coroutine):
        return self.loop.run_until_complete(coroutine)

    async def _setup(self):
        async with self.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        ids = []
        async with self.uow() as uow:
            for n in range(ORGANISATIONS):
                # The last one is a supporting organisation: it signs letters of support.
                kind = OrganisationKind.SUPPORTING if n == ORGANISATIONS - 1 else OrganisationKind.PROCURING
                org = Organisation.register(name=f"Organisation {n}", kind=kind, country="BE", website=None, languages=[Language.NL])
                await uow.organisations.add(org)
                ids.append(org.id)
            await uow.commit()
        published = {}
        for kind in DocumentKind:
            document = await documents.publish_document(commands.PublishDocument(
                kind=kind, version="2021-06", language=Language.EN, title=kind.label, published_on=date(2021, 6, 1), content=kind.value.encode(),
                media_type="text/plain", filename=f"{kind.value}.txt", published_by="alice"), self.uow())
            published[kind] = document.id
        return ids, published

    def _active(self, organisation_id: str) -> bool:
        return any(self.organisation_of[s] == organisation_id and self.status[s] in ("recorded", "verified") for s in self.status)

    @rule(target=signatures, organisation=st.integers(0, ORGANISATIONS - 1), user=st.sampled_from(USERS))
    def record(self, organisation, user):
        organisation_id = self.organisations[organisation]
        letter = organisation == ORGANISATIONS - 1
        document_id = self.documents[DocumentKind.LETTER_OF_SUPPORT if letter else DocumentKind.PACT]
        cmd = commands.RecordSignature(organisation_id=organisation_id, document_id=document_id, signatory_name="Signatory",
                                       signatory_function="Minister", signed_on=SIGNED_ON, signed_place="Brussels", recorded_by=user)
        active = self._active(organisation_id)
        try:
            signature = self.run(signatures.record_signature(cmd, self.uow()))
        except SignatureExists:
            assert active, "refused although the organisation had no active signature"
            return "none"
        assert not active, "a second active signature was accepted"
        self.status[signature.id], self.recorder[signature.id], self.organisation_of[signature.id] = "recorded", user, organisation_id
        self.prefix[signature.id] = "membership.support_letter." if letter else "membership.signature."
        self.expected_events.append(f"{self.prefix[signature.id]}recorded.v1")
        return signature.id

    def _transition(self, signature_id, user, handler, cmd, allowed_from, to, four_eyes=True):
        if signature_id == "none":
            return
        expected_ok = self.status[signature_id] == allowed_from and not (four_eyes and user == self.recorder[signature_id])
        try:
            self.run(handler(cmd, self.uow()))
        except (FourEyesViolation, InvalidTransition):
            assert not expected_ok
            return
        assert expected_ok, f"{handler.__name__} accepted from {self.status[signature_id]} by {user}"
        self.status[signature_id] = to
        self.expected_events.append(f"{self.prefix[signature_id]}{to}.v1")

    @rule(signature=signatures, user=st.sampled_from(USERS))
    def verify(self, signature, user):
        self._transition(signature, user, signatures.verify_signature, commands.VerifySignature(signature, user), "recorded", "verified")

    @rule(signature=signatures, user=st.sampled_from(USERS))
    def reject(self, signature, user):
        self._transition(signature, user, signatures.reject_signature, commands.RejectSignature(signature, user, "incomplete evidence"),
                         "recorded", "rejected")

    @rule(signature=signatures, user=st.sampled_from(USERS))
    def withdraw(self, signature, user):
        cmd = commands.WithdrawSignature(signature, user, "left the pact", datetime.now(UTC).date())
        self._transition(signature, user, signatures.withdraw_signature, cmd, "verified", "withdrawn", four_eyes=False)

    @rule(organisation=st.integers(0, ORGANISATIONS - 1), user=st.sampled_from(USERS), n=st.integers(0, 3))
    def update_contacts(self, organisation, user, n):
        """Organisation updates interleave with signing: each emits one organisation.updated event, none enters the register."""
        contacts = [Contact(f"Contact {i}", f"contact{i}@example.org", "nl") for i in range(n)]
        cmd = commands.UpdateOrganisation(self.organisations[organisation], {"contacts": contacts}, user)
        updated = self.run(handlers.update_organisation(cmd, self.uow()))
        assert [c.email for c in updated.contacts] == [c.email for c in contacts]
        self.updates += 1

    def check_events_and_register(self):
        """Each state change emitted exactly its event, in order, and the register verifies."""
        async def check():
            async with self.engine.connect() as conn:
                types = (await conn.execute(select(outbox.c.type).order_by(outbox.c.seq))).scalars().all()
                result = await register.verify(conn)
            return [t for t in types if t.startswith(("membership.signature.", "membership.support_letter."))], result

        emitted, result = self.run(check())
        assert emitted == self.expected_events
        assert self.updates == self.run(self._count("membership.organisation"))
        assert result.ok and result.size == len(self.expected_events), result

    async def _count(self, topic: str) -> int:
        async with self.engine.connect() as conn:
            return await conn.scalar(select(func.count()).select_from(outbox).where(outbox.c.topic == topic))

    @invariant()
    def outbox_holds_one_event_per_change(self):
        async def count():
            async with self.engine.connect() as conn:
                return await conn.scalar(select(func.count()).select_from(outbox)
                                         .where(outbox.c.topic.in_(("membership.signature", "membership.support_letter"))))

        assert self.run(count()) == len(self.expected_events)

    def teardown(self):
        self.check_events_and_register()  # the full check once per run of 200 steps: it reads everything
        self.run(self.engine.dispose())
        self.loop.close()
        self.folder.cleanup()


SignatureMachine.TestCase.settings = settings(
    max_examples=50, stateful_step_count=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # 50 x 200 = 10,000 operations
test_signature_state_machine = SignatureMachine.TestCase
