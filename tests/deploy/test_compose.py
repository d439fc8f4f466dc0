"""deploy/compose.yaml cannot rot: no Docker engine runs here, so the file is checked as data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from awards.bootstrap import Settings as AwardsSettings
from events.bootstrap import Settings as EventsSettings
from gateway.settings import Settings as GatewaySettings
from membership.bootstrap import Settings as MembershipSettings
from notifications.bootstrap import Settings as NotificationsSettings
from web.settings import Settings as WebSettings
from servicekit.preflight import is_public_url

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
ROOT = DEPLOY.parent
SETTINGS = {
    "membership": MembershipSettings,
    "events": EventsSettings,
    "awards": AwardsSettings,
    "notifications": NotificationsSettings,
    "gateway": GatewaySettings,
    "web": WebSettings,
}
SERVICES = ["membership", "events", "awards", "notifications"]
SHARED_VARIABLES = {"KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SESSION_TIMEOUT_MS", "KAFKA_FETCH_MAX_WAIT_MS", "JWT_PUBLIC_KEY", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_ALGORITHMS",
                    "LOG_JSON", "LOG_LEVEL"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def default_port(name: str) -> int:
    return SETTINGS[name].model_fields["http_port"].default


def test_every_deployable_runs_with_a_healthcheck_on_readiness(compose):
    services = compose["services"]
    for name in SETTINGS:
        check = services[name]["healthcheck"]
        assert f"http://127.0.0.1:{default_port(name)}/health/ready" in " ".join(check["test"])
        assert check["interval"] and check["retries"] >= 1
    for infrastructure in ("kafka", "postgres", "mailcatcher"):
        assert services[infrastructure]["healthcheck"]["test"]


def test_services_start_after_the_broker_and_their_own_migration(compose):
    services = compose["services"]
    for name in SERVICES:
        depends = services[name]["depends_on"]
        assert depends["kafka"] == {"condition": "service_healthy"}
        assert depends[f"{name}-migrate"] == {"condition": "service_completed_successfully"}
        migrate = services[f"{name}-migrate"]
        assert migrate["command"] == ["migrate"]
        assert migrate["depends_on"]["postgres"] == {"condition": "service_healthy"}
        assert migrate["image"] == services[name]["image"], "the job migrates the schema the service runs"
    upstream = {name: c for name, c in services["gateway"]["depends_on"].items() if name != "web-manifest"}
    assert all(c == {"condition": "service_healthy"} for c in upstream.values())
    assert set(upstream) == {*SERVICES, "kafka"}


def test_each_service_has_its_own_database_and_role(compose):
    services = compose["services"]
    for name in SERVICES:
        for container in (name, f"{name}-migrate"):
            url = services[container]["environment"][f"{name.upper()}_DATABASE_URL"]
            assert re.fullmatch(rf"postgresql\+asyncpg://{name}:\$\{{{name.upper()}_DB_PASSWORD\}}@postgres:5432/{name}", url), url
    init = (DEPLOY / "postgres" / "init-databases.sh").read_text()
    assert "for service in membership events awards notifications" in init
    assert "docker-entrypoint-initdb.d" in " ".join(compose["services"]["postgres"]["volumes"])


def test_every_variable_is_one_the_deployable_reads(compose):
    # A renamed setting would otherwise be silently ignored in production.
    for name, settings in SETTINGS.items():
        prefix = f"{name.upper()}_"
        known = {f"{prefix}{field.upper()}" for field in settings.model_fields} | SHARED_VARIABLES
        for container in (name, f"{name}-migrate"):
            environment = compose["services"].get(container, {}).get("environment", {})
            unknown = {variable for variable in environment if variable.removesuffix("_FILE") not in known}  # NAME_FILE reads NAME
            assert not unknown, f"{container} sets variables {name} does not read: {sorted(unknown)}"
        environment = compose["services"][name]["environment"]
        if name == "web":
            continue  # a client of the gateway: no broker, no token key
        assert environment["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert environment["JWT_PUBLIC_KEY"].startswith("/run/secrets/")


def test_images_are_built_from_their_dockerfiles_and_pinned(compose):
    built = {svc["image"]: svc["build"] for svc in compose["services"].values() if "build" in svc}
    for name in SETTINGS:
        image = compose["services"][name]["image"]
        assert image in built, f"no service builds {image}"
        assert (ROOT / built[image]["dockerfile"]).is_file()
    for svc in compose["services"].values():
        assert not svc["image"].endswith(":latest") and ":" in svc["image"], svc["image"]


def test_secrets_come_from_files_and_passwords_from_the_environment(compose):
    assert all("file" in secret for secret in compose["secrets"].values())
    example = dict(line.split("=", 1) for line in (DEPLOY / "example.env").read_text().splitlines() if line and not line.startswith("#"))
    required = set(re.findall(r"\$\{([A-Z_]+):\?", (DEPLOY / "compose.yaml").read_text()))
    assert required <= set(example), f"example.env lacks {sorted(required - set(example))}"


def test_the_web_site_runs_after_the_gateway_which_loads_its_operations(compose):
    services = compose["services"]
    assert services["web"]["depends_on"] == {"gateway": {"condition": "service_healthy"}}
    assert services["gateway"]["depends_on"]["web-manifest"] == {"condition": "service_completed_successfully"}
    assert services["web-manifest"]["image"] == services["web"]["image"], "the gateway trusts the operations of the site it serves"
    assert services["gateway"]["environment"]["GATEWAY_TRUSTED_DOCUMENTS"].startswith("/trusted/")
    web = services["web"]["environment"]
    assert web["WEB_GATEWAY_URL"] == "http://gateway:8000/graphql" and web["WEB_SECRET_KEY_FILE"].startswith("/run/secrets/")
    assert services["gateway"]["environment"]["GATEWAY_WEB_CLIENT_SECRET_FILE"] == web["WEB_GATEWAY_CLIENT_SECRET_FILE"]


def production_settings(name: str) -> list[tuple[str, str]]:
    """(kind, field) of what a deployable must not run with at its development value (servicekit.preflight)."""
    settings = SETTINGS[name]
    kinds = ("secret", "key", "public_url", "optional_public_url")
    return [(kind, field) for kind in kinds for field in getattr(settings, f"production_{kind}s", ())]


def variable(name: str, field: str) -> str:
    return SETTINGS[name].model_construct().variable_name(field)


def test_every_secret_a_service_needs_outside_development_is_set_from_a_secret_file(compose):
    script = (DEPLOY / "make-dev-secrets.sh").read_text()
    example = dict(line.split("=", 1) for line in (DEPLOY / "example.env").read_text().splitlines() if line and not line.startswith("#"))
    checked = set()
    for name in SETTINGS:
        service = compose["services"][name]
        environment = service["environment"]
        for kind, field in production_settings(name):
            var = variable(name, field)
            checked.add(var)
            if kind == "optional_public_url":
                if var in environment:  # set: from deploy/.env, and public there
                    reference = re.fullmatch(r"\$\{([A-Z_]+):\?[^}]+\}", environment[var])
                    assert reference and is_public_url(example[reference.group(1)]), f"{name}: {var} must be a public address"
                continue
            if kind == "public_url":
                reference = re.fullmatch(r"\$\{([A-Z_]+):\?[^}]+\}", environment.get(var, ""))
                assert reference, f"{name}: {var} must come from deploy/.env, required (${{{var}:?...}})"
                assert is_public_url(example[reference.group(1)]), f"example.env's {reference.group(1)} must not be loopback"
                published = {int(p.split(":")[-1]) for p in service.get("ports", [])}
                assert default_port(name) in published, f"{name}: the links {var} points at need a published port"
                continue
            # A secret's value never stands in compose.yaml: its _FILE names a Docker secret. A key setting may also be that path.
            path = environment.get(f"{var}_FILE") or (environment.get(var) if kind == "key" else None)
            assert kind == "key" or var not in environment, f"{name}: {var} must not be written into compose.yaml"
            secret = (path or "").removeprefix("/run/secrets/")
            assert path and path.startswith("/run/secrets/") and secret in service["secrets"], f"{name}: {var}_FILE must name a Docker secret"
            source = compose["secrets"][secret]["file"]
            assert source.startswith("./secrets/") and source.removeprefix("./") in script, f"make-dev-secrets.sh must write {source}"
    assert {"EVENTS_LINK_SECRET", "EVENTS_PUBLIC_URL", "NOTIFICATIONS_LINK_SECRET", "NOTIFICATIONS_PUBLIC_BASE_URL",
            "MEMBERSHIP_REGISTER_SIGNING_KEY"} <= checked


def test_the_secrets_script_writes_long_random_link_secrets():
    script = (DEPLOY / "make-dev-secrets.sh").read_text()
    for secret in ("events_link_secret", "notifications_link_secret"):
        assert f"openssl rand -hex 32 > secrets/{secret}" in script


def test_the_emails_links_lead_to_the_web_site(compose):
    services = compose["services"]
    site = services["web"]["environment"]["WEB_PUBLIC_BASE_URL"]
    assert services["events"]["environment"]["EVENTS_WEB_URL"] == site
    assert services["notifications"]["environment"]["NOTIFICATIONS_WEB_URL"] == site
