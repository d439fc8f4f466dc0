"""A short fault-injection run (bench/faults.py runs about 5,000 commands): registrations, cancellations,
signatures and ballots through the gateway while processes (services' HTTP APIs, relays and consumers, the
gateway) are SIGKILLed and restarted and the broker is cut; then nothing accepted is lost, nothing is doubled,
the event is never oversold, every consumer has caught up and the DLQs are empty."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import faultlab  # noqa: E402


async def test_kills_and_broker_cuts_under_load_lose_and_double_nothing(tmp_path):
    report = await faultlab.run(tmp_path, registrations=60, capacity=25, cancellations=6, signatures=6, ballots=30, kills=6, cuts=2)

    print("\n".join(report.lines()))
    assert report.kills == 6 and report.broker_cuts == 2
    assert len(report.killed) == 6  # six different processes, of every kind: HTTP APIs, relays, consumers, the gateway
    assert {"gateway" if name == "gateway" else name.partition("-")[2] or "api" for name in report.killed} == {"api", "relay", "consumers", "gateway"}
    assert report.commands_accepted >= 60 + 6 + 12 + 30
    assert not report.lost, report.lost
    assert not report.doubled, report.doubled
    assert report.oversold == 0 and report.consumer_lag == 0 and report.dead_letters == 0
    expected = {kind.partition(":")[0]: n for kind, n in report.effects.items()}
    assert expected["registrations"][0] == 60 and expected["signatures"][0] >= 6  # and the awards members' own signatures
    assert 10 <= expected["ballots"][0] <= 30  # one per juror and nomination voted on, each counted once
    assert all(found == wanted for wanted, found in report.effects.values()) and report.found == report.expected
