"""A service split into processes: ``relay`` runs none of the service's workers, ``consume`` runs its
consumers and workers without HTTP or relay, and both stop in order on SIGTERM. tests/faults runs every
service split this way and kills the parts one by one under load."""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from servicekit.cli import workers_off
from servicekit.localbroker import LocalBroker


@pytest.mark.parametrize("service, workers", [
    ("membership", set()), ("events", {"run_scheduler"}), ("awards", {"run_scheduler"}), ("notifications", {"run_dispatcher"}),
])
def test_the_workers_a_relay_process_turns_off_are_the_services_background_tasks(service, workers):
    off = workers_off(importlib.import_module(f"{service}.bootstrap").Settings)

    assert set(off) == workers and not any(off.values())


@pytest.fixture(scope="module")
def own_broker(tmp_path_factory):
    # Its own broker: the consumer groups these processes join must not linger on the session's.
    broker = LocalBroker(log_file=tmp_path_factory.mktemp("roles") / "broker.log").start()
    yield broker.bootstrap_servers
    broker.stop()


def _logged_events(log) -> list[str]:
    events = []
    for line in log.read_text().splitlines():
        try:
            events.append(json.loads(line).get("event"))
        except ValueError:
            continue
    return events


@pytest.mark.parametrize("command", ["relay", "consume"])
def test_a_process_without_http_connects_then_stops_in_order_on_sigterm(command, own_broker, tmp_path):
    log = tmp_path / f"{command}.log"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "KAFKA_BOOTSTRAP_SERVERS": own_broker, "KAFKA_SESSION_TIMEOUT_MS": "2000",
           "NOTIFICATIONS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/notifications.db", "LOG_LEVEL": "INFO",
           "NOTIFICATIONS_LINK_SECRET": "roles"}
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "notifications", command], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "kafka.connected" not in _logged_events(log):
            assert process.poll() is None, log.read_text()[-2000:]
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, log.read_text()[-2000:]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in log.read_text()
