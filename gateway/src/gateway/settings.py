"""Gateway settings: the shared JWT_* and LOG_* variables plus GATEWAY_* for the upstream services."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict
from servicekit.settings import settings_for

_Base = settings_for("gateway", port=8000)


class Settings(_Base):
    # Fields inherited from the service settings keep their own aliases (JWT_PUBLIC_KEY, ...);
    # the prefix applies only to the fields declared here.
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    membership_url: str = "http://127.0.0.1:8001"
    events_url: str = "http://127.0.0.1:8002"
    awards_url: str = "http://127.0.0.1:8003"
    notifications_url: str = "http://127.0.0.1:8004"
    upstream_timeout_seconds: float = 5.0
    breaker_failures: int = 5  # consecutive transport failures or timeouts that open an upstream's circuit; 0 turns it off
    breaker_cooldown_seconds: float = 10.0  # how long an open circuit fails fast before letting one call through
    graphiql: bool = True
    introspection: bool = True  # production: GATEWAY_GRAPHIQL=false and GATEWAY_INTROSPECTION=false
    max_query_depth: int = 10
    max_aliases: int = 30
    max_tokens: int = 2000
    max_query_cost: int = 20_000
    rate_limit_per_minute: int = 600  # per token subject, or per client address without a token; 0 turns it off
    max_body_bytes: int = 100_000
    batch_loads: bool = True  # false only to measure what batching saves (bench/gateway_queries.py)
    # The web site's registered operations (the manifest `python -m web operations manifest` prints) and the secret it
    # sends in X-Pact-Web-Client: with both, the site may run only those, and its rate limit counts each visitor.
    trusted_documents: str = ""
    web_client_secret: str = ""
    cors_origins: str = ""  # comma-separated origins allowed to call from a browser, e.g. https://cfict.example.org

    def upstream_urls(self) -> dict[str, str]:
        return {
            "membership": self.membership_url,
            "events": self.events_url,
            "awards": self.awards_url,
            "notifications": self.notifications_url,
        }

    def jwt_algorithm_list(self) -> list[str]:
        return [a.strip() for a in self.jwt_algorithms.split(",") if a.strip()]
