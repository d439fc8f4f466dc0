"""Nominations: members nominate eligible organisations while nominations are open; the secretariat screens."""


async def test_a_member_nominates_and_the_secretariat_screens_and_shortlists(awards):
    edition = await awards.edition()
    gent = await awards.organisation("Stad Gent", "procuring")
    kul = await awards.organisation("KU Leuven", "procuring")
    nomination = await awards.nominate(edition, nominee=kul, nominator=gent)
    assert nomination["status"] == "submitted" and nomination["nominee_name"] == "KU Leuven"
    assert nomination["motivation"]["nl"] == "Koopt gerefurbishte laptops"

    awards.clock.now = awards.SCREENING
    refused = await awards.client.post(f"/nominations/{nomination['id']}/shortlist", headers=awards.secretariat)
    assert refused.status_code == 409 and refused.json()["code"] == "INVALID_TRANSITION"
    no_reason = await awards.client.post(
        f"/nominations/{nomination['id']}/screening", json={"decision": "ineligible"}, headers=awards.secretariat
    )
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    screened = await awards.client.post(
        f"/nominations/{nomination['id']}/screening",
        json={"decision": "ineligible", "reason": "No procurement yet"},
        headers=awards.secretariat,
    )
    assert screened.json()["status"] == "ineligible" and screened.json()["screening_reason"] == "No procurement yet"

    public = (await awards.client.get(f"/nominations/{nomination['id']}")).json()
    assert public["status"] == "ineligible" and public["screening_reason"] is None  # the reason is for the nominator and secretariat
    nominator = (await awards.client.get(f"/nominations/{nomination['id']}", headers=awards.member(gent))).json()
    assert nominator["screening_reason"] == "No procurement yet"

    await awards.client.post(f"/nominations/{nomination['id']}/screening", json={"decision": "eligible"}, headers=awards.secretariat)
    shortlisted = await awards.client.post(f"/nominations/{nomination['id']}/shortlist", headers=awards.secretariat)
    assert shortlisted.json()["status"] == "shortlisted"
    listed = (await awards.client.get(f"/editions/{edition['id']}/nominations", params={"status": "shortlisted"})).json()["items"]
    assert [n["id"] for n in listed] == [nomination["id"]]


async def test_a_non_member_may_not_nominate(awards):
    edition = await awards.edition()
    outsider = await awards.organisation("Not Yet Signed", member=False)
    kul = await awards.organisation("KU Leuven")
    body = await awards.nominate(edition, nominee=kul, nominator=outsider, expect=403)
    assert body["code"] == "NOT_A_MEMBER"


async def test_eligibility_is_judged_on_the_local_copy_of_membership(awards):
    edition = await awards.edition()
    gent = await awards.organisation("Stad Gent", "procuring")
    supplier = await awards.organisation("Van Hoecke", "supporting")
    assert (await awards.nominate(edition, nominee=supplier, nominator=gent, expect=422))["code"] == "NOT_ELIGIBLE"
    unknown = await awards.nominate(edition, nominee="00000000-0000-4000-8000-000000000000", nominator=gent, expect=422)
    assert unknown["code"] == "NOT_ELIGIBLE"
    # Good practice refuses self-nominations; Frontrunner accepts them.
    assert (await awards.nominate(edition, nominee=gent, nominator=gent, expect=422))["code"] == "NOT_ELIGIBLE"
    await awards.nominate(edition, nominee=gent, nominator=gent, category=1)
    assert (await awards.nominate(edition, nominee=gent, nominator=gent, category=1, expect=409))["code"] == "ALREADY_NOMINATED"
    kul = await awards.organisation("KU Leuven")
    await awards.archive(kul)
    assert (await awards.nominate(edition, nominee=kul, nominator=gent, expect=422))["detail"] == "KU Leuven is archived in the pact's register."


async def test_nominations_are_taken_only_while_open(awards):
    edition = await awards.edition()
    gent, kul = await awards.organisation("Stad Gent"), await awards.organisation("KU Leuven")
    awards.clock.now = awards.SCREENING
    assert (await awards.nominate(edition, nominee=kul, nominator=gent, expect=409))["code"] == "NOMINATIONS_CLOSED"
    response = await awards.client.post(
        f"/editions/{edition['id']}/nominations",
        json={"category_id": edition["categories"][0]["id"], "nominee_id": kul, "motivation": {"es": "hola"}},
        headers=awards.member(gent),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"].startswith("motivation")
