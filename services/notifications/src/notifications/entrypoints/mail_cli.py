"""``python -m notifications mailcatcher|mail``: the development mail server and a reader for what it caught."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from notifications.adapters.mailcatcher import describe, list_mail, read_mail, start_mailcatcher

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m notifications", description="Development mail tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    catcher = sub.add_parser("mailcatcher", help="an SMTP server that stores every message as a .eml file")
    catcher.add_argument("--dir", default=".data/mail", type=Path)
    catcher.add_argument("--host", default="127.0.0.1")
    catcher.add_argument("--port", default=8025, type=int)
    mail = sub.add_parser("mail", help="read what the mailcatcher stored")
    mail.add_argument("action", choices=["list", "show"])
    mail.add_argument("which", nargs="?", default="-1", help="file name or number in the list (-1: the newest)")
    mail.add_argument("--dir", default=".data/mail", type=Path)
    args = parser.parse_args(argv)
    if args.command == "mailcatcher":
        return _serve(args.dir, args.host, args.port)
    if args.action == "list":
        for number, m in enumerate(list_mail(args.dir), 1):
            print(f"{number:4}  {m.name}  {m.to}  {m.subject}")
        return 0
    try:
        print(describe(read_mail(args.dir, args.which)))
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _serve(directory: Path, host: str, port: int) -> int:
    controller = start_mailcatcher(directory, host=host, port=port)
    print(f"mailcatcher: SMTP on {host}:{port}, storing messages in {directory}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    controller.stop()
    return 0
