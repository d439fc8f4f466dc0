"""Every answer that is not JSON, checked by schemathesis against the service's OpenAPI document, with real data.

The fuzzer rarely reaches them (it needs an uploaded document or a registration's signed links), so each is
called here with ids and tokens made through the API: media type, status and headers as documented.
schemathesis once found ``GET /documents/{id}/file`` answering text/plain where the document said
application/octet-stream.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import schemathesis
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

NOT_OURS = [positive_data_acceptance, ignored_auth]


def service_app(service: str):
    module = __import__(f"{service}.bootstrap", fromlist=["create_app", "Settings"])
    return module.create_app(module.Settings(database_url="sqlite+aiosqlite:///:memory:", kafka_bootstrap_servers="127.0.0.1:1"))


def check(service: str, path: str, base_url: str, headers: dict | None = None, **parts) -> requests.Response:
    """One call through schemathesis: every check it has (content type, status code, headers, schema) must pass."""
    operation = schemathesis.openapi.from_dict(service_app(service).openapi())[path]["GET"]
    case = operation.Case(**parts)
    return case.call_and_validate(base_url=base_url, headers=headers or {}, excluded_checks=NOT_OURS, allow_redirects=False)


def bearer(token, role: str) -> dict:
    return {"Authorization": f"Bearer {token(role)}"}


@pytest.mark.parametrize(("filename", "media_type", "served_as"), [
    ("pact.pdf", "application/pdf", "application/pdf"),
    ("pact.txt", "text/plain", "application/octet-stream"),
    ("scan.png", "image/png", "application/octet-stream"),
    ("page.html", "text/html", "application/octet-stream"),
])
def test_document_files_answer_a_documented_media_type(fuzz_servers, token, filename, media_type, served_as):
    url = fuzz_servers["membership"]
    form = {"kind": "pact", "version": f"v-{filename}", "language": "en", "title": filename, "published_on": "2021-06-01"}
    published = requests.post(f"{url}/documents", data=form, files={"file": (filename, b"content of " + filename.encode(), media_type)},
                              headers=bearer(token, "secretariat"), timeout=30)
    assert published.status_code == 201, published.text
    assert published.json()["media_type"] == media_type  # the metadata keeps what the publisher declared
    response = check("membership", "/documents/{document_id}/file", url, path_parameters={"document_id": published.json()["id"]})
    assert response.status_code == 200 and response.headers["content-type"] == [served_as]  # schemathesis keeps every value of a header
    assert response.headers["x-content-type-options"] == ["nosniff"]


def test_calendars_tickets_lists_and_pages_of_events_answer_their_documented_media_types(fuzz_servers, token):
    url, staff = fuzz_servers["events"], bearer(token, "secretariat")
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    body = {"kind": "online_conference", "title": {"en": "Media types"}, "starts_at": f"{day}T13:00:00", "ends_at": f"{day}T17:00:00",
            "join_url": "https://meet.example.org/j/1", "capacity": 10}
    event = requests.post(f"{url}/events", json=body, headers=staff, timeout=30).json()
    assert requests.post(f"{url}/events/{event['id']}/publish", headers=staff, timeout=30).status_code == 200
    person = {"name": "Kim Claes", "email": "kim.media@example.org", "language": "nl", "consent": True}
    registration = requests.post(f"{url}/events/{event['id']}/registrations", json=person, timeout=30).json()

    assert check("events", "/events/{event_id}.ics", url, path_parameters={"event_id": event["id"]}).status_code == 200
    csv = check("events", "/events/{event_id}/attendance.csv", url, staff, path_parameters={"event_id": event["id"]})
    assert csv.status_code == 200 and "kim.media@example.org" in csv.text
    for link, path in (("calendar_url", "/registrations/{registration_id}.ics"), ("cancel_url", "/registrations/{registration_id}/cancel")):
        token_of = dict(parse_qsl(urlsplit(registration[link]).query))["token"]
        response = check("events", path, url, path_parameters={"registration_id": registration["id"]}, query={"token": token_of})
        assert response.status_code == 200, (link, response.text)
    ticket_token = dict(parse_qsl(urlsplit(registration["ticket_url"]).query))["token"]
    for fmt in ("png", "svg"):
        response = check("events", "/registrations/{registration_id}/ticket.{fmt}", url,
                         path_parameters={"registration_id": registration["id"], "fmt": fmt}, query={"token": ticket_token})
        assert response.status_code == 200
    # An empty id is not the list: 404, as GET /events/{event_id} documents.
    assert check("events", "/events/{event_id}", url, path_parameters={"event_id": ""}).status_code == 404
