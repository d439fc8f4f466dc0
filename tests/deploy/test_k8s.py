"""The Kubernetes manifests render for every overlay and say what an operator relies on."""

from __future__ import annotations

from pathlib import Path

import contracts  # noqa: F401  (registers every event type, hence every topic)
import kubernetes_validate
import pytest
import yaml
from contracts.registry import topics
from contracts.topics import dead_letter

from kustomize_render import render

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
OVERLAYS = sorted(p.name for p in (K8S / "overlays").iterdir())
SERVICES = ["membership", "events", "awards", "notifications"]
DEPLOYABLES = [*SERVICES, "gateway", "web"]
KUBERNETES_VERSION = "1.33"


@pytest.fixture(scope="module", params=OVERLAYS)
def manifests(request) -> tuple[str, list[dict]]:
    return request.param, render(K8S / "overlays" / request.param)


def of_kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def pod_spec(doc):
    return doc["spec"]["template"]["spec"]


def matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def test_both_overlays_exist():
    assert OVERLAYS == ["dev", "prod"]


def test_core_manifests_are_valid_kubernetes(manifests):
    _, docs = manifests
    for doc in docs:
        if doc["apiVersion"].startswith("kafka.strimzi.io"):
            continue  # a CRD: checked by test_every_contract_topic_is_declared
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_every_deployable_has_probes_resources_and_a_non_root_user(manifests):
    overlay, docs = manifests
    deployments = of_kind(docs, "Deployment")
    assert sorted(deployments) == sorted(DEPLOYABLES)
    for name, deployment in deployments.items():
        (container,) = pod_spec(deployment)["containers"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert container["resources"]["requests"]["cpu"] and container["resources"]["requests"]["memory"]
        assert container["securityContext"]["runAsNonRoot"] is True
        assert container["image"].rsplit(":", 1)[1] != "latest", f"{overlay}: {name} runs an untagged image"
        if overlay == "prod":
            assert deployment["spec"]["replicas"] >= 2, f"prod {name} must survive a node drain"


def test_configuration_comes_from_a_config_map_and_secrets_by_reference(manifests):
    _, docs = manifests
    config_maps = of_kind(docs, "ConfigMap")
    for name, deployment in of_kind(docs, "Deployment").items():
        (container,) = pod_spec(deployment)["containers"]
        (source,) = container["envFrom"]
        config = config_maps[source["configMapRef"]["name"]]["data"]
        if name == "web":
            secrets = {e["name"]: e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"]}
            assert secrets == {"WEB_SECRET_KEY": "web-secrets", "WEB_GATEWAY_CLIENT_SECRET": "web-secrets"}
            assert config["WEB_ENVIRONMENT"] == "production" and config["WEB_GATEWAY_URL"] == "http://gateway:8000/graphql"
            continue
        assert config["JWT_PUBLIC_KEY"].startswith("/etc/pact/"), "the public key is mounted from a Secret"
        if name in SERVICES:
            (database,) = [e for e in container["env"] if e["name"] == f"{name.upper()}_DATABASE_URL"]
            assert database["valueFrom"]["secretKeyRef"]["name"] == f"{name}-secrets"
            assert config[f"{name.upper()}_AUTO_MIGRATE"] == "false", "the migration Job migrates, not every replica"
        assert not any("password" in value.lower() for value in config.values())


def test_every_service_has_a_migration_job(manifests):
    _, docs = manifests
    jobs = of_kind(docs, "Job")
    deployments = of_kind(docs, "Deployment")
    assert sorted(jobs) == sorted(f"{s}-migrate" for s in SERVICES)
    for service in SERVICES:
        (container,) = pod_spec(jobs[f"{service}-migrate"])["containers"]
        assert container["args"] == ["migrate"]
        assert container["image"] == pod_spec(deployments[service])["containers"][0]["image"], "the Job migrates the schema the release runs"


def test_services_and_disruption_budgets_select_exactly_the_service_pods(manifests):
    _, docs = manifests
    deployments, jobs = of_kind(docs, "Deployment"), of_kind(docs, "Job")
    for kind in ("Service", "PodDisruptionBudget"):
        objects = of_kind(docs, kind)
        assert sorted(objects) == sorted(DEPLOYABLES)
        for name, obj in objects.items():
            selector = obj["spec"]["selector"] if kind == "Service" else obj["spec"]["selector"]["matchLabels"]
            selected = [d for d, doc in {**deployments, **jobs}.items() if matches(selector, doc["spec"]["template"]["metadata"]["labels"])]
            assert selected == [name], f"{kind} {name} selects {selected}"


def test_every_contract_topic_is_declared_with_its_dead_letter_topic(manifests):
    _, docs = manifests
    declared = {d["spec"]["topicName"]: d["spec"] for d in docs if d["kind"] == "KafkaTopic"}
    expected = set(topics()) | {dead_letter(t) for t in topics()}
    assert set(declared) == expected, "run make contracts (tools/k8s_topics.py) for the contracts' topics"
    for name, spec in declared.items():
        assert spec["partitions"] >= 1 and "retention.ms" in spec["config"]


def test_overlays_set_namespace_and_image_tags(manifests):
    overlay, docs = manifests
    assert {d["metadata"].get("namespace") for d in docs} == {"pact" if overlay == "prod" else f"pact-{overlay}"}
    images = {c["image"] for d in of_kind(docs, "Deployment").values() for c in pod_spec(d)["containers"]}
    assert len(images) == len(DEPLOYABLES)


def test_dev_turns_graphiql_on_and_prod_keeps_it_off():
    dev = of_kind(render(K8S / "overlays" / "dev"), "ConfigMap")["gateway-config"]["data"]
    prod = of_kind(render(K8S / "overlays" / "prod"), "ConfigMap")["gateway-config"]["data"]
    assert (dev["GATEWAY_GRAPHIQL"], prod["GATEWAY_GRAPHIQL"]) == ("true", "false")
    assert (dev["GATEWAY_INTROSPECTION"], prod["GATEWAY_INTROSPECTION"]) == ("true", "false")


def test_the_renderer_refuses_what_it_does_not_understand(tmp_path):
    (tmp_path / "kustomization.yaml").write_text(yaml.safe_dump({"resources": [], "configMapGenerator": []}))
    with pytest.raises(ValueError, match="configMapGenerator"):
        render(tmp_path)


def test_config_maps_set_only_variables_the_deployables_read(manifests):
    from test_compose import SETTINGS, SHARED_VARIABLES

    _, docs = manifests
    for name, settings in SETTINGS.items():
        known = {f"{name.upper()}_{field.upper()}" for field in settings.model_fields} | SHARED_VARIABLES
        data = of_kind(docs, "ConfigMap")[f"{name}-config"]["data"]
        assert not set(data) - known, f"{name}-config sets variables {name} does not read: {sorted(set(data) - known)}"


def test_the_gateway_loads_the_web_sites_operations_from_the_same_release(manifests):
    _, docs = manifests
    deployments = of_kind(docs, "Deployment")
    gateway = pod_spec(deployments["gateway"])
    (init,) = gateway["initContainers"]
    assert init["image"] == pod_spec(deployments["web"])["containers"][0]["image"]
    assert "python -m web operations manifest" in " ".join(init["command"])
    config = of_kind(docs, "ConfigMap")["gateway-config"]["data"]
    assert config["GATEWAY_TRUSTED_DOCUMENTS"].startswith("/etc/pact/trusted/")
    (secret,) = [e for e in gateway["containers"][0]["env"] if e["name"] == "GATEWAY_WEB_CLIENT_SECRET"]
    assert secret["valueFrom"]["secretKeyRef"] == {"name": "web-secrets", "key": "gateway-client-secret"}


def test_every_secret_a_service_needs_outside_development_comes_from_a_secret(manifests):
    """What preflight refuses at its development value is set in every overlay: secrets and keys from Secrets,
    public URLs in the ConfigMap on a host an Ingress routes to the service."""
    from urllib.parse import urlsplit

    from servicekit.preflight import is_public_url
    from test_compose import production_settings, variable

    overlay, docs = manifests
    config_maps, ingresses = of_kind(docs, "ConfigMap"), of_kind(docs, "Ingress")
    checked = set()
    for name, deployment in of_kind(docs, "Deployment").items():
        spec = pod_spec(deployment)
        (container,) = spec["containers"]
        config = config_maps[container["envFrom"][0]["configMapRef"]["name"]]["data"]
        env = {e["name"]: e for e in container.get("env", [])}
        secret_volumes = {v["name"] for v in spec.get("volumes", []) if "secret" in v}
        mounted = [m["mountPath"] for m in container.get("volumeMounts", []) if m["name"] in secret_volumes]
        for kind, field in production_settings(name):
            var = variable(name, field)
            checked.add(var)
            if kind == "optional_public_url":
                assert var not in config or is_public_url(config[var]), f"{overlay}: {name}'s {var} ({config[var]}) must be public"
                continue
            if kind == "public_url":
                url = config.get(var, "")
                assert is_public_url(url), f"{overlay}: {name}'s {var} ({url or 'unset'}) must be its public address"
                routes = [(rule["host"], path["backend"]["service"]["name"]) for ingress in ingresses.values()
                          for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
                assert (urlsplit(url).hostname, name) in routes, f"{overlay}: no Ingress routes {urlsplit(url).hostname} to {name}"
                continue
            reference = env.get(var, {}).get("valueFrom", {}).get("secretKeyRef")
            from_file = config.get(var) if kind == "key" else None  # a key may be a path into a mounted Secret
            assert var not in config or from_file, f"{overlay}: {name}'s {var} must not stand in a ConfigMap"
            assert (reference and reference["name"] == f"{name}-secrets" and not reference.get("optional")) or (
                from_file and any(from_file.startswith(path + "/") for path in mounted)), f"{overlay}: {name}'s {var} must come from a Secret"
    assert {"EVENTS_LINK_SECRET", "EVENTS_PUBLIC_URL", "NOTIFICATIONS_LINK_SECRET", "NOTIFICATIONS_PUBLIC_BASE_URL",
            "MEMBERSHIP_REGISTER_SIGNING_KEY"} <= checked


def test_the_ingresses_expose_only_the_personal_link_paths(manifests):
    _, docs = manifests
    exposed = {(path["backend"]["service"]["name"], path["path"]) for ingress in of_kind(docs, "Ingress").values()
               for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"] if path["backend"]["service"]["name"] in SERVICES}
    assert exposed == {("events", "/registrations/"), ("notifications", "/unsubscribe/")}  # the rest stays inside the cluster


def test_the_emails_links_lead_to_the_web_site(manifests):
    overlay, docs = manifests
    config = of_kind(docs, "ConfigMap")
    site = config["web-config"]["data"]["WEB_PUBLIC_BASE_URL"]
    assert config["events-config"]["data"]["EVENTS_WEB_URL"] == site, overlay
    assert config["notifications-config"]["data"]["NOTIFICATIONS_WEB_URL"] == site, overlay
