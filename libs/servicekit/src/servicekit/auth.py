"""Bearer tokens (JWT, PyJWT): who is calling, checked by every service and by the gateway.

Roles: public (no token), member (bound to an organisation id), secretariat
(also ministries: they record and verify signatures), juror (bound to a juror
id) and operator. Issuer, audience, expiry and algorithm are always checked, and
the binding claims (``org``, ``juror``) must be ids as the services write them.
"""

from __future__ import annotations

import base64
import binascii
import time
import uuid
from dataclasses import dataclass
from enum import Enum

import jwt


class Role(str, Enum):
    PUBLIC = "public"
    MEMBER = "member"
    SECRETARIAT = "secretariat"
    JUROR = "juror"
    OPERATOR = "operator"


@dataclass(frozen=True)
class Principal:
    subject: str
    role: Role
    organisation_id: str | None = None
    juror_id: str | None = None
    token: str | None = None  # forwarded by the gateway; never logged

    @property
    def is_public(self) -> bool:
        return self.role is Role.PUBLIC


ANONYMOUS = Principal(subject="anonymous", role=Role.PUBLIC)


class InvalidToken(Exception):
    """The token is malformed, expired, for someone else, or lacks its bindings."""


class TokenVerifier:
    def __init__(self, public_key: str, *, issuer: str, audience: str, algorithms: list[str]):
        if "none" in (a.lower() for a in algorithms):
            raise ValueError("the 'none' algorithm is never accepted")
        self._key = public_key
        self._issuer = issuer
        self._audience = audience
        self._algorithms = algorithms

    def verify(self, token: str) -> Principal:
        if not self._key:
            raise InvalidToken("this service has no token key configured")
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=self._algorithms,
                issuer=self._issuer,
                audience=self._audience,
                options={"require": ["exp", "iss", "aud", "sub", "role"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from None
        try:
            role = Role(claims["role"])
        except ValueError:
            raise InvalidToken(f"unknown role {claims['role']!r}") from None
        if role is Role.MEMBER and not claims.get("org"):
            raise InvalidToken("a member token must name its organisation ('org')")
        if role is Role.JUROR and not claims.get("juror"):
            raise InvalidToken("a juror token must name its juror ('juror')")
        for claim, what in (("org", "organisation"), ("juror", "juror")):
            if claim in claims and not is_service_id(claims[claim]):
                raise InvalidToken(_not_an_id(claim, what, claims[claim]))
        return Principal(claims["sub"], role, claims.get("org"), claims.get("juror"), token)


def is_service_id(value: object) -> bool:
    """An id as every service writes them: a UUID in its canonical text (lower case, hyphens).

    A binding claim in any other form would never equal a stored id: the token would verify
    and then quietly act for nobody.
    """
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _not_an_id(claim: str, what: str, value: object) -> str:
    hint = ""
    if isinstance(value, str):
        try:
            type_name, _, local = base64.b64decode(value.encode(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            type_name, local = "", ""
        if type_name.isalpha() and is_service_id(local):
            hint = f": it is the gateway's global id of {type_name} {local}; put {local} in the token"
    return f"the '{claim}' claim must be the {what}'s own id, a UUID such as 0b8f5e3c-9d3a-4c1e-8f5e-3c9d3a4c1e8f{hint}"


def issue_token(
    private_key: str,
    *,
    role: Role | str,
    subject: str | None = None,
    organisation_id: str | None = None,
    juror_id: str | None = None,
    issuer: str = "pact-platform",
    audience: str = "pact-platform",
    ttl_seconds: int = 3600,
    algorithm: str = "RS256",
) -> str:
    """Sign a token; for development, tests and the operator CLI, not a login flow."""
    now = int(time.time())
    claims = {
        "sub": subject or f"{Role(role).value}-{uuid.uuid4().hex[:8]}",
        "role": Role(role).value,
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    if organisation_id:
        claims["org"] = organisation_id
    if juror_id:
        claims["juror"] = juror_id
    return jwt.encode(claims, private_key, algorithm=algorithm)


def generate_keypair() -> tuple[str, str]:
    """A fresh RSA key pair as (private PEM, public PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private.decode(), public.decode()
