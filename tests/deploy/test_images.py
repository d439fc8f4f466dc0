"""Each Dockerfile builds a small, non-root image from its deployable's own lock file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOYABLES = {
    "membership": ("services/membership", 8001),
    "events": ("services/events", 8002),
    "awards": ("services/awards", 8003),
    "notifications": ("services/notifications", 8004),
    "gateway": ("gateway", 8000),
    "web": ("web", 8005),
}


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


@pytest.mark.parametrize("name", DEPLOYABLES)
def test_dockerfile_is_multi_stage_pinned_non_root_and_checks_readiness(name):
    source, port = DEPLOYABLES[name]
    dockerfile = (ROOT / source / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert len(stages) >= 2, "multi-stage: the build tools stay out of the final image"
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)", dockerfile, re.M).group(1)
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base), base
    assert f"COPY deploy/locks/{name}.txt" in dockerfile
    assert re.search(r"^USER 10001$", dockerfile, re.M)
    assert f"http://127.0.0.1:{port}/health/ready" in dockerfile
    assert re.search(rf'"-m", "{name}"', dockerfile)


@pytest.mark.parametrize("name", DEPLOYABLES)
def test_image_lock_is_the_development_lock_narrowed_to_one_deployable(name):
    source, _ = DEPLOYABLES[name]
    development = pins(ROOT / "requirements.lock")
    image = pins(ROOT / "deploy" / "locks" / f"{name}.txt")
    drifted = {package: version for package, version in image.items() if development.get(package) != version}
    assert not drifted, f"deploy/locks/{name}.txt differs from requirements.lock: {drifted}; run make lock"
    lines = (ROOT / "deploy" / "locks" / f"{name}.txt").read_text().splitlines()
    assert f"./{source}" in lines
    if name == "web":
        assert "./contracts" not in lines and "./libs/servicekit" not in lines, "the site is a client of the gateway, nothing more"
    else:
        assert "./contracts" in lines and "./libs/servicekit" in lines
    assert "pytest" not in image and "hypothesis" not in image, "test tools stay out of images"
    assert not any("://" in line for line in lines), "no index or download URLs in lock files"
