"""The shape of the house, read from the source with `ast` (pure, no import of the code).

- `myna/`, the pure domain, is at the bottom: it imports no other package of the
  project, nothing of Rasa, rasa-sdk or a server library, and only the standard
  library plus pydantic, PyYAML and holidays.
- No import circle anywhere (imports inside functions count: a lazy import only hides a
  circle until the function runs).
- The two servers' adapters stay apart: `actions/` (the action server, rasa-sdk) imports
  nothing of the Rasa server's side (`components/`, `serving/`, `channels/`, Rasa
  itself), and the Rasa server's side imports nothing of `actions/` or rasa-sdk.
  `components/` (loaded by `rasa train` too) imports no serving/ or channels/.
- The tools (`staff/`, `evaluation/`, `benchmarks/`, `scripts/`) are never imported by
  the running assistant. Among themselves only two edges are meant: benchmarks/ and
  staff/ reuse evaluation/'s readers of the held-out set and NLU data (and benchmarks/
  its metrics); evaluation/ imports neither, and staff/ and benchmarks/ stay apart.
  The tools reach the servers' adapters through processes, not imports, except staff/'s
  use of serving/ (the stores, the shell's launcher) and benchmarks/' of components/
  (the tokenizer measured on its own).
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "myna",
    "actions",
    "components",
    "serving",
    "channels",
    "staff",
    "evaluation",
    "benchmarks",
    "scripts",
    "tests",
)
RUNTIME = ("myna", "actions", "components", "serving", "channels")
TOOLS = ("staff", "evaluation", "benchmarks", "scripts", "tests")

# Not in the domain: Rasa and the servers' libraries, and heavy NLU libraries.
NOT_IN_THE_DOMAIN = {
    "rasa",
    "rasa_sdk",
    "sanic",
    "aiohttp",
    "redis",
    "sqlalchemy",
    "socketio",
    "engineio",
    "tensorflow",
    "spacy",
    "psycopg2",
    "linebot",
    "sklearn",
    "numpy",
}
DOMAIN_THIRD_PARTY = {"pydantic", "yaml", "holidays"}

# package -> project packages it must not import (besides the tools, see RUNTIME).
LAYERS: dict[str, set[str]] = {
    "myna": set(PACKAGES) - {"myna"},
    "actions": {"components", "serving", "channels"},
    "components": {"actions", "serving", "channels"},
    "serving": {"actions"},
    "channels": {"actions"},
    # The tools among themselves: only staff -> evaluation and benchmarks -> evaluation.
    "evaluation": {"staff", "benchmarks", "actions", "channels"},
    "staff": {"benchmarks", "actions", "components", "channels"},
    "benchmarks": {"staff", "actions", "channels"},
}
# Which side of the two servers may import which library.
LIBRARIES_NOT_IMPORTED = {
    "actions": {"rasa", "sanic"},  # rasa-sdk only: the action server has no Rasa server code
    "components": {"rasa_sdk"},
    "serving": {"rasa_sdk"},
    "channels": {"rasa_sdk"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "node_modules" not in path.parts:
                found[_module_name(path)] = path
    return found


def _project_module(name: str) -> str | None:
    """The project module `name` is, or lives in (a.b.function -> a.b); None outside."""
    while name:
        if name in modules():
            return name
        name = name.rpartition(".")[0]
    return None


@cache
def imports(module: str) -> tuple[frozenset[str], frozenset[str]]:
    """(project modules, top-level names of other modules) that `module` imports,
    anywhere in the file."""
    path = modules()[module]
    own, other = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base.pop()
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            names = [source, *(f"{source}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            target = _project_module(name)
            if target is None:
                other.add(name.split(".")[0])
            elif target != module:
                own.add(target)
    return frozenset(own), frozenset(other)


def _package(module: str) -> str:
    return module.split(".")[0]


def _edges(packages=PACKAGES) -> list[tuple[str, str]]:
    return [(m, t) for m in modules() if _package(m) in packages for t in sorted(imports(m)[0])]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (a -> b -> ... -> a), or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


# ------------------------------------------------------------------ the checker itself
def test_find_cycle_reports_the_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_imports_inside_functions_count():
    own, other = imports("serving.rasa_patches")  # both imported inside functions only
    assert "serving.action_failure" in own and "rasa" in other


def test_every_package_is_read():
    found = {_package(m) for m in modules()}
    assert set(PACKAGES) <= found
    assert len([m for m in modules() if m.startswith("myna.")]) >= 10


# ------------------------------------------------------------------ the rules
def test_the_domain_imports_no_rasa_no_server_library_and_no_adapter():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    wrong = []
    for module in (m for m in modules() if _package(m) == "myna"):
        own, other = imports(module)
        wrong += [f"{module} imports {t}" for t in sorted(own) if _package(t) != "myna"]
        wrong += [
            f"{module} imports {name}"
            for name in sorted(other)
            if name in NOT_IN_THE_DOMAIN or name not in stdlib | DOMAIN_THIRD_PARTY
        ]
    assert not wrong, "myna/ is the pure domain:\n" + "\n".join(wrong)


def test_no_import_circle_anywhere():
    graph: dict[str, set[str]] = {m: set(imports(m)[0]) for m in modules()}
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_layers(package):
    forbidden = set(LAYERS[package]) | (set(TOOLS) if package in RUNTIME else set())
    wrong = [f"{m} imports {t}" for m, t in _edges((package,)) if _package(t) in forbidden]
    assert not wrong, f"{package}/ must not import {sorted(forbidden)}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("package", sorted(LIBRARIES_NOT_IMPORTED))
def test_each_server_side_imports_its_own_framework_only(package):
    wrong = [
        f"{m} imports {name}"
        for m in modules()
        if _package(m) == package
        for name in sorted(imports(m)[1])
        if name in LIBRARIES_NOT_IMPORTED[package]
    ]
    assert not wrong, "\n".join(wrong)


def _names_the_action_server_option(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, ast.Constant) and n.value == "--actions" for n in ast.walk(tree))


def test_the_action_server_starts_from_actions_not_from_serving():
    """rasa-sdk's `--actions` option is given by the action server's own entry point
    (actions/), so that process loads no serving/ module."""
    starters = [m for m, path in modules().items() if _package(m) in RUNTIME and _names_the_action_server_option(path)]
    assert starters and all(_package(m) == "actions" for m in starters), starters
