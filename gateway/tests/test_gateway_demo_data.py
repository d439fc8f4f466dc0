"""The demo loader (tools/demo_data.py) against the real gateway and membership: complete, and idempotent on a second run."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import demo_data  # noqa: E402

SUPPORTERS = {"TCO Development", "Global Electronics Council", "Electronics Watch"}


async def test_the_demo_data_loads_completely_and_twice_changes_nothing(gateway, membership, graphql, token):
    secretariat, recorder, verifier = token("secretariat", subject="demo-loader"), token("secretariat", subject="r"), token("secretariat", subject="v")
    created, existing = await asyncio.to_thread(demo_data.load, gateway, secretariat)
    signed = await asyncio.to_thread(demo_data.load_signatures, membership.url, recorder, verifier)
    assert (created, existing, signed) == (len(demo_data.ORGANISATIONS), 0, len(demo_data.SIGNATURES))
    assert await asyncio.to_thread(demo_data.load, gateway, secretariat) == (0, len(demo_data.ORGANISATIONS))
    assert await asyncio.to_thread(demo_data.load_signatures, membership.url, recorder, verifier) == 0

    letters = await graphql("{ supportLetters(first: 200, status: VERIFIED) { nodes { organisation { name subkind } } } }")
    assert {n["organisation"]["name"] for n in letters["data"]["supportLetters"]["nodes"]} >= SUPPORTERS
    groups = (await graphql("{ groups { name kind memberCount coordinator { name } } }"))["data"]["groups"]
    by_name = {g["name"]: g for g in groups}
    assert by_name["Belgian buyer group"]["coordinator"]["name"] == demo_data.FIDO and by_name["Belgian steering group"]["memberCount"] == 4
    assert by_name["European working group on ethical ICT"]["kind"] == "WORKING_GROUP"
    fido = await graphql("query($s: String) { organisations(search: $s) { nodes { subkind names { language name } contacts { email } } } }",
                         {"s": "FIDO"})
    [node] = fido["data"]["organisations"]["nodes"]
    assert node["subkind"] == "NATIONAL" and {"language": "FR", "name": "Institut Fédéral pour le Développement Durable (IFDD)"} in node["names"]
    assert node["contacts"] is None  # the public never sees them
