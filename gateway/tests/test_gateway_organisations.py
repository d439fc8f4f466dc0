"""Reading organisations through the gateway: connections, paging, filters, lookups by id."""

from __future__ import annotations

import uuid

import pytest
from gateway.node import local_id

LIST = """
query List($first: Int, $after: String, $last: Int, $before: String, $kind: OrganisationKind, $country: String, $search: String) {
  organisations(first: $first, after: $after, last: $last, before: $before, kind: $kind, country: $country, search: $search) {
    totalCount
    edges { cursor node { id name kind country } }
    nodes { name }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

ONE = """
query One($id: ID!) {
  organisation(id: $id) { id name kind country website languages registeredAt }
}
"""


@pytest.fixture(scope="module")
def tag() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
async def five(register, tag) -> list[dict]:
    """Five organisations whose names share ``tag``, registered out of name order."""
    names = [f"Pager {tag} {letter}" for letter in "DBEAC"]
    created = [await register(name) for name in names]
    return sorted(created, key=lambda org: org["name"])


async def test_pages_through_the_connection_with_end_cursors(graphql, five, tag):
    names, after, pages = [], None, []
    while True:
        body = await graphql(LIST, {"first": 2, "after": after, "search": f"pager {tag}"})
        connection = body["data"]["organisations"]
        pages.append(connection)
        names += [edge["node"]["name"] for edge in connection["edges"]]
        assert [n["name"] for n in connection["nodes"]] == [e["node"]["name"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]

    assert names == [org["name"] for org in five]
    assert [len(p["edges"]) for p in pages] == [2, 2, 1]
    assert {p["totalCount"] for p in pages} == {5}
    assert [p["pageInfo"]["hasPreviousPage"] for p in pages] == [False, True, True]
    for page in pages:
        info = page["pageInfo"]
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]


async def test_resumes_after_any_edge_not_only_the_last(graphql, five, tag):
    first_page = (await graphql(LIST, {"first": 4, "search": f"pager {tag}"}))["data"]["organisations"]
    second_edge = first_page["edges"][1]["cursor"]

    body = await graphql(LIST, {"first": 2, "after": second_edge, "search": f"pager {tag}"})

    connection = body["data"]["organisations"]
    assert [e["node"]["name"] for e in connection["edges"]] == [five[2]["name"], five[3]["name"]]
    assert connection["pageInfo"]["hasNextPage"] is True
    # And from the last edge of that page onwards, the list ends with the fifth.
    rest = await graphql(LIST, {"first": 2, "after": connection["pageInfo"]["endCursor"], "search": f"pager {tag}"})
    assert [e["node"]["name"] for e in rest["data"]["organisations"]["edges"]] == [five[4]["name"]]


async def test_filters_by_kind_and_country(graphql, register, tag):
    await register(f"Filter {tag} procuring be", kind="PROCURING", country="BE")
    await register(f"Filter {tag} supporting nl", kind="SUPPORTING", country="NL")
    await register(f"Filter {tag} supporting be", kind="SUPPORTING", country="BE")

    body = await graphql(LIST, {"kind": "SUPPORTING", "country": "BE", "search": f"filter {tag}"})

    connection = body["data"]["organisations"]
    assert [e["node"]["name"] for e in connection["edges"]] == [f"Filter {tag} supporting be"]
    assert connection["edges"][0]["node"]["kind"] == "SUPPORTING"
    assert connection["totalCount"] == 1


async def test_an_empty_page_has_no_cursors(graphql):
    body = await graphql(LIST, {"search": f"nothing-{uuid.uuid4().hex}"})

    assert body["data"]["organisations"] == {
        "totalCount": 0,
        "edges": [],
        "nodes": [],
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None},
    }


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"after": "not-a-cursor"}, "after"),
        ({"after": "W251bGwsNTAwMF0"}, "after"),
        ({"first": 0}, "first"),
        ({"first": 201}, "first"),
        ({"last": 0}, "last"),
        ({"first": 2, "last": 2}, "last"),
        ({"last": 2, "before": "not-a-cursor"}, "before"),
        ({"last": 2, "before": "WyJ4IiwxXQ"}, "before"),  # ["x",1]: a cursor from before positions were kept
        ({"country": "BEL"}, "country"),
    ],
)
async def test_bad_paging_arguments_are_bad_user_input(graphql, variables, field):
    body = await graphql(LIST, variables)

    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert field in [f["field"] for f in error["extensions"]["fields"]]
    assert body["data"] is None


async def test_pages_backwards_with_last_and_before(graphql, five, tag):
    names = [org["name"] for org in five]
    search = f"pager {tag}"
    tail = (await graphql(LIST, {"last": 2, "search": search}))["data"]["organisations"]
    assert [e["node"]["name"] for e in tail["edges"]] == names[3:]
    assert (tail["pageInfo"]["hasPreviousPage"], tail["pageInfo"]["hasNextPage"], tail["totalCount"]) == (True, False, 5)

    before = (await graphql(LIST, {"last": 2, "before": tail["pageInfo"]["startCursor"], "search": search}))["data"]["organisations"]
    assert [e["node"]["name"] for e in before["edges"]] == names[1:3]
    start = (await graphql(LIST, {"last": 2, "before": before["pageInfo"]["startCursor"], "search": search}))["data"]["organisations"]
    assert [e["node"]["name"] for e in start["edges"]] == names[:1]
    assert (start["pageInfo"]["hasPreviousPage"], start["pageInfo"]["hasNextPage"]) == (False, True)

    # Cursors of either direction work in the other: forwards from a backward page, backwards from a forward one.
    onwards = (await graphql(LIST, {"first": 2, "after": before["pageInfo"]["endCursor"], "search": search}))["data"]["organisations"]
    assert [e["node"]["name"] for e in onwards["edges"]] == names[3:]
    forward = (await graphql(LIST, {"first": 4, "search": search}))["data"]["organisations"]
    back = (await graphql(LIST, {"last": 5, "before": forward["edges"][3]["cursor"], "search": search}))["data"]["organisations"]
    assert [e["node"]["name"] for e in back["edges"]] == names[:3]


async def test_finds_one_organisation_by_id(graphql, register, tag):
    created = await register(f"Lookup {tag}", kind="COORDINATING", website="https://www.fido.be", languages=["NL", "FR"])

    body = await graphql(ONE, {"id": created["id"]})

    assert body == {"data": {"organisation": created}}
    assert created["languages"] == ["NL", "FR"] and created["kind"] == "COORDINATING"
    assert created["registeredAt"].endswith(("Z", "+00:00"))


async def test_an_unknown_id_is_not_found(graphql):
    body = await graphql(ONE, {"id": "no-such-organisation"})

    assert body["data"] == {"organisation": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["path"] == ["organisation"]


async def test_lookups_in_one_query_make_one_upstream_call(graphql, membership, register, tag):
    a = await register(f"Batch {tag} a")
    b = await register(f"Batch {tag} b")
    query = """
    query Three($a: ID!, $b: ID!, $c: ID!) {
      a: organisation(id: $a) { name }
      b: organisation(id: $b) { name }
      c: organisation(id: $c) { name }
      again: organisation(id: $a) { id }
    }
    """
    before = len(membership.organisation_calls())

    body = await graphql(query, {"a": a["id"], "b": b["id"], "c": "missing"})

    calls = membership.organisation_calls()[before:]
    assert len(calls) == 1, calls
    assert sorted(v for k, v in calls[0].params if k == "ids") == sorted([local_id(a["id"]), local_id(b["id"]), "missing"])
    assert body["data"] == {"a": {"name": a["name"]}, "b": {"name": b["name"]}, "c": None, "again": {"id": a["id"]}}
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [(["c"], "NOT_FOUND")]
