"""Two simultaneous first ballots of one juror on one nomination make one ballot with two versions (SQLite and PostgreSQL)."""

import asyncio

from sqlalchemy import func, select

from awards.adapters.orm import ballot_versions, ballots


async def test_simultaneous_first_ballots_leave_exactly_one_current_ballot(awards):
    edition = await awards.edition()
    gent = await awards.organisation("Stad Gent")
    nominations = [await awards.shortlisted(edition, nominee=await awards.organisation(f"Nominee {i}"), nominator=gent) for i in range(3)]
    jurors = [await awards.juror(edition, f"Juror {i}") for i in range(2)]
    awards.clock.now = awards.VOTING

    for nomination in nominations:
        for _, headers in jurors:
            receipts = await asyncio.gather(awards.ballot(nomination, headers, [4, 3]), awards.ballot(nomination, headers, [2, 5]))
            assert sorted(r["version"] for r in receipts) == [1, 2]

    async with awards.runtime.uow() as uow:
        per_pair = (
            await uow.session.execute(
                select(ballots.c.juror_id, ballots.c.nomination_id, func.count()).group_by(ballots.c.juror_id, ballots.c.nomination_id)
            )
        ).all()
        versions = await uow.session.scalar(select(func.count()).select_from(ballot_versions))
    assert len(per_pair) == len(nominations) * len(jurors) and all(count == 1 for *_, count in per_pair)
    assert versions == 2 * len(per_pair)
    for nomination in nominations:
        own = (await awards.client.get(f"/nominations/{nomination['id']}/ballot", headers=jurors[0][1])).json()
        assert own["current"]["version"] == 2 and [v["version"] for v in own["history"]] == [1, 2]
