"""Odd and lax input at the notifications service's HTTP edge, on SQLite and PostgreSQL: a clean 422 naming the field,
never a 5xx; legit Unicode stored unchanged."""

import json

import pytest
from servicekit.testing import bearer

RTL_EMOJI = "\u200fإشعارات \U0001F514 Café\u0301 \u05d3"
NUL, SURROGATE = "a\x00b", "a\ud800b"
EVENT_TYPE = "membership.signature.verified.v1"


async def send(service, method, path, body, headers):
    # json.dumps writes a lone surrogate as the escape "\ud800", as a client's JSON encoder would.
    return await service.request(method, path, content=json.dumps(body).encode(), headers={**headers, "Content-Type": "application/json"})


def refused(response, field):
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "BAD_USER_INPUT" and response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in problem["errors"]], problem


@pytest.mark.parametrize(("body", "field"), [
    ({"description": NUL}, "description"), ({"description": SURROGATE}, "description"), ({"description": "x" * 501}, "description"),
    ({"event_types": [NUL]}, "event_types.0"), ({"organisation_id": SURROGATE}, "organisation_id"),
])
async def test_bad_subscription_text_is_422_naming_the_field(service, token, body, field):
    subscription = {"url": "https://example.org/hook", "event_types": [EVENT_TYPE], **body}
    refused(await send(service, "POST", "/webhooks/subscriptions", subscription, bearer(token("operator"))), field)


async def test_right_to_left_marks_emoji_and_combining_characters_are_stored_unchanged(service, token):
    member = bearer(token("member", org="00000000-0000-4000-8000-0000000000a1"))
    description = f"{RTL_EMOJI}\nsecond line"
    created = await send(service, "POST", "/webhooks/subscriptions",
                         {"url": "https://example.org/hook", "event_types": [EVENT_TYPE], "description": description}, member)
    assert created.status_code == 201, created.text
    stored = (await service.get(f"/webhooks/subscriptions/{created.json()['id']}", headers=member)).json()
    assert stored["description"] == description


async def test_a_switch_is_a_boolean(service, token):
    member = bearer(token("member", org="00000000-0000-4000-8000-0000000000a1"))
    created = (await service.post("/webhooks/subscriptions", json={"url": "https://example.org/hook", "event_types": [EVENT_TYPE]},
                                  headers=member)).json()
    for value in ("yes", 1, "true"):
        refused(await send(service, "PATCH", f"/webhooks/subscriptions/{created['id']}", {"active": value}, member), "active")


@pytest.mark.parametrize(("params", "field"), [
    ({"recipient": NUL}, "recipient"), ({"recipient": "x" * 321}, "recipient"), ({"kind": "x" * 60_000}, "kind"),
    ({"subscription_id": NUL}, "subscription_id"),
])
async def test_a_bad_delivery_search_is_422_naming_the_parameter(service, token, params, field):
    refused(await service.get("/deliveries", params=params, headers=bearer(token("operator"))), field)


async def test_ids_in_paths_and_the_person_of_an_export_are_checked(service, token):
    operator = bearer(token("operator"))
    refused(await service.get("/deliveries/a%00b", headers=operator), "delivery_id")
    refused(await send(service, "POST", "/privacy/export", {"email": "kim@example.org", "names": [SURROGATE]}, bearer(token("secretariat"))),
            "names.0")
    refused(await send(service, "POST", "/privacy/export", {"email": "kim\x00@example.org"}, bearer(token("secretariat"))), "email")
    assert (await service.get("/deliveries/", headers=operator)).status_code == 404
