"""Personal links leading to the web site (EVENTS_WEB_URL): the e-mails' links open the site's pages in the
registrant's language, the site reads through the gateway with the same tokens, and the service's own routes keep
answering the links it issued before."""

from urllib.parse import parse_qs, urlsplit

import pytest


@pytest.fixture
def events_env() -> dict[str, str]:
    return {"run_scheduler": "false", "web_url": "https://pact.example.org/"}


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


async def test_the_emails_links_lead_to_the_web_sites_pages_in_the_registrants_language(api):
    event = await api.published_event()
    registration = (await api.post(f"/events/{event['id']}/registrations", json=api.person(1, language="fr"))).json()
    rid = registration["id"]
    assert registration["cancel_url"].startswith(f"https://pact.example.org/fr/registrations/{rid}/cancel?token=")
    assert registration["calendar_url"].startswith(f"https://pact.example.org/fr/registrations/{rid}/calendar.ics?token=")
    assert registration["ticket_url"].startswith(f"https://pact.example.org/fr/registrations/{rid}/ticket?token=")
    rows = {t: p for t, _, p in await api.outbox()}
    confirmed, released = rows["events.registration.confirmed.v1"], rows["events.registration.join_link_released.v1"]
    assert confirmed["cancel_url"].startswith(f"https://pact.example.org/fr/registrations/{rid}/cancel?token=")
    assert confirmed["calendar_url"].startswith(f"https://pact.example.org/fr/registrations/{rid}/calendar.ics?token=")
    assert released["join_url"].startswith(f"https://pact.example.org/fr/registrations/{rid}/join?token=")

    # The service's own routes take the same tokens (the site passes them on through the gateway; old links keep working).
    cancel, calendar = token_of(confirmed["cancel_url"]), token_of(confirmed["calendar_url"])
    join, ticket = token_of(released["join_url"]), token_of(registration["ticket_url"])
    assert (await api.get(f"/registrations/{rid}.ics", params={"token": calendar})).status_code == 200
    assert (await api.get(f"/registrations/{rid}/ticket.svg", params={"token": ticket})).status_code == 200
    assert (await api.get(f"/registrations/{rid}/join", params={"token": join})).status_code == 307
    mine = (await api.get(f"/registrations/{rid}", params={"token": cancel})).json()
    assert mine["status"] == "confirmed" and mine["ticket_code"] == registration["ticket_code"]
    assert mine["join_url"] == released["join_url"]
    by_ticket = await api.get(f"/registrations/{rid}", params={"token": ticket})  # the ticket page reads with its own token
    assert by_ticket.status_code == 200 and by_ticket.json()["ticket_code"] == registration["ticket_code"]
    assert by_ticket.json()["cancel_url"] is None and by_ticket.json()["join_url"] is None  # the ticket link cannot cancel
    for wrong in (join, calendar):  # a join or calendar token does not open the personal page
        assert (await api.get(f"/registrations/{rid}", params={"token": wrong})).status_code == 403


async def test_the_join_link_answers_the_meeting_only_while_the_registration_holds_a_seat(api):
    event = await api.published_event(capacity=1)
    first = (await api.post(f"/events/{event['id']}/registrations", json=api.person(1))).json()
    second = (await api.post(f"/events/{event['id']}/registrations", json=api.person(2))).json()
    assert second["status"] == "waitlisted" and "join_url" not in {k for k, v in second.items() if v}
    join_tokens = {p["registration_id"]: token_of(p["join_url"]) for t, _, p in await api.outbox() if t.endswith("join_link_released.v1")}
    link = await api.get(f"/registrations/{first['id']}/join-link", params={"token": join_tokens[first['id']]})
    assert link.status_code == 200 and link.json() == {"registration_id": first["id"], "event_id": event["id"], "status": "confirmed",
                                                       "active": True, "join_url": api.meeting_url}

    cancelled = await api.post(f"/registrations/{first['id']}/cancel", params={"token": token_of(first["cancel_url"])})
    assert cancelled.status_code == 200, cancelled.text
    after = (await api.get(f"/registrations/{first['id']}/join-link", params={"token": join_tokens[first['id']]})).json()
    assert after["active"] is False and after["join_url"] is None and after["status"] == "cancelled"
    promoted = (await api.get(f"/registrations/{second['id']}", params={"token": token_of(second["cancel_url"])})).json()
    assert promoted["status"] == "confirmed" and promoted["join_url"].startswith("https://pact.example.org/nl/registrations/")
    assert (await api.get(f"/registrations/{second['id']}/join-link", params={"token": token_of(promoted["join_url"])})).json()["active"]
    forged = await api.get(f"/registrations/{second['id']}/join-link", params={"token": join_tokens[first['id']]})
    assert forged.status_code == 403
