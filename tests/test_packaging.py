"""Each service's image installs only core dependencies plus its own extra (deploy/Dockerfile).

No Docker engine runs here, so this checks statically that every third-party module a service
(and `shared/`) imports is provided by those distributions or what they depend on.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
FIRST_PARTY = {"shared", "services"}


def requirement_name(spec: str) -> str:
    return re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0].lower().replace("_", "-")


@cache
def closure(names: frozenset[str]) -> frozenset[str]:
    """The distributions `names` bring in, following their (unconditional or extra) requirements."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for req in requires:
            marker = req.split(";", 1)[1] if ";" in req else ""
            if "extra ==" in marker and not any(
                f'extra == "{x}"' in marker for x in ("nats", "prometheus", "binary")
            ):
                continue
            todo.append(requirement_name(req))
    return frozenset(seen)


def distributions_for(extra: str) -> frozenset[str]:
    core = [requirement_name(r) for r in PYPROJECT["project"]["dependencies"]]
    extras = [requirement_name(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    return closure(frozenset(core + extras))


def third_party_imports(*folders: Path) -> set[str]:
    modules: set[str] = set()
    for folder in folders:
        for path in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in FIRST_PARTY and m not in sys.stdlib_module_names}


@pytest.mark.parametrize("service", ["ingest", "extract", "alert"])
def test_service_imports_are_installed_by_its_own_extra(service: str) -> None:
    provided = distributions_for(service)
    owners = metadata.packages_distributions()
    missing = {}
    for module in third_party_imports(ROOT / "shared", ROOT / "services" / service):
        dists = {d.lower().replace("_", "-") for d in owners.get(module, [])}
        if not dists & provided:
            missing[module] = sorted(dists) or ["not installed"]
    assert not missing, f"{service}'s image would lack: {missing}"
