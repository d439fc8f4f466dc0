"""Fault injection under load, at scale: about 5,000 commands through the gateway on embedded defaults
(SQLite) and on PostgreSQL, while processes are SIGKILLed and restarted at random (16 times: each service's
HTTP API, relay and consumers and the gateway at least once) and the broker is cut (3 times); then the
reconciliation of tools/faultlab.py.

    .venv/bin/python bench/faults.py [--skip-postgres] [--registrations 3600] [--ballots 500] [--kills 16]

Prints commands sent and accepted, effects expected and found, lost, doubled, and how long the system
took to converge after the last fault. tests/faults runs the same harness briefly in `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import faultlab  # noqa: E402


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=3600)
    parser.add_argument("--signatures", type=int, default=300)
    parser.add_argument("--ballots", type=int, default=500)
    parser.add_argument("--kills", type=int, default=16)
    parser.add_argument("--cuts", type=int, default=3)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    runs = [("SQLite (embedded defaults)", None)]
    if not args.skip_postgres:
        runs.append(("PostgreSQL", await faultlab.postgres_databases("faults")))
    for label, databases in runs:
        started = time.monotonic()
        try:
            report = await faultlab.run(Path(tempfile.mkdtemp(prefix="faults-")), registrations=args.registrations,
                                        capacity=args.registrations * 3 // 8, cancellations=args.registrations // 10,
                                        signatures=args.signatures, ballots=args.ballots, kills=args.kills, cuts=args.cuts, database_urls=databases)
        finally:
            if databases:
                await faultlab.drop_databases(databases)
        print(f"\n{label}: {time.monotonic() - started:.0f} s")
        for line in report.lines():
            print(f"  {line}")
        print(f"  verdict: {'nothing lost or doubled' if report.ok else 'FAILED'}")


if __name__ == "__main__":
    asyncio.run(main())
