"""Start a part of the platform as a child process, wait until it answers, and stop a set of them.

For the tools, benchmarks and tests that run the platform as real processes (tools/faultlab.py,
bench/soak.py, tests/fuzz). A process that dies while we wait is reported at once, with the end of
its log, instead of after the whole timeout.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import httpx


class ProcessFailed(RuntimeError):
    """The process exited, or did not answer in time; the message ends with the tail of its log."""


def start_module(module: str, *args: str, env: dict[str, str], log: Path, cwd: Path | None = None) -> subprocess.Popen:
    """``python -m module args...`` with stdout and stderr appended to ``log``."""
    with log.open("ab") as out:  # the child keeps its own descriptor; ours is closed at once
        return subprocess.Popen([sys.executable, "-m", module, *args], env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)


def wait_until_answers(url: str, process: subprocess.Popen, *, log: Path | None = None, path: str = "/health/live",
                       timeout: float = 90.0) -> None:
    """Until ``GET url+path`` answers 200. /health/live answers once the HTTP server is up;
    /health/ready also waits for the database (and what else the service needs)."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2) as client:
        while time.monotonic() < deadline:
            _raise_if_exited(process, log)
            try:
                if client.get(f"{url}{path}").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    raise ProcessFailed(f"{_name(process)} did not answer 200 on {url}{path} within {timeout:.0f} s{_tail(log)}")


def wait_until_listening(port: int, process: subprocess.Popen, *, log: Path | None = None, timeout: float = 30.0) -> None:
    """Until something accepts TCP connections on 127.0.0.1:port (for servers that do not speak HTTP, such as SMTP)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _raise_if_exited(process, log)
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise ProcessFailed(f"{_name(process)} did not listen on 127.0.0.1:{port} within {timeout:.0f} s{_tail(log)}")


def stop_processes(processes: Iterable[subprocess.Popen], timeout: float = 15.0) -> None:
    """SIGTERM to all first (they shut down in parallel), then wait for each; SIGKILL what is still there after ``timeout``."""
    processes = [p for p in processes if p.poll() is None]
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _raise_if_exited(process: subprocess.Popen, log: Path | None) -> None:
    if process.poll() is not None:
        raise ProcessFailed(f"{_name(process)} exited with {process.returncode}{_tail(log)}")


def _name(process: subprocess.Popen) -> str:
    args = process.args if isinstance(process.args, list) else [process.args]
    return " ".join(str(a) for a in args[1:4] if a != "-m") or str(args[0])


def _tail(log: Path | None, size: int = 2000) -> str:
    if log is None or not log.exists():
        return ""
    return f"; the end of {log}:\n{log.read_bytes()[-size:].decode(errors='replace')}"
