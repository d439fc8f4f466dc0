"""What the demo loaders made, by demo key, so that a later `make run` finds it again whatever users did to it since.

Names and titles are no way to recognise demo data on a second run: a user may rename an organisation,
an event or an edition, archive an organisation or cancel an event through the API. The loaders record
the service's id of everything they create (or find on a first run) under a key of their own, and on
later runs look it up by that id and leave it as the user left it: nothing renamed back, nothing
archived or cancelled brought back, nothing created twice.

    ledger = Ledger(Path(".data/demo-ids.json"))   # Ledger() keeps it in memory only (tests, benchmarks)
    ledger.put("organisation", "UGent", id)
    ledger.get("organisation", "UGent")  -> id or None
    ledger.note("...")                   what a loader left alone because of a user's change, for the start-up output
"""

from __future__ import annotations

import json
import os
from pathlib import Path


class Ledger:
    def __init__(self, path: Path | None = None):
        self.path = path
        self._ids: dict[str, dict[str, str]] = json.loads(path.read_text()) if path is not None and path.exists() else {}
        self.notes: list[str] = []

    def get(self, kind: str, key: str) -> str | None:
        return self._ids.get(kind, {}).get(key)

    def ids(self, kind: str) -> dict[str, str]:
        return dict(self._ids.get(kind, {}))

    def put(self, kind: str, key: str, value: str) -> None:
        if self._ids.get(kind, {}).get(key) == value:
            return
        self._ids.setdefault(kind, {})[key] = value
        self._save()

    def forget(self, kind: str, key: str) -> None:
        if self._ids.get(kind, {}).pop(key, None) is not None:
            self._save()

    def note(self, text: str) -> None:
        self.notes.append(text)

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(self._ids, indent=1, ensure_ascii=False, sort_keys=True))
        os.replace(partial, self.path)  # a run stopped halfway never leaves half a file
