"""The Ed25519 key that signs the register's head."""

from __future__ import annotations

from pathlib import Path

import structlog
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

log = structlog.get_logger()


def load_signing_key(setting: str) -> Ed25519PrivateKey:
    """The key from a PEM (inline or a file path); without one, an ephemeral key for development."""
    pem = setting.strip()
    if pem and not pem.startswith("-----"):
        pem = Path(pem).read_text()
    if not pem:
        log.warning("register.ephemeral_signing_key", hint="set MEMBERSHIP_REGISTER_SIGNING_KEY to keep head signatures verifiable")
        return Ed25519PrivateKey.generate()
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("MEMBERSHIP_REGISTER_SIGNING_KEY must be an Ed25519 private key")
    return key


def public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def new_private_pem() -> str:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def signature_is_valid(public_key_pem: str, signature: bytes, message: bytes) -> bool:
    key = serialization.load_pem_public_key(public_key_pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    try:
        key.verify(signature, message)
        return True
    except InvalidSignature:
        return False
