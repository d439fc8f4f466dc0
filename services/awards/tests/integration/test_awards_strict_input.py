"""Odd and lax input at awards' HTTP edge, on SQLite and PostgreSQL: a clean 422 naming the field, never a 5xx and
never a value stored as something else (schemathesis found "nominations_open_at": 0 stored as 1970)."""

import json
from datetime import UTC, datetime

import pytest

RTL_EMOJI = "\u200fجائزة \U0001F3C6 Prix du jury\u0301 \u05d1"
NUL, SURROGATE = "a\x00b", "a\ud800b"
CATEGORY = {"name": "Good practice", "eligible_kinds": ["procuring"], "criteria": [{"name": "Impact", "weight": 1}]}


async def send(awards, method, path, body, headers=None):
    # json.dumps writes a lone surrogate as the escape "\ud800", as a client's JSON encoder would.
    headers = {**(headers or awards.secretariat), "Content-Type": "application/json"}
    return await awards.client.request(method, path, content=json.dumps(body).encode(), headers=headers)


def refused(response, field):
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "BAD_USER_INPUT" and response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in problem["errors"]], problem


def edition_body(awards, **overrides):
    return {"name": "Fair ICT Awards 2031", "organiser": "Fair ICT Flanders", "timeline": awards.TIMELINE, "categories": [CATEGORY],
            **overrides}


@pytest.mark.parametrize("name", [NUL, SURROGATE, "x" * 201, "   "])
async def test_a_bad_edition_name_is_422_naming_it(awards, name):
    refused(await send(awards, "POST", "/editions", edition_body(awards, name=name)), "name")


async def test_names_in_categories_and_free_text_are_checked(awards):
    category = {**CATEGORY, "name": "ok", "description": "line\nbreak is fine \x07 but a bell is not"}
    refused(await send(awards, "POST", "/editions", edition_body(awards, categories=[category])), "categories.0.description")
    category = {**CATEGORY, "criteria": [{"name": SURROGATE, "weight": 1}]}
    refused(await send(awards, "POST", "/editions", edition_body(awards, categories=[category])), "categories.0.criteria.0.name")


async def test_right_to_left_marks_emoji_and_combining_characters_are_stored_unchanged(awards):
    description = f"{RTL_EMOJI}\nSecond line\twith a tab"
    edition = await awards.edition(name=RTL_EMOJI, organiser=RTL_EMOJI, categories=[{**CATEGORY, "name": RTL_EMOJI, "description": description}])
    stored = (await awards.client.get(f"/editions/{edition['id']}")).json()
    assert (stored["name"], stored["organiser"]) == (RTL_EMOJI, RTL_EMOJI)
    assert (stored["categories"][0]["name"], stored["categories"][0]["description"]) == (RTL_EMOJI, description)


@pytest.mark.parametrize("value", [0, 1700000000, "0", "2021-05-01T00:00:00", "2021-05-01", "1544-05-01T00:00:00Z", "2101-01-01T00:00:00Z"])
async def test_a_schedule_time_is_an_iso_string_with_an_offset_in_a_sane_year(awards, value):
    edition = await awards.edition()
    timeline = {**awards.TIMELINE, "nominations_open_at": value}
    refused(await send(awards, "PUT", f"/editions/{edition['id']}/schedule", {"timeline": timeline}), "timeline.nominations_open_at")
    unchanged = (await awards.client.get(f"/editions/{edition['id']}")).json()["timeline"]
    assert unchanged["nominations_open_at"] == "2021-05-01T00:00:00Z"


async def test_rescheduling_with_iso_times_still_works(awards):
    edition = await awards.edition()
    timeline = {**awards.TIMELINE, "nominations_open_at": "2021-05-02T10:00:00+02:00"}
    moved = await send(awards, "PUT", f"/editions/{edition['id']}/schedule", {"timeline": timeline})
    assert moved.status_code == 200, moved.text
    moved_to = datetime.fromisoformat(moved.json()["timeline"]["nominations_open_at"])
    assert moved_to == datetime(2021, 5, 2, 8, tzinfo=UTC)


@pytest.mark.parametrize(("path", "value"), [
    ("quorum", True), ("quorum", 3.0), ("quorum", "3"), ("categories.0.self_nomination_allowed", "yes"),
    ("categories.0.self_nomination_allowed", 1), ("categories.0.criteria.0.weight", True), ("categories.0.scale.max", 5.0),
])
async def test_integers_and_booleans_are_strict(awards, path, value):
    body = edition_body(awards, categories=[{**CATEGORY, "scale": {"min": 1, "max": 5}}])
    *parents, last = path.split(".")
    target = body
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[last] = value
    refused(await send(awards, "POST", "/editions", body), path)


async def test_nominations_juries_and_ballots_refuse_bad_text(awards):
    edition = await awards.edition()
    nominee, nominator = await awards.organisation("Stad Gent"), await awards.organisation("FIDO", "coordinating")
    awards.clock.now = awards.NOMINATIONS_OPEN
    nomination = {"category_id": edition["categories"][0]["id"], "nominee_id": nominee, "motivation": {"en": NUL}}
    refused(await send(awards, "POST", f"/editions/{edition['id']}/nominations", nomination, awards.member(nominator)), "motivation.en")
    refused(await send(awards, "POST", f"/editions/{edition['id']}/jurors", {"name": SURROGATE, "email": "a@b.org"}), "name")
    refused(await send(awards, "POST", f"/editions/{edition['id']}/jurors", {"name": "Kim", "email": "kim\x00@b.org"}), "email")
    refused(await send(awards, "POST", "/privacy/export", {"email": "kim@b.org", "names": [NUL]}), "names.0")


async def test_ids_in_paths_and_queries_cannot_carry_nul(awards):
    edition = await awards.edition()
    refused(await awards.client.get("/editions/a%00b"), "edition_id")
    refused(await awards.client.get(f"/editions/{edition['id']}/nominations", params={"category_id": NUL}), "category_id")
    assert (await awards.client.get("/editions/")).status_code == 404
