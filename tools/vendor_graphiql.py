"""GraphiQL's browser files, vendored into the gateway at pinned versions: the page works offline and under a
Content-Security-Policy that allows only the gateway's own origin (strawberry's page loads them from a CDN).

    .venv/bin/python tools/vendor_graphiql.py           # fetch the pinned packages with `npm pack`, write the files
    .venv/bin/python tools/vendor_graphiql.py --check   # offline: the vendored files are those, byte for byte

Fetching needs `npm` and the npm registry only. Each tarball must have the integrity pinned below (npm checks
it against the registry; this checks it against what we reviewed), and only the files listed are copied, with
the packages' licences, into gateway/src/gateway/static/graphiql/vendor/ together with VERSIONS.json (what came
from where, and each file's SHA-256).

To upgrade: change the versions (strawberry's own page, strawberry/static/graphiql.html, names the set it
tested together), run without --check, put the integrity `npm pack` reports into PACKAGES after checking it
with `npm view <package>@<version> dist.integrity`, run again, open the page (gateway/tests/test_gateway_graphiql.py
drives it in Chromium), and commit the files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "gateway" / "src" / "gateway" / "static" / "graphiql" / "vendor"
MANIFEST = "VERSIONS.json"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # the tarball's sha512, as the registry publishes it
    files: dict[str, str]  # path in the package -> name in vendor/


PACKAGES = [
    Package("react", "18.2.0",
            "sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==",
            {"umd/react.production.min.js": "react.production.min.js", "LICENSE": "LICENSE.react.txt"}),
    Package("react-dom", "18.2.0",
            "sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g==",
            {"umd/react-dom.production.min.js": "react-dom.production.min.js", "LICENSE": "LICENSE.react-dom.txt"}),
    Package("graphiql", "3.8.3",
            "sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw==",
            {"graphiql.min.js": "graphiql.min.js", "graphiql.min.css": "graphiql.min.css", "LICENSE": "LICENSE.graphiql.txt"}),
    # Ships no LICENSE file: it is MIT, from the same repository as graphiql (LICENSE.graphiql.txt, package.json "license").
    Package("@graphiql/plugin-explorer", "1.0.2",
            "sha512-9j+kg2UjtLZD5EBmGjeWHkoVVxtbShYg2DzbUVebibnZYZM/iMBEF4vaccXJIAm5KaomIPLx0aoNs4LbODyc3Q==",
            {"dist/index.umd.js": "plugin-explorer.umd.js", "dist/style.css": "plugin-explorer.css", "package.json": "plugin-explorer.package.json"}),
    # Bundled inside the plugin's UMD build: only its licence is needed.
    Package("graphiql-explorer", "0.9.0",
            "sha512-fZC/wsuatqiQDO2otchxriFO0LaWIo/ovF/CQJ1yOudmY0P7pzDiP+l9CEHUiWbizk3e99x6DQG4XG1VxA+d6A==",
            {"LICENSE": "LICENSE.graphiql-explorer.txt"}),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_pack(package: Package, into: Path) -> Path:
    spec = f"{package.name}@{package.version}"
    result = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", str(into)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"npm pack {spec} failed: {result.stderr.strip()}")
    [packed] = json.loads(result.stdout)
    if packed["integrity"] != package.integrity:
        sys.exit(f"{spec}: the registry's tarball has integrity {packed['integrity']}, not the pinned {package.integrity}")
    return into / packed["filename"]


def fetch() -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest = {}
    with tempfile.TemporaryDirectory() as scratch:
        for package in PACKAGES:
            with tarfile.open(npm_pack(package, Path(scratch))) as tarball:
                for inside, name in package.files.items():
                    (VENDOR / name).write_bytes(tarball.extractfile(f"package/{inside}").read())
            manifest[package.name] = {"version": package.version, "integrity": package.integrity,
                                      "files": {name: {"from": inside, "sha256": sha256(VENDOR / name)} for inside, name in package.files.items()}}
    (VENDOR / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {sum(len(p.files) for p in PACKAGES)} files and {MANIFEST} to {VENDOR}")


def check() -> list[str]:
    """What differs between vendor/ and the pins: an empty list when everything is as pinned."""
    manifest_path = VENDOR / MANIFEST
    if not manifest_path.exists():
        return [f"{manifest_path} is missing: run tools/vendor_graphiql.py"]
    manifest, problems = json.loads(manifest_path.read_text()), []
    for package in PACKAGES:
        entry = manifest.get(package.name, {})
        if (entry.get("version"), entry.get("integrity")) != (package.version, package.integrity):
            problems.append(f"{package.name}: vendored {entry.get('version')}, pinned {package.version}")
            continue
        for name, recorded in entry["files"].items():
            path = VENDOR / name
            if not path.exists() or sha256(path) != recorded["sha256"]:
                problems.append(f"{name} differs from {package.name}@{package.version}'s {recorded['from']}")
    expected = {name for p in PACKAGES for name in p.files.values()} | {MANIFEST}
    problems += [f"{path.name} is not from a pinned package" for path in VENDOR.iterdir() if path.name not in expected]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="verify the vendored files against the pins, offline")
    if parser.parse_args().check:
        problems = check()
        print("\n".join(problems) or "GraphiQL's vendored files are as pinned")
        sys.exit(1 if problems else 0)
    fetch()


if __name__ == "__main__":
    main()
