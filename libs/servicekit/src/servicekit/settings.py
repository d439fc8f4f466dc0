"""Service settings from the environment: one prefix per service, shared names for shared things.

``MEMBERSHIP_DATABASE_URL`` configures only membership; ``KAFKA_BOOTSTRAP_SERVERS``
and the ``JWT_*`` variables are read by every service (a prefixed variable wins).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from pydantic import AliasChoices, Field
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict


def _shared(name: str, prefix: str) -> AliasChoices:
    return AliasChoices(f"{prefix}{name}", name)


class FileVariables(PydanticBaseSettingsSource):
    """``NAME_FILE=/run/secrets/name`` gives NAME the file's content: Docker and Kubernetes secrets.

    A variable set directly wins over its ``_FILE`` twin; an unreadable file is an error, not a default.
    """

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        for name in _variable_names(field, field_name, self.config.get("env_prefix", "")):
            path = os.environ.get(f"{name}_FILE")
            if path:
                try:
                    return Path(path).read_text().strip(), field_name, False
                except OSError as exc:
                    raise ValueError(f"{name}_FILE={path} cannot be read: {exc.strerror}") from None
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values = {}
        for field_name, field in self.settings_cls.model_fields.items():
            value, key, _ = self.get_field_value(field, field_name)
            if value is not None:
                values[key] = value
        return values


def _variable_names(field: FieldInfo, field_name: str, prefix: str) -> list[str]:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice).upper() for choice in alias.choices]
    return [str(alias or f"{prefix}{field_name}").upper()]


class ServiceSettings(BaseSettings):
    """Subclass per service with ``service_name`` set; see ``settings_for``."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = "service"
    database_url: str = ""
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Consumer group session timeout. The embedded broker completes a group join after half of it,
    # so development and tests use 2000; keep Kafka's usual 10000 (>= group.min.session.timeout.ms) in production.
    kafka_session_timeout_ms: int = 10000
    kafka_fetch_max_wait_ms: int = 100  # consumers: how long the broker may hold an empty fetch (latency vs idle polling)
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # Bodies above this get 413 before the service reads them (routes that take files set their own limit).
    max_request_body_bytes: int = 1_000_000
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
    # Doubling from 0.2 s, eight attempts wait about 25 s in all: long enough for an event that depends on
    # another topic's (a signature before its organisation) after a broker cut or a restart.
    consumer_max_attempts: int = 8
    consumer_backoff_seconds: float = 0.2

    # What must not keep its development value outside development (see ``development`` and servicekit.preflight),
    # by field name; each service's settings list their own. Secrets must be set, not their default, and at least
    # 32 characters; public URLs (where links in e-mails point) must not be loopback, the optional ones only when set;
    # keys must be set.
    production_secrets: ClassVar[tuple[str, ...]] = ()
    production_public_urls: ClassVar[tuple[str, ...]] = ()
    production_optional_public_urls: ClassVar[tuple[str, ...]] = ()
    production_keys: ClassVar[tuple[str, ...]] = ()

    @property
    def development(self) -> bool:
        """A service that migrates its own database on start (``<SVC>_AUTO_MIGRATE=true``, the default) runs in development.

        Every deployment turns that off and migrates with a job first: the images set ``<SVC>_AUTO_MIGRATE=false``,
        and compose and the Kubernetes manifests run them so. There, the development defaults are refused.
        """
        return self.auto_migrate

    def variable_name(self, field_name: str) -> str:
        """The environment variable an operator sets for a field (its ``_FILE`` twin works too)."""
        return _variable_names(type(self).model_fields[field_name], field_name, self.model_config.get("env_prefix", ""))[0]

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings):
        return init_settings, env_settings, FileVariables(settings_cls), dotenv_settings, file_secret_settings

    def jwt_key_material(self) -> str:
        """The public key, given inline as PEM or as a path to a PEM file."""
        key = self.jwt_public_key.strip()
        if key and not key.startswith("-----") and Path(key).is_file():
            return Path(key).read_text()
        return key


def settings_for(service: str, *, port: int, **defaults) -> type[ServiceSettings]:
    """Build the settings class of one service with its env prefix and defaults."""
    prefix = f"{service.upper()}_"
    shared = {"kafka_bootstrap_servers", "kafka_session_timeout_ms", "kafka_fetch_max_wait_ms", "jwt_public_key", "jwt_issuer", "jwt_audience", "jwt_algorithms", "log_json", "log_level"}
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
