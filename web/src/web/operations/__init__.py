"""The site's GraphQL operations: one ``.graphql`` file each, named after its operation.

These documents are all the site ever sends. The gateway knows them by their SHA-256 (the trusted
documents manifest, ``python -m web operations manifest``) and, in production, refuses anything else
from the site's client.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

FOLDER = Path(__file__).parent

# Every operation by name: a typo in a page is a type error, and a test keeps this list and the files in step.
OperationName = Literal[
    "Home", "Signatories", "OrganisationPage", "Events", "EventPage", "Register", "AwardEditions", "AwardEdition",
    "PublicRegister", "MyRegistration", "CancelMyRegistration", "MyCalendar", "MyJoinLink",
    "MyUnsubscribeLink", "Unsubscribe", "Resubscribe",
]


@dataclass(frozen=True)
class Operation:
    name: str
    document: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.document.encode()).hexdigest()


def load() -> dict[str, Operation]:
    operations = {}
    for path in sorted(FOLDER.glob("*.graphql")):
        document = path.read_text()
        names = re.findall(r"^(?:query|mutation|subscription)\s+(\w+)", document, re.M)
        if names != [path.stem]:
            raise ValueError(f"{path.name} must hold exactly one operation, named {path.stem} (found {names})")
        operations[path.stem] = Operation(path.stem, document)
    return operations


OPERATIONS = load()
missing = set(get_args(OperationName)) ^ set(OPERATIONS)
if missing:
    raise ImportError(f"OperationName and the .graphql files differ: {sorted(missing)}")


def manifest() -> str:
    """The trusted documents the gateway loads (GATEWAY_TRUSTED_DOCUMENTS): {sha256: document}, as JSON."""
    return json.dumps({op.sha256: op.document for op in OPERATIONS.values()}, indent=2, sort_keys=True) + "\n"
