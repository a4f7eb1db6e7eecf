"""Import rules between the stage packages, read from the source (AST), imports inside functions included.

The core (config, errors, records, pipeline and the stage packages ingest, embed, index, retrieval,
answer, cite, text) never imports the layers above it; those layers import each other only as listed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"
UPPER = {"app", "evals", "study", "bench", "cli"}
# What each upper layer may import besides the core.
ALLOWED = {"app": {"app", "study"}, "study": {"study"}, "evals": {"evals"}, "bench": {"bench", "evals"},
           "cli": {"cli", "evals", "study", "bench"}}


def layer(module: str) -> str:
    """'assistant.index.store' -> 'index'; 'assistant.cli' -> 'cli'; 'assistant' -> ''."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, package_dir: Path = PACKAGE) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = module_name(path, package_dir)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            out.append((node.lineno, name))
    return [(line, name) for line, name in out if name == "assistant" or name.startswith("assistant.")]


def violations(package: Path = PACKAGE) -> list[str]:
    bad = []
    for path in sorted(package.rglob("*.py")):
        own = layer(module_name(path, package))
        for line, name in imported(path, package):
            target = layer(name)
            if target not in UPPER or target == own:
                continue
            if own not in UPPER or target not in ALLOWED[own]:
                bad.append(f"{path.relative_to(package.parent)}:{line} ({own or 'core'}) imports {name}")
    return bad


def test_core_and_layers_import_only_what_the_layer_rules_allow() -> None:
    assert violations() == []


@pytest.mark.parametrize("source, expected", [
    ("from assistant.study.glossary import x\n", ["assistant/index/zz_probe.py:1 (index) imports assistant.study.glossary"]),
    ("def f():\n    import assistant.app.ui\n", ["assistant/index/zz_probe.py:2 (index) imports assistant.app.ui"]),
    ("from assistant.records import Hit\n", []),
])
def test_the_layer_check_sees_top_level_and_function_level_imports(tmp_path: Path, source: str,
                                                                     expected: list[str]) -> None:
    fake = tmp_path / "assistant"
    (fake / "index").mkdir(parents=True)
    (fake / "index" / "zz_probe.py").write_text(source, encoding="utf-8")
    assert violations(fake) == expected


MAX_FUNCTION_LINES = 60


def test_no_function_in_the_package_is_longer_than_sixty_lines() -> None:
    """Long functions are split into steps named for what they do (issue 13); this keeps it so."""
    package = Path(__file__).resolve().parents[1] / "assistant"
    long = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(package.parent)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, "split these functions: " + "; ".join(long)
