"""A short fault-injection run (bench/faults.py runs about 5,000 commands): registrations, cancellations and
signatures through the gateway while services are SIGKILLed and restarted and the broker is cut; then
nothing accepted is lost, nothing is doubled, the event is never oversold and the DLQs are empty."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import faultlab  # noqa: E402


async def test_kills_and_broker_cuts_under_load_lose_and_double_nothing(tmp_path):
    report = await faultlab.run(tmp_path, registrations=60, capacity=25, cancellations=6, signatures=6, kills=4, cuts=2)

    print("\n".join(report.lines()))
    assert report.kills == 4 and report.broker_cuts == 2
    assert report.commands_accepted >= 60 + 6 + 12
    assert not report.lost, report.lost
    assert not report.doubled, report.doubled
    assert report.oversold == 0 and report.dead_letters == 0
    assert report.found == report.expected == 60 + 6
