"""Trusted documents: the web site's registered operations, and the site held to them.

``GATEWAY_TRUSTED_DOCUMENTS`` names the manifest the site exports (``python -m web operations manifest``:
a JSON object of SHA-256 -> document). A request that proves it comes from the site
(``X-Pact-Web-Client`` equal to ``GATEWAY_WEB_CLIENT_SECRET``) runs only a document of that manifest, sent
by its hash; anything else from it is refused with ``PERSISTED_QUERY_NOT_TRUSTED``. Such a request may
also name the visitor it asks for (``X-Pact-Visitor``), and the rate limit then counts that visitor, not
the site's one address. Other clients are untouched.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from pathlib import Path

from graphql import GraphQLError
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

CLIENT_HEADER = "x-pact-web-client"
VISITOR_HEADER = "x-pact-visitor"
MAX_VISITOR_LENGTH = 64


def _refusal(message: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": "PERSISTED_QUERY_NOT_TRUSTED"})])


class TrustedDocuments:
    def __init__(self, documents: Mapping[str, str], client_secret: str = ""):
        for digest, document in documents.items():
            if hashlib.sha256(document.encode()).hexdigest() != digest.lower():
                raise ValueError(f"Trusted document {digest[:12]}... does not hash to its key; export the manifest again")
        self.documents = {digest.lower(): document for digest, document in documents.items()}
        self.client_secret = client_secret

    @classmethod
    def from_settings(cls, manifest_path: str, client_secret: str) -> "TrustedDocuments":
        documents = json.loads(Path(manifest_path).read_text()) if manifest_path else {}
        if not isinstance(documents, dict):
            raise ValueError(f"{manifest_path} must hold a JSON object of sha256 -> document")
        return cls(documents, client_secret)

    def from_web_client(self, headers: Mapping[str, str]) -> bool:
        sent = headers.get(CLIENT_HEADER)
        return bool(self.client_secret and sent and hmac.compare_digest(sent.encode(), self.client_secret.encode()))

    def visitor(self, headers: Mapping[str, str]) -> str | None:
        """The visitor the site asks for; only believed from the site itself."""
        visitor = (headers.get(VISITOR_HEADER) or "").strip()
        return visitor[:MAX_VISITOR_LENGTH] if visitor and self.from_web_client(headers) else None

    def resolve(self, headers: Mapping[str, str], request: GraphQLRequestData) -> ExecutionResult | None:
        """For the site: fills the query from its hash, or refuses. For anyone else: the known documents by hash."""
        persisted = (request.extensions or {}).get("persistedQuery")
        digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        digest = digest.lower() if isinstance(digest, str) else None
        if not self.from_web_client(headers):
            if digest in self.documents and not request.query:
                request.query = self.documents[digest]
            return None
        if digest is None or digest not in self.documents:
            return _refusal("This client may only run its registered operations, sent by their sha256Hash.")
        if request.query and request.query != self.documents[digest]:
            return _refusal("The document sent is not the registered one for this sha256Hash.")
        request.query = self.documents[digest]
        return None
