"""The import contract: `runner/` is layered and imports point down only, with no cycle.

Every import counts: module level, inside functions, and under ``if TYPE_CHECKING``. The layers
are drawn in docs/architecture.md; change both together. A module not listed in any layer is
itself a failure, so a new sub-package has to be placed on purpose.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Bottom to top. A module may import its own layer and those below; the root package (the lazy
#: public API) is the top.
LAYERS: list[tuple[str, ...]] = [
    ("runner.errors", "runner._files", "runner._version"),
    ("runner.model",),
    ("runner.core.variables", "runner.core.suggest", "runner.core.template", "runner.core.usage",
     "runner.core.query", "runner.core.json_schema", "runner.core.secrets", "runner.core.secret_forms", "runner.core.redact",
     "runner.scripting", "runner.sandbox", "runner.sitecore"),
    ("runner.core.assertion", "runner.core.capture", "runner.core.bodies", "runner.core.postman_wire", "runner.load"),
    ("runner.transport", "runner.core.auth"),
    ("runner.core.prepare", "runner.core.validate", "runner.core.plan", "runner.core.jobs", "runner.core.engine",
     "runner.core"),
    ("runner.kinds",),
    ("runner.convert", "runner.reporters"),
    ("runner.cli", "runner.pytest_plugin"),
    ("runner", "runner.__main__"),
]
#: Entries that name one module only, not the modules below it (runner.core spans layers 2 to 5).
EXACT = {"runner", "runner.__main__", "runner.core"}


def layer_of(module: str) -> int | None:
    """The layer of the longest listed prefix of `module`."""
    best: tuple[int, int] | None = None
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or (prefix not in EXACT and module.startswith(prefix + ".")):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), level)
    return None if best is None else best[1]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, module: str, modules: set[str]) -> set[str]:
    """The package modules `path` imports, resolved (``from x import y`` counts y when it is a module)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {m for m in found if m in modules and m != module}


def import_graph(package_root: Path) -> dict[str, set[str]]:
    files = {module_name(p, package_root.parent): p for p in sorted(package_root.rglob("*.py"))}
    modules = set(files)
    return {m: imports_of(p, m, modules) for m, p in files.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(graph.items()):
        mine = layer_of(module)
        if mine is None:
            problems.append(f"{module} is in no layer (add it to LAYERS and docs/architecture.md)")
            continue
        for target in sorted(targets):
            theirs = layer_of(target)
            if theirs is not None and theirs > mine:
                problems.append(f"{module} (layer {mine}) imports {target} (layer {theirs}): upward")
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each one import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _package_graph(root: Path) -> dict[str, set[str]]:
    graph = import_graph(root)
    # A package's __init__ re-exporting its own modules is not a dependency of theirs on it.
    return {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}


def test_runner_imports_point_down_only() -> None:
    assert upward_imports(_package_graph(ROOT / "runner")) == []


def test_runner_has_no_import_cycle() -> None:
    assert cycles(_package_graph(ROOT / "runner")) == []


@pytest.fixture
def runner_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "runner"
    shutil.copytree(ROOT / "runner", copy, ignore=shutil.ignore_patterns("__pycache__", "*.js", "*.json", "*.j2"))
    return copy


def test_a_new_upward_import_fails_the_contract(runner_copy: Path) -> None:
    variables = runner_copy / "core" / "variables.py"
    variables.write_text(variables.read_text() + "\n\ndef _late():\n    from runner.cli.main import main\n")
    assert upward_imports(_package_graph(runner_copy)) == [
        "runner.core.variables (layer 2) imports runner.cli.main (layer 8): upward"]


def test_a_type_checking_import_counts_too(runner_copy: Path) -> None:
    results = runner_copy / "model" / "results.py"
    results.write_text(results.read_text() + "\nif TYPE_CHECKING:\n    from runner.core.engine import Run\n")
    assert upward_imports(_package_graph(runner_copy)) == [
        "runner.model.results (layer 1) imports runner.core.engine (layer 5): upward"]


def test_a_cycle_inside_one_layer_fails(runner_copy: Path) -> None:
    template = runner_copy / "core" / "template.py"
    template.write_text(template.read_text() + "\n\ndef _late():\n    from runner.core import secrets\n")
    secrets = runner_copy / "core" / "secrets.py"
    secrets.write_text(secrets.read_text() + "\n\ndef _late():\n    from runner.core.template import render\n")
    assert cycles(_package_graph(runner_copy)) == [["runner.core.secrets", "runner.core.template"]]


def test_a_module_outside_every_layer_fails(runner_copy: Path) -> None:
    (runner_copy / "extras").mkdir()
    (runner_copy / "extras" / "__init__.py").write_text("")
    assert upward_imports(_package_graph(runner_copy)) == [
        "runner.extras is in no layer (add it to LAYERS and docs/architecture.md)"]
