"""Every script in bench/ and tools/ starts as its documentation says: ``python bench/x.py`` from the repository root.

Python puts a script's own folder first on ``sys.path``, so a script named like a package the
platform installs (``bench/gateway.py`` was one) hides that package from every other script in
the folder: ``import faultlab`` then failed on ``gateway.node``. Only starting each script the
documented way, in its own interpreter, shows that; ``--help`` imports everything and runs nothing.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for folder in ("bench", "tools") for p in (ROOT / folder).glob("*.py") if "__main__" in p.read_text())


def test_the_scripts_are_found():
    names = {f"{p.parent.name}/{p.name}" for p in SCRIPTS}
    assert {"bench/notification_e2e.py", "bench/soak.py", "tools/devstack.py", "tools/k8s_topics.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_script_starts_as_documented(script):
    result = subprocess.run([sys.executable, str(script.relative_to(ROOT)), "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("usage:"), result.stdout[:500]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("module", sorted({p.stem for folder in ("bench", "tools") for p in (ROOT / folder).glob("*.py")}))
def test_no_script_has_the_name_of_an_installed_module(module):
    # Seen from the scripts' folders, such a name would hide the installed module (or be hidden by it).
    spec = importlib.util.find_spec(module)
    assert spec is None or Path(spec.origin).parent.name in ("bench", "tools"), f"{module} is also {spec.origin}"
