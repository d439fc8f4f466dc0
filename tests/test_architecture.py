"""The boundaries of the architecture, checked on the source: no service imports another."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ["membership", "events", "awards", "notifications"]
DEPLOYABLES = {name: ROOT / "services" / name / "src" / name for name in SERVICES} | {"gateway": ROOT / "gateway" / "src" / "gateway"}
SHARED = {"contracts": ROOT / "contracts" / "src" / "contracts", "servicekit": ROOT / "libs" / "servicekit" / "src" / "servicekit"}
# The operator CLI runs a service's own command for what only the service knows; it imports none.
TOOLS = {"pactctl": ROOT / "ops" / "src" / "pactctl"}


def imported_top_level_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_no_deployable_imports_another_deployable():
    for name, folder in DEPLOYABLES.items():
        assert folder.is_dir(), folder
        imports = imported_top_level_modules(folder)
        for other in DEPLOYABLES.keys() - {name}:
            assert other not in imports, f"{name} imports {other} in {sorted(imports[other])}: talk through events or HTTP instead"


def test_shared_libraries_and_tools_import_no_deployable():
    for name, folder in (SHARED | TOOLS).items():
        imports = imported_top_level_modules(folder)
        for deployable in DEPLOYABLES:
            assert deployable not in imports, f"{name} imports {deployable} in {sorted(imports[deployable])}"


def test_the_domain_imports_no_framework():
    frameworks = {"fastapi", "sqlalchemy", "faststream", "aiokafka", "strawberry", "pydantic", "servicekit", "alembic", "httpx"}
    for name in SERVICES:
        domain = DEPLOYABLES[name] / "domain"
        leaked = frameworks & imported_top_level_modules(domain).keys()
        assert not leaked, f"{name}/domain imports {leaked}: keep the domain plain Python"


def test_every_service_depends_only_on_contracts_and_servicekit():
    import tomllib

    for name in SERVICES:
        project = tomllib.loads((ROOT / "services" / name / "pyproject.toml").read_text())["project"]
        workspace_deps = {d.split(">")[0].split("=")[0].strip() for d in project["dependencies"] if d.startswith("pact-")}
        assert workspace_deps == {"pact-contracts", "pact-servicekit"}, f"{name} depends on {workspace_deps}"


WEB = ROOT / "web" / "src" / "web"


def test_the_web_site_is_only_a_client_of_the_gateway():
    # The site talks to the platform as any web client does: over GraphQL, with its registered operations.
    imports = imported_top_level_modules(WEB)
    forbidden = set(DEPLOYABLES) | set(SHARED) | {"pactctl", "strawberry", "sqlalchemy", "faststream", "aiokafka"}
    leaked = {name: sorted(imports[name]) for name in forbidden & imports.keys()}
    assert not leaked, f"web imports {leaked}: ask the gateway instead"
    import tomllib

    project = tomllib.loads((ROOT / "web" / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.startswith("pact-")], "web depends on no workspace package"


def test_no_deployable_imports_the_web_site():
    for name, folder in (DEPLOYABLES | SHARED | TOOLS).items():
        assert "web" not in imported_top_level_modules(folder), f"{name} imports web"
