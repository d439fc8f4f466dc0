"""Erasure requests over HTTP on SQLite and PostgreSQL: who may file and read them, bad input, one pending request
per person, and the consumer that collects every service's answer until the request is completed."""

import asyncio
from datetime import UTC, datetime

import pytest
from contracts import Envelope
from contracts.privacy import PersonErasureCompleted, person_hash
from contracts.topics import PRIVACY_ERASURE
from servicekit.inbox import RawMessage
from servicekit.testing import bearer

from membership.adapters.privacy import erasure_requests
from sqlalchemy import func, select

REQUEST = {"email": "jan.janssens@example.org", "names": ["Jan Janssens"], "reason": "Art. 17 GDPR"}


@pytest.fixture
async def api(api, token):
    api.staff = bearer(token("secretariat", subject="alice"))
    api.member = bearer(token("member", org="3f0c1e9a-0000-4000-8000-00000000f1d0"))
    api.consumer = next(s.consumer for s in api.runtime.subscriptions if s.topic == PRIVACY_ERASURE)
    return api


async def filed(api, body=REQUEST, status=202) -> dict:
    response = await api.post("/privacy/erasure-requests", json=body, headers=api.staff)
    assert response.status_code == status, response.text
    return response.json()


def answer(request_id: str, service: str, erased: dict | None = None, event_id: str | None = None) -> RawMessage:
    event = PersonErasureCompleted(request_id=request_id, service=service, erased=erased or {}, completed_at=datetime.now(UTC))
    envelope = Envelope(source=service, type=event.event_type, subject=request_id, correlationid="c", **({"id": event_id} if event_id else {}))
    return RawMessage(topic=PRIVACY_ERASURE, key=request_id.encode(), value=event.model_dump_json().encode(),
                      headers={k: v.decode() for k, v in envelope.to_headers()})


async def status_of(api, request_id: str) -> dict:
    response = await api.get(f"/privacy/erasure-requests/{request_id}", headers=api.staff)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_request_completes_once_every_service_answered_and_redeliveries_change_nothing(api):
    request = await filed(api)
    assert request["email_hash"] == person_hash(REQUEST["email"], kind="email")
    assert request["name_hashes"] == [person_hash("Jan Janssens", kind="name")]
    # Nothing of the person is held for membership: an empty answer is still an answer.
    assert [(a["service"], a["erased"]) for a in request["answers"]] == [("membership", {})]

    events_answer = answer(request["id"], "events", {"registration": 2})
    await api.consumer.handle(events_answer)
    await api.consumer.handle(events_answer)  # redelivered: the inbox skips it
    await api.consumer.handle(answer(request["id"], "events", {"registration": 99}))  # a second answer: the first one counts
    await api.consumer.handle(answer(request["id"], "membership", {"contact": 5}))  # membership's own, back from the topic
    await api.consumer.handle(answer("no-such-request", "awards"))  # logged and dropped, not dead-lettered
    await api.consumer.handle(answer(request["id"], "awards"))
    now = await status_of(api, request["id"])
    assert now["status"] == "pending" and now["awaiting"] == ["notifications"] and now["completed_at"] is None
    assert {a["service"]: a["erased"] for a in now["answers"]} == {"membership": {}, "events": {"registration": 2}, "awards": {}}

    await api.consumer.handle(answer(request["id"], "notifications", {"delivery": 3}))
    done = await status_of(api, request["id"])
    assert done["status"] == "completed" and done["awaiting"] == [] and done["completed_at"]

    # Completed: the same person may be filed again (a new request, e.g. for data that arrived since).
    again = await filed(api)
    assert again["id"] != request["id"] and again["status"] == "pending"


async def test_filing_the_same_person_again_returns_the_pending_request(api):
    first = await filed(api)
    same = await filed(api, REQUEST | {"email": "Jan.Janssens@Example.org", "names": ["jan janssens"]}, status=200)
    assert same["id"] == first["id"]
    fewer = await filed(api, REQUEST | {"names": []}, status=200)
    assert fewer["id"] == first["id"]
    response = await api.post("/privacy/erasure-requests", json=REQUEST | {"names": ["Jan Janssens", "J. Janssens"]}, headers=api.staff)
    assert response.status_code == 409 and response.json()["code"] == "ERASURE_PENDING", response.text
    assert first["id"] in response.json()["detail"]


async def test_concurrent_filings_make_one_request(api):
    responses = await asyncio.gather(*(api.post("/privacy/erasure-requests", json=REQUEST, headers=api.staff) for _ in range(4)))
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 202], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    async with api.runtime.engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(erasure_requests)) == 1


@pytest.mark.parametrize("body, field", [
    ({"names": [], "reason": "x"}, "email"),
    (REQUEST | {"email": "not an address"}, "email"),
    (REQUEST | {"reason": "   "}, "reason"),
    ({k: v for k, v in REQUEST.items() if k != "reason"}, "reason"),
    (REQUEST | {"names": [" "]}, "names.0"),
    (REQUEST | {"names": "Jan"}, "names"),
    (REQUEST | {"phone": "+32"}, "phone"),
])
async def test_bad_requests_are_refused_with_the_field(api, body, field):
    response = await api.post("/privacy/erasure-requests", json=body, headers=api.staff)
    assert response.status_code == 422 and response.json()["code"] == "BAD_USER_INPUT", response.text
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_only_staff_file_read_and_export(api):
    request = await filed(api)
    for method, path, body in (("POST", "/privacy/erasure-requests", REQUEST), ("GET", "/privacy/erasure-requests", None),
                               ("GET", f"/privacy/erasure-requests/{request['id']}", None), ("POST", "/privacy/export", {"email": REQUEST["email"]})):
        assert (await api.request(method, path, json=body)).status_code == 401
        assert (await api.request(method, path, json=body, headers=api.member)).status_code == 403
    missing = await api.get("/privacy/erasure-requests/nope", headers=api.staff)
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"


async def test_requests_page_oldest_first(api):
    ids = [(await filed(api, REQUEST | {"email": f"person{n}@example.org", "names": []}))["id"] for n in range(3)]
    seen, after = [], None
    while True:
        page = (await api.get("/privacy/erasure-requests", params={"first": 2} | ({"after": after} if after else {}), headers=api.staff)).json()
        assert page["total_count"] == 3
        seen += [item["id"] for item in page["items"]]
        if not page["page_info"]["has_next_page"]:
            break
        after = page["page_info"]["end_cursor"]
    assert seen == ids
    bad = await api.get("/privacy/erasure-requests", params={"after": "garbage"}, headers=api.staff)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "after"


async def test_an_unknown_person_exports_nothing(api):
    response = await api.post("/privacy/export", json={"email": "nobody@example.org", "names": ["No Body"]}, headers=api.staff)
    assert response.status_code == 200 and response.json() == {"service": "membership", "records": {}}
    bad = await api.post("/privacy/export", json={"email": "nobody"}, headers=api.staff)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "email"
