"""Groups over HTTP on SQLite and PostgreSQL: coordinator, members with join and leave dates, events, who may change them."""

import asyncio

import pytest
from membership.adapters.orm import outbox
from servicekit.testing import bearer
from sqlalchemy import select


@pytest.fixture
async def api(api, token):
    api.staff = bearer(token("secretariat", subject="alice"))
    api.org = {}
    for name, kind in (("FIDO", "coordinating"), ("Stad Gent", "procuring"), ("Vlaamse overheid", "coordinating")):
        response = await api.post("/organisations", json={"name": name, "kind": kind, "country": "BE"}, headers=api.staff)
        api.org[name] = response.json()["id"]
    created = await api.post("/groups", json={"name": "Belgian buyer group", "kind": "buyer_group", "country": "BE", "founded_on": "2021-06-14",
                                              "coordinator_organisation_id": api.org["FIDO"], "description": "75+ public buyers."},
                             headers=api.staff)
    assert created.status_code == 201, created.text
    api.group = created.json()["id"]
    return api


async def group_events(api):
    async with api.runtime.engine.connect() as conn:
        rows = await conn.execute(select(outbox.c.type, outbox.c.key).where(outbox.c.topic == "membership.group").order_by(outbox.c.seq))
        return [tuple(r) for r in rows]


async def add(api, headers=None, **body):
    return await api.post(f"/groups/{api.group}/members", json={"joined_on": "2022-01-10", **body}, headers=headers or api.staff)


async def test_members_join_and_leave_with_dates_and_each_change_emits_its_event(api):
    gent = (await add(api, organisation_id=api.org["Stad Gent"])).json()
    person = await add(api, person_name="An Expert", person_organisation_id=api.org["Vlaamse overheid"])
    assert person.status_code == 201 and person.json()["is_person"] is True
    left = await api.post(f"/groups/{api.group}/members/{gent['id']}/remove", json={"left_on": "2023-03-01"}, headers=api.staff)
    assert left.status_code == 200 and left.json()["left_on"] == "2023-03-01"

    group = (await api.get(f"/groups/{api.group}", headers=api.staff)).json()
    assert group["member_count"] == 1 and [m["person_name"] for m in group["members"]] == ["An Expert"]
    history = (await api.get(f"/groups/{api.group}", params={"include_former": "true"}, headers=api.staff)).json()
    assert [m["left_on"] for m in history["members"]] == ["2023-03-01", None]
    assert await group_events(api) == [("membership.group.created.v1", api.group), ("membership.group.member_added.v1", api.group),
                                       ("membership.group.member_added.v1", api.group), ("membership.group.member_removed.v1", api.group)]
    again = await api.post(f"/groups/{api.group}/members/{gent['id']}/remove", json={"left_on": "2023-03-02"}, headers=api.staff)
    assert again.status_code == 409
    rejoined = await add(api, organisation_id=api.org["Stad Gent"], joined_on="2024-01-01")  # may join again after leaving
    assert rejoined.status_code == 201


async def test_the_public_sees_groups_but_not_persons_names(api):
    await add(api, person_name="An Expert")
    public = (await api.get("/groups")).json()["items"]
    assert [g["name"] for g in public] == ["Belgian buyer group"] and public[0]["members"][0]["person_name"] is None
    assert (await api.get("/groups", params={"kind": "working_group"})).json()["items"] == []
    assert [g["id"] for g in (await api.get("/groups", params={"organisation_id": api.org["FIDO"]})).json()["items"]] == [api.group]


async def test_an_organisation_is_a_current_member_once_even_under_concurrent_additions(api):
    responses = await asyncio.gather(*(add(api, organisation_id=api.org["Stad Gent"]) for _ in range(2)))
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert [r.json()["code"] for r in responses if r.status_code == 409] == ["CONFLICT"]
    assert len(await group_events(api)) == 2


@pytest.mark.parametrize(("body", "field"), [({"joined_on": "2020-01-01", "organisation_id": None, "person_name": "X"}, "joined_on"),
                                             ({"organisation_id": None}, "organisation_id"),
                                             ({"joined_on": "2999-01-01", "person_name": "X"}, "joined_on")])
async def test_bad_memberships_are_422_naming_the_field(api, body, field):
    response = await add(api, **body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field


async def test_only_staff_create_and_only_the_coordinator_or_staff_change_members(api, token):
    body = {"name": "Dutch buyer group", "kind": "buyer_group", "coordinator_organisation_id": api.org["FIDO"]}
    assert (await api.post("/groups", json=body, headers=bearer(token("member", org=api.org["FIDO"])))).status_code == 403
    duplicate = await api.post("/groups", json={**body, "name": "BELGIAN BUYER GROUP"}, headers=api.staff)
    assert duplicate.status_code == 409
    unknown = await api.post("/groups", json={**body, "coordinator_organisation_id": "nope"}, headers=api.staff)
    assert unknown.status_code == 404
    coordinator = await add(api, bearer(token("member", org=api.org["FIDO"])), organisation_id=api.org["Stad Gent"])
    assert coordinator.status_code == 201
    outsider = await add(api, bearer(token("member", org=api.org["Stad Gent"])), person_name="Somebody")
    assert outsider.status_code == 403 and outsider.json()["code"] == "FORBIDDEN"
    assert (await api.get("/groups/nope")).status_code == 404
    assert (await api.post("/groups/nope/members", json={"joined_on": "2022-01-01", "person_name": "X"}, headers=api.staff)).status_code == 404
