"""Web site settings, from WEB_* environment variables (WEB_SECRET_KEY_FILE=/run/secrets/... reads a file)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-web-secret"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEB_", extra="ignore")

    environment: Literal["development", "production"] = "development"
    http_host: str = "127.0.0.1"
    http_port: int = 8005
    gateway_url: str = "http://127.0.0.1:8000/graphql"
    gateway_timeout_seconds: float = 5.0
    # Shared with the gateway (GATEWAY_WEB_CLIENT_SECRET): the gateway then accepts only the site's registered
    # operations from it and counts its rate limit per visitor (the address the site forwards).
    gateway_client_secret: str = ""
    public_base_url: str = "http://127.0.0.1:8005"  # where visitors reach the site; https in production
    secret_key: str = DEVELOPMENT_SECRET  # signs the CSRF tokens and the short-lived result cookie
    log_level: str = "INFO"
    # Proxies whose X-Forwarded-For is believed (the visitor's address goes on to the gateway's per-visitor rate limit).
    forwarded_allow_ips: str = "127.0.0.1"

    @model_validator(mode="before")
    @classmethod
    def _read_files(cls, values: dict) -> dict:
        """``WEB_SECRET_KEY_FILE`` and ``WEB_GATEWAY_CLIENT_SECRET_FILE``: Docker and Kubernetes secrets."""
        for field in ("secret_key", "gateway_client_secret"):
            path = os.environ.get(f"WEB_{field.upper()}_FILE")
            if path and field not in values and f"WEB_{field.upper()}" not in os.environ:
                values[field] = Path(path).read_text().strip()
        return values

    @model_validator(mode="after")
    def _production_needs_real_secrets(self) -> "Settings":
        if self.environment == "production":
            problems = []
            if self.secret_key == DEVELOPMENT_SECRET or len(self.secret_key) < 32:
                problems.append("WEB_SECRET_KEY must be set to a random value of at least 32 characters")
            if not self.public_base_url.startswith("https://"):
                problems.append("WEB_PUBLIC_BASE_URL must be https")
            if not self.gateway_client_secret:
                problems.append("WEB_GATEWAY_CLIENT_SECRET must be set (the gateway then accepts only the site's operations)")
            if problems:
                raise ValueError("Refusing production settings: " + "; ".join(problems) + ".")
        return self

    @property
    def secure_cookies(self) -> bool:
        return self.public_base_url.startswith("https://")
