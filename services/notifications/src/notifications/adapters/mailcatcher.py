"""A development SMTP server (aiosmtpd) that keeps every message it receives as a .eml file, and a reader for them."""

from __future__ import annotations

import email
import email.policy
import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller


class MaildirHandler:
    """aiosmtpd handler: each message is written to ``<dir>/<time>-<n>.eml`` (temp file, then rename)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope) -> str:
        name = f"{time.time_ns()}-{next(self._counter):06d}.eml"
        temporary = self.directory / f".{name}.tmp"
        temporary.write_bytes(envelope.original_content or envelope.content)
        os.replace(temporary, self.directory / name)
        return "250 Message accepted for delivery"


def start_mailcatcher(directory: Path, *, host: str = "127.0.0.1", port: int = 8025) -> Controller:
    controller = Controller(MaildirHandler(directory), hostname=host, port=port)
    controller.start()
    return controller


@dataclass(frozen=True)
class StoredMail:
    name: str
    sender: str
    to: str
    subject: str
    date: str
    message_id: str


def _parse(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def list_mail(directory: Path) -> list[StoredMail]:
    found = []
    for path in sorted(Path(directory).glob("*.eml")):
        m = _parse(path)
        # Long headers are folded on the wire; unfolded they would start with the fold's whitespace.
        header = lambda name: " ".join(str(m[name] or "").split())  # noqa: E731
        found.append(StoredMail(path.name, header("From"), header("To"), header("Subject"), header("Date"), header("Message-ID")))
    return found


def read_mail(directory: Path, name: str) -> email.message.EmailMessage:
    """By file name, or by 1-based position in the listing (``-1`` is the newest)."""
    paths = sorted(Path(directory).glob("*.eml"))
    if name.lstrip("-").isdigit():
        index = int(name)
        if not paths or index == 0 or abs(index) > len(paths):
            raise FileNotFoundError(f"no message number {name} ({len(paths)} stored)")
        return _parse(paths[index - 1 if index > 0 else index])
    path = Path(directory) / Path(name).name
    if not path.is_file():
        raise FileNotFoundError(f"no message {name!r}")
    return _parse(path)


def describe(message: email.message.EmailMessage) -> str:
    """Headers, the plain text part and the names of the attachments, for a terminal."""
    lines = [f"{key}: {value}" for key, value in message.items()]
    body = message.get_body(preferencelist=("plain",))
    lines += ["", body.get_content() if body else "(no plain text part)"]
    for part in message.iter_attachments():
        lines.append(f"[attachment {part.get_filename()} {part.get_content_type()}]")
    return "\n".join(lines)
