"""The calling juror's own current ballot per nomination: one call to awards for every nomination of a query."""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from gateway.clients.awards import AwardsClient


class OwnBallotByNominationLoader(DataLoader[str, "dict[str, Any] | None"]):
    """``GET /jurors/{juror}/ballots`` once, then each nomination's ballot from it (None where the juror cast none)."""

    def __init__(self, awards: AwardsClient, juror_id: str | None, *, max_batch_size: int | None = None):
        super().__init__(load_fn=self._load, max_batch_size=max_batch_size)
        self._awards = awards
        self._juror_id = juror_id

    async def _load(self, nomination_ids: list[str]) -> list[dict[str, Any] | None]:
        if self._juror_id is None:
            return [None] * len(nomination_ids)
        ballots = {b["nomination_id"]: b for b in await self._awards.own_ballots(self._juror_id)}
        return [ballots.get(i) for i in nomination_ids]
