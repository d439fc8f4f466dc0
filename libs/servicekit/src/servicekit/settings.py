"""Service settings from the environment: one prefix per service, shared names for shared things.

``MEMBERSHIP_DATABASE_URL`` configures only membership; ``KAFKA_BOOTSTRAP_SERVERS``
and the ``JWT_*`` variables are read by every service (a prefixed variable wins).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _shared(name: str, prefix: str) -> AliasChoices:
    return AliasChoices(f"{prefix}{name}", name)


class ServiceSettings(BaseSettings):
    """Subclass per service with ``service_name`` set; see ``settings_for``."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = "service"
    database_url: str = ""
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Consumer group session timeout. The embedded broker completes a group join after half of it,
    # so development and tests use 2000; keep Kafka's usual 10000 (>= group.min.session.timeout.ms) in production.
    kafka_session_timeout_ms: int = 10000
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    auto_migrate: bool = True
    run_relay: bool = True
    run_consumers: bool = True
    log_level: str = "INFO"
    log_json: bool = True
    jwt_public_key: str = ""
    jwt_issuer: str = "pact-platform"
    jwt_audience: str = "pact-platform"
    jwt_algorithms: str = "RS256"
    relay_batch_size: int = 2000
    relay_poll_seconds: float = 2.0
    consumer_max_attempts: int = 5
    consumer_backoff_seconds: float = 0.2

    def jwt_key_material(self) -> str:
        """The public key, given inline as PEM or as a path to a PEM file."""
        key = self.jwt_public_key.strip()
        if key and not key.startswith("-----") and Path(key).is_file():
            return Path(key).read_text()
        return key


def settings_for(service: str, *, port: int, **defaults) -> type[ServiceSettings]:
    """Build the settings class of one service with its env prefix and defaults."""
    prefix = f"{service.upper()}_"
    shared = {"kafka_bootstrap_servers", "kafka_session_timeout_ms", "jwt_public_key", "jwt_issuer", "jwt_audience", "jwt_algorithms", "log_json", "log_level"}
    fields = {}
    for name, info in ServiceSettings.model_fields.items():
        default = defaults.get(name, info.default)
        if name == "service_name":
            default = service
        elif name == "http_port":
            default = port
        elif name == "database_url" and not default:
            default = f"sqlite+aiosqlite:///.data/{service}.db"
        alias = _shared(name.upper(), prefix) if name in shared else AliasChoices(f"{prefix}{name.upper()}")
        fields[name] = (info.annotation, Field(default=default, validation_alias=alias))
    from pydantic import create_model

    return create_model(f"{service.title()}Settings", __base__=ServiceSettings, **fields)
