"""The events demo loader against the real events service: the seed's programme, and idempotent on a second run."""

import asyncio
import sys
from pathlib import Path

import httpx
from events.bootstrap import Settings, create_app
from servicekit.testing import RunningServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import demo_events  # noqa: E402

CATAPA, BBL = "00000000-0000-4000-8000-00000000ca7a", "00000000-0000-4000-8000-000000000bb1"


async def test_the_demo_events_load_once_with_the_fair_ict_programme(tmp_path, jwt_keys, token):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'events.db'}", kafka_bootstrap_servers="127.0.0.1:1",
                        jwt_public_key=jwt_keys[1], run_scheduler=False)
    async with RunningServer(create_app(settings)) as server:
        names = {"CATAPA vzw": CATAPA, "Bond Beter Leefmilieu": BBL}
        first = await asyncio.to_thread(demo_events.load, server.url, token("secretariat"), names)
        second = await asyncio.to_thread(demo_events.load, server.url, token("secretariat"), names)
        async with httpx.AsyncClient(base_url=server.url) as client:
            listed = (await client.get("/events", params={"first": 50})).json()
            conference = (await client.get(f"/events/{first['events']['fair_ict_flanders_2021']}")).json()
    assert first["created"] == 3 and first["registrations_created"] == 8
    assert second["created"] == 0 and second["registrations_created"] == 0 and second["events"] == first["events"]
    assert listed["total_count"] == 3
    programme = [(s["starts_at_local"][11:16], s["kind"]) for s in conference["sessions"]]
    assert programme[0] == ("13:00", "talk") and programme[-1] == ("16:00", "award_ceremony") and len(programme) == 9
    assert conference["organiser_ids"] == [CATAPA, BBL] and conference["status"] == "completed"
    assert first["award_ceremony"] == {"event_id": conference["id"], "session_id": conference["sessions"][-1]["id"],
                                       "title": "Uitreiking Fair ICT Awards 2021"}
