"""bench/soak.py briefly (12 seconds instead of ten minutes) as the operator runs it: it completes, samples
every process of the platform and gets its commands accepted. And its verdicts on made-up samples: a process
that grows or leaks is named, a steady one is not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import soak  # noqa: E402

PROCESSES = {"membership", "events", "awards", "notifications", "gateway", "broker", "mailcatcher"}
COMMANDS = {"register", "cancelRegistration", "registerOrganisation", "recordSignature", "verifySignature", "castBallot"}


def test_a_short_soak_samples_every_process_and_gets_its_commands_accepted():
    run = subprocess.run([sys.executable, "bench/soak.py", "--minutes", "0.2", "--warmup-minutes", "0.05", "--sample-seconds", "5",
                          "--bucket-seconds", "5", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=180)

    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout)
    assert set(result["pids"]) == PROCESSES
    labels = [s["label"] for s in result["samples"]]
    assert "warmup_end" in labels and labels[-1] == "end"
    for sample in result["samples"]:
        for name in PROCESSES:
            figures = sample["processes"][name]
            assert figures is not None, f"{name} had exited at {sample['t']} s"
            assert figures["rss_kb"] > 1000 and figures["fds"] > 0
    assert all(result["samples"][-1]["processes"][name]["tcp"] > 0 for name in PROCESSES - {"mailcatcher"})  # each talks to another
    commands = result["summary"]["commands"]
    assert commands["sent"] >= 100  # 0.2 min at 10/s, open loop: 120
    assert commands["accepted"] >= 0.9 * commands["sent"], commands["failures"]
    assert COMMANDS <= set(commands["by_kind"]), commands["by_kind"]
    assert not commands["unexpected"]
    assert {p["growth_pct"] is not None for p in result["summary"]["processes"].values()} == {True}
    assert len(result["summary"]["verdicts"]) == 6


def samples(rss_end: dict[str, int], tcp_per_minute: dict[str, float], tcp_step: dict[str, int] | None = None) -> list[dict]:
    """Samples every 30 s over 4 minutes (warm-up 1 minute) of two processes; ``tcp_step``: connections opened
    once at 2 minutes (and kept)."""
    made = []
    for i in range(9):
        t = i * 30.0
        label = "warmup_end" if t == 60 else "end" if t == 240 else None
        processes = {}
        for name in rss_end:
            rss = 100_000 if t <= 60 else 100_000 + (rss_end[name] - 100_000) * (t - 60) / 180
            tcp = 5 + int(tcp_per_minute[name] * t / 60) + ((tcp_step or {}).get(name, 0) if t >= 120 else 0)
            processes[name] = {"rss_kb": rss, "fds": 15 + tcp, "tcp": tcp, "tcp_close_wait": 0, "cpu_s": t / 10}
        made.append({"t": t, "label": label, "processes": processes, "backlog": 3})
    return made


def recorder(p50_first: float, p50_last: float) -> soak.Recorder:
    """Commands at 2/s over 4 minutes with a p50 moving linearly from p50_first to p50_last (seconds)."""
    made = soak.Recorder(started=0.0)
    for i in range(480):
        at = i / 2
        latency = p50_first + (p50_last - p50_first) * at / 240
        made.commands.append(soak.Command(at, "register", latency, None))
        made.lateness.append(0.001)
    return made


CONFIG = {"minutes": 4, "warmup_minutes": 1, "bucket_seconds": 60, "rate": 2}


def verdicts(summary: dict) -> dict[str, dict]:
    return {v["target"].split(":")[0]: v for v in summary["verdicts"]}


def test_a_steady_platform_meets_every_target():
    # the broker's clients each open one more connection once (aiokafka's first metadata refresh): a step, not a leak
    summary = soak.analyse(CONFIG, recorder(0.040, 0.041), samples({"events": 104_000, "gateway": 101_000}, {"events": 0, "gateway": 0},
                                                                   tcp_step={"events": 6}))

    assert all(v["ok"] for v in summary["verdicts"]), summary["verdicts"]
    assert summary["processes"]["events"]["growth_pct"] == 4.0
    assert summary["latency"]["ratio_last_first_p50"] < 1.1


def test_memory_growth_rising_latency_and_leaked_connections_are_named():
    summary = soak.analyse(CONFIG, recorder(0.040, 0.080), samples({"events": 115_000, "gateway": 101_000}, {"events": 0, "gateway": 3}))

    found = verdicts(summary)
    assert not found["memory"]["ok"] and "events +15.0%" in found["memory"]["detail"] and "gateway" not in found["memory"]["detail"]
    assert not found["latency"]["ok"] and summary["latency"]["slope_ms_per_minute"] > 5
    assert not found["connections"]["ok"] and "gateway tcp" in found["connections"]["detail"]
    assert "events" not in found["connections"]["detail"]
    assert found["commands"]["ok"] and found["schedule"]["ok"]
