"""Letters of support over HTTP on SQLite and PostgreSQL: the signature's rules, their own events, and the register."""

import asyncio

import pytest
from membership.adapters.orm import outbox
from servicekit.testing import bearer
from sqlalchemy import select



async def organisation(api, name, kind):
    response = await api.post("/organisations", json={"name": name, "kind": kind, "country": "SE"}, headers=api.alice)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def document(api, kind="pact"):
    form = {"kind": kind, "version": "2023-01", "language": "en", "title": kind, "published_on": "2023-01-16"}
    response = await api.post("/documents", data=form, files={"file": (f"{kind}.pdf", kind.encode(), "application/pdf")}, headers=api.alice)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def signing(organisation_id, document_id, **overrides):
    return {"organisation_id": organisation_id, "document_id": document_id, "signatory_name": "Jan Janssens",
            "signatory_function": "Director", "signed_on": "2024-05-30", "signed_place": "Stockholm", **overrides}


@pytest.fixture
async def api(api, token):
    api.alice = bearer(token("secretariat", subject="alice"))
    api.bob = bearer(token("secretariat", subject="bob"))
    api.tco = await organisation(api, "TCO Development", "supporting")
    api.fido = await organisation(api, "FIDO", "coordinating")
    api.letter = await document(api, "letter_of_support")
    api.pact = await document(api)
    return api


async def events(api):
    async with api.runtime.engine.connect() as conn:
        rows = await conn.execute(select(outbox.c.topic, outbox.c.type, outbox.c.key).where(outbox.c.topic.like("membership.s%"))
                                  .order_by(outbox.c.seq))
        return [tuple(r) for r in rows]


async def record(api, organisation_id, document_id, **overrides):
    return await api.post("/support-letters", json=signing(organisation_id, document_id, signatory_name="Sören Enholm",
                                                           signatory_function="CEO", **overrides), headers=api.alice)


async def test_a_letter_lives_its_lifecycle_on_its_own_topic_and_enters_the_register(api):
    letter = (await record(api, api.tco, api.letter)).json()["id"]
    assert (await api.post(f"/support-letters/{letter}/verify", headers=api.alice)).status_code == 403  # four eyes
    verified = await api.post(f"/support-letters/{letter}/verify", headers=api.bob)
    assert verified.status_code == 200 and verified.json()["document_kind"] == "letter_of_support"
    assert (await api.get(f"/organisations/{api.tco}")).json()["member"] is True
    await api.post(f"/support-letters/{letter}/withdraw", json={"reason": "Ended.", "withdrawn_on": "2024-06-01"}, headers=api.bob)
    second = (await record(api, api.tco, api.letter)).json()["id"]
    await api.post(f"/support-letters/{second}/reject", json={"reason": "Unsigned."}, headers=api.bob)

    topic = "membership.support_letter"
    assert await events(api) == [(topic, "membership.support_letter.recorded.v1", letter), (topic, "membership.support_letter.verified.v1", letter),
                                 (topic, "membership.support_letter.withdrawn.v1", letter), (topic, "membership.support_letter.recorded.v1", second),
                                 (topic, "membership.support_letter.rejected.v1", second)]
    register = (await api.get("/register")).json()
    assert [e["event_type"] for e in register["entries"]] == [None, "membership.support_letter.verified.v1",
                                                              "membership.support_letter.withdrawn.v1", None, None]
    assert (await api.get("/register/verify")).json()["ok"] is True


async def test_only_supporting_organisations_against_the_letter(api):
    participant = await record(api, api.fido, api.letter)
    assert participant.status_code == 422 and "signs the pact" in participant.json()["detail"]
    on_the_pact = await record(api, api.tco, api.pact)
    assert on_the_pact.status_code == 422 and on_the_pact.json()["code"] == "WRONG_DOCUMENT"
    pact_signature = (await api.post("/signatures", json=signing(api.fido, api.pact), headers=api.alice)).json()["id"]
    assert (await api.post(f"/support-letters/{pact_signature}/verify", headers=api.bob)).status_code == 404
    assert (await api.get(f"/support-letters/{pact_signature}", headers=api.bob)).status_code == 404
    assert (await api.get("/support-letters", headers=api.bob)).json()["total_count"] == 0


async def test_one_active_letter_per_organisation_even_when_recorded_concurrently(api):
    responses = await asyncio.gather(*(record(api, api.tco, api.letter, signed_place=p) for p in ("Stockholm", "Malmö")))
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert [r.json()["code"] for r in responses if r.status_code == 409] == ["CONFLICT"]
    assert len(await events(api)) == 1


async def test_the_public_sees_verified_letters_only(api, token):
    pending = (await record(api, api.tco, api.letter)).json()["id"]
    assert (await api.get("/support-letters")).json()["items"] == []
    assert (await api.get(f"/support-letters/{pending}")).status_code == 404
    own = (await api.get("/support-letters", headers=bearer(token("member", org=api.tco)))).json()["items"]
    assert [s["id"] for s in own] == [pending]
    await api.post(f"/support-letters/{pending}/verify", headers=api.bob)
    public = (await api.get("/support-letters")).json()["items"]
    assert [s["id"] for s in public] == [pending] and public[0]["recorded_by"] is None
