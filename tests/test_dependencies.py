"""Every module of the package imports, every third-party module it uses comes from a declared
dependency, and every declared dependency (extras included) is installed: a fresh virtualenv that
installs `.[test]` runs the whole suite."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata as md
import pkgutil
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import assistant

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
MODULES = sorted(m.name for m in pkgutil.walk_packages(assistant.__path__, "assistant."))


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(extra_names: set[str] | None = None) -> list[Requirement]:
    """Requirements of the project and of its extras (recursively through "assistant[...]")."""
    reqs = [Requirement(r) for r in PYPROJECT["dependencies"]]
    # By default what `make test` installs: the `test` extra and the extras it names.
    todo = list(extra_names if extra_names is not None else ["test"])
    seen: set[str] = set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for raw in PYPROJECT["optional-dependencies"][extra]:
            r = Requirement(raw)
            if canonical(r.name) == "assistant":
                todo.extend(sorted(r.extras))  # sets vary in order between processes
            else:
                reqs.append(r)
    return reqs


@pytest.mark.parametrize("module", MODULES)
def test_every_module_of_the_package_imports(module: str) -> None:
    importlib.import_module(module)


def test_importing_the_package_never_loads_torch() -> None:
    if "torch" in sys.modules:
        pytest.skip("an earlier test loaded torch (a slow test with a local model)")
    for module in MODULES:
        importlib.import_module(module)
    assert "torch" not in sys.modules


def test_every_third_party_module_the_package_imports_is_a_declared_dependency() -> None:
    names = {canonical(r.name) for r in declared()}
    dists = md.packages_distributions()
    missing = {}
    for path in (REPO / "assistant").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module] if isinstance(node, ast.ImportFrom) and not node.level and node.module else [])
            for mod in mods:
                top = mod.split(".")[0]
                if top in sys.stdlib_module_names or top == "assistant":
                    continue
                providers = {canonical(d) for d in dists.get(top, [])}
                if not providers & names:
                    missing[top] = sorted(providers) or ["not installed"]
    assert missing == {}


@pytest.mark.parametrize("req", declared(), ids=str)
def test_every_declared_dependency_is_installed_at_a_matching_version(req: Requirement) -> None:
    try:
        version = md.version(req.name)
    except md.PackageNotFoundError:
        pytest.fail(f"{req.name} is declared in pyproject.toml but not installed")
    assert req.specifier.contains(version, prereleases=True), f"{req.name} {version} does not match {req}"


@pytest.mark.slow
@pytest.mark.parametrize("req", declared(), ids=str)
def test_every_declared_dependency_imports(req: Requirement) -> None:
    dist = md.distribution(req.name)
    tops = (dist.read_text("top_level.txt") or "").split()
    if not tops:
        tops = sorted({f.parts[0].removesuffix(".py") for f in dist.files or []
                       if f.suffix == ".py" and not f.parts[0].endswith((".dist-info", ".data"))})
    for top in tops:
        if top.isidentifier() and not top.startswith("_"):
            importlib.import_module(top)
