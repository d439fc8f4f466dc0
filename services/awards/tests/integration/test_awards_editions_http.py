"""Editions: the secretariat creates them with their rules; everyone reads them."""

TIMELINE = {
    "nominations_open_at": "2021-05-01T00:00:00Z",
    "nominations_close_at": "2021-06-30T22:00:00Z",
    "voting_opens_at": "2021-09-01T00:00:00Z",
    "voting_closes_at": "2021-10-01T00:00:00Z",
}


async def test_an_edition_carries_its_timeline_categories_criteria_and_ceremony(awards):
    ceremony = await awards.ceremony()
    edition = await awards.edition(name="Fair ICT Awards 2021", ceremony=ceremony)
    assert edition["phase"] == "nominations_open"
    assert [c["name"] for c in edition["categories"]] == ["Good practice", "Frontrunner"]
    assert [(k["name"], k["weight"]) for k in edition["categories"][0]["criteria"]] == [("Impact", 3), ("Replicability", 1)]
    assert edition["ceremony"]["known"] is True and edition["ceremony"]["starts_at"] == "2021-10-14T14:00:00Z"
    assert edition["tie_break"].startswith("quorum>score")

    listed = (await awards.client.get("/editions")).json()["items"]
    assert edition["id"] in [e["id"] for e in listed]
    again = await awards.client.post(
        "/editions",
        json={
            "name": "Fair ICT Awards 2021",
            "organiser": "x",
            "timeline": TIMELINE,
            "categories": [{"name": "a", "eligible_kinds": ["procuring"], "criteria": [{"name": "c", "weight": 1}]}],
        },
        headers=awards.secretariat,
    )
    assert again.status_code == 409 and again.json()["code"] == "EDITION_EXISTS"


async def test_bad_editions_are_refused_with_the_field_at_fault(awards):
    backwards = {**TIMELINE, "voting_opens_at": "2021-06-01T00:00:00Z"}
    body = {
        "name": "Broken",
        "organiser": "x",
        "timeline": backwards,
        "categories": [{"name": "a", "eligible_kinds": ["procuring"], "criteria": [{"name": "c", "weight": 1}]}],
    }
    response = await awards.client.post("/editions", json=body, headers=awards.secretariat)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "timeline"

    body["timeline"] = TIMELINE
    body["categories"][0]["scale"] = {"min": 5, "max": 5}
    response = await awards.client.post("/editions", json=body, headers=awards.secretariat)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "categories.scale"

    body["categories"][0]["eligible_kinds"] = ["banks"]
    response = await awards.client.post("/editions", json=body, headers=awards.secretariat)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "categories.0.eligible_kinds.0"


async def test_only_the_secretariat_creates_editions(awards):
    org = await awards.organisation("Stad Gent")
    body = {"name": "x", "organiser": "x", "timeline": TIMELINE, "categories": []}
    assert (await awards.client.post("/editions", json=body)).status_code == 401
    response = await awards.client.post("/editions", json=body, headers=awards.member(org))
    assert response.status_code == 403
    assert (await awards.client.get("/editions/nope")).status_code == 404
