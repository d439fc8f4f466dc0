"""Just enough of kustomize to render deploy/k8s offline: resources, namespace, images, replicas, patches.

Patches are strategic merges matched by kind and name: mappings merge, lists of named
items (containers, env, volumes) merge by name, other lists are replaced. The overlays
use nothing else, and test_k8s fails if one starts to (unknown kustomization fields).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = {"apiVersion", "kind", "namespace", "resources", "images", "replicas", "patches"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding"}


class UnsupportedKustomization(ValueError):
    pass


def render(directory: Path) -> list[dict[str, Any]]:
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(spec) - SUPPORTED
    if unknown:
        raise UnsupportedKustomization(f"{directory}: fields {sorted(unknown)} are not rendered by the test")
    docs: list[dict[str, Any]] = []
    for resource in spec.get("resources", []):
        path = directory / resource
        docs += render(path) if path.is_dir() else [d for d in yaml.safe_load_all(path.read_text()) if d]
    for patch in spec.get("patches", []):
        for doc in yaml.safe_load_all((directory / patch["path"]).read_text()):
            if doc:
                _apply_patch(docs, doc)
    for replica in spec.get("replicas", []):
        _find(docs, "Deployment", replica["name"])["spec"]["replicas"] = replica["count"]
    for image in spec.get("images", []):
        _set_image(docs, image)
    if "namespace" in spec:
        for doc in docs:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc.setdefault("metadata", {})["namespace"] = spec["namespace"]
    return docs


def _find(docs, kind: str, name: str) -> dict[str, Any]:
    for doc in docs:
        if doc["kind"] == kind and doc["metadata"]["name"] == name:
            return doc
    raise UnsupportedKustomization(f"no {kind} named {name!r} to patch")


def _apply_patch(docs, patch: dict[str, Any]) -> None:
    target = _find(docs, patch["kind"], patch["metadata"]["name"])
    merged = _merge(target, patch)
    target.clear()
    target.update(merged)


def _merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = copy.deepcopy(base)
        for key, value in patch.items():
            out[key] = _merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(patch, list) and all(isinstance(i, dict) and "name" in i for i in base + patch):
        by_name = {item["name"]: item for item in base}
        out = [_merge(by_name[i["name"]], i) if i["name"] in by_name else copy.deepcopy(i) for i in patch]
        patched = {i["name"] for i in patch}
        return [copy.deepcopy(i) for i in base if i["name"] not in patched] + out
    return copy.deepcopy(patch)


def _set_image(docs, image: dict[str, str]) -> None:
    for container in _containers(docs):
        repository, _, _ = container["image"].partition(":")
        if repository == image["name"]:
            container["image"] = f"{image.get('newName', repository)}:{image.get('newTag', 'latest')}"


def _containers(docs):
    for doc in docs:
        template = doc.get("spec", {}).get("template", {})
        # as kustomize's images transformer: init containers too
        yield from template.get("spec", {}).get("initContainers", [])
        yield from template.get("spec", {}).get("containers", [])
