"""Awards' HTTP API, as the gateway calls it."""

from __future__ import annotations

from typing import Any

from gateway.clients.base import UpstreamClient, path_id




class AwardsClient(UpstreamClient):
    SERVICE = "awards"

    async def list_editions(self) -> list[dict[str, Any]]:
        return (await self._call("GET", "/editions"))["items"]

    async def get_edition(self, edition_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/editions/{path_id(edition_id)}")

    async def list_nominations(self, edition_id: str, *, status: str | None = None, category_id: str | None = None) -> list[dict[str, Any]]:
        params = {k: v for k, v in (("status", status), ("category_id", category_id)) if v is not None}
        return (await self._call("GET", f"/editions/{path_id(edition_id)}/nominations", params=params))["items"]

    async def get_nomination(self, nomination_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/nominations/{path_id(nomination_id)}")

    async def nominate(self, edition_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", f"/editions/{path_id(edition_id)}/nominations", json=body)

    async def screen(self, nomination_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", f"/nominations/{path_id(nomination_id)}/screening", json=body)

    async def shortlist(self, nomination_id: str) -> dict[str, Any]:
        return await self._call("POST", f"/nominations/{path_id(nomination_id)}/shortlist")

    async def list_jurors(self, edition_id: str) -> list[dict[str, Any]]:
        return (await self._call("GET", f"/editions/{path_id(edition_id)}/jurors"))["items"]

    async def list_conflicts(self, edition_id: str) -> list[dict[str, Any]]:
        return (await self._call("GET", f"/editions/{path_id(edition_id)}/conflicts"))["items"]

    async def invite_juror(self, edition_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", f"/editions/{path_id(edition_id)}/jurors", json=body)

    async def accept_invitation(self, juror_id: str) -> dict[str, Any]:
        return await self._call("POST", f"/jurors/{path_id(juror_id)}/acceptance")

    async def remove_juror(self, juror_id: str, reason: str) -> dict[str, Any]:
        return await self._call("POST", f"/jurors/{path_id(juror_id)}/removal", json={"reason": reason})

    async def declare_conflict(self, juror_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", f"/jurors/{path_id(juror_id)}/conflicts", json=body)

    async def cast_ballot(self, nomination_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("PUT", f"/nominations/{path_id(nomination_id)}/ballot", json=body)

    async def own_ballot(self, nomination_id: str) -> dict[str, Any]:
        """The caller's own ballot (the service reads the juror from the forwarded token)."""
        return await self._call("GET", f"/nominations/{path_id(nomination_id)}/ballot")

    async def own_ballots(self, juror_id: str) -> list[dict[str, Any]]:
        return (await self._call("GET", f"/jurors/{path_id(juror_id)}/ballots"))["items"]

    async def close_voting(self, edition_id: str) -> dict[str, Any]:
        return await self._call("POST", f"/editions/{path_id(edition_id)}/voting/close")

    async def commitment(self, edition_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/editions/{path_id(edition_id)}/commitment")

    async def publish_results(self, edition_id: str) -> dict[str, Any]:
        return await self._call("POST", f"/editions/{path_id(edition_id)}/results/publish")

    async def results(self, edition_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/editions/{path_id(edition_id)}/results")
