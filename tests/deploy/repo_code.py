"""What the assistant's code needs from the repository: the packages it imports and
the repository files it names by path. Read from the source (ast), never imported."""

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from tests.servers import ROOT

PACKAGES = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}
_DOTTED = re.compile(r"^([A-Za-z_]\w*)\.[A-Za-z_][\w.]*$")


def _trees(package: str) -> Iterator[ast.AST]:
    for path in sorted((ROOT / package).rglob("*.py")):
        yield ast.parse(path.read_text(), filename=str(path))


def _top_level_imports(package: str) -> set[str]:
    """Every top-level module the package's code imports (lazy imports included)."""
    names = set()
    for tree in _trees(package):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def _imported(package: str) -> set[str]:
    return _top_level_imports(package) & PACKAGES


def package_closure(roots: Iterable[str]) -> set[str]:
    """The repository packages the roots import, directly or through each other
    (per package: any module's import counts)."""
    found, todo = set(), list(roots)
    while todo:
        package = todo.pop()
        if package not in found:
            found.add(package)
            todo.extend(_imported(package) - found)
    return found


def named_paths(packages: Iterable[str], built: Iterable[str] = ()) -> set[str]:
    """String constants in the packages' code that are a path in the repository
    ('settings', 'endpoints.yml') or one of the `built` files (which may not exist
    yet): read at run time."""
    built = set(built)
    top = {p.name for p in ROOT.iterdir()}
    paths = set()
    for package in packages:
        for tree in _trees(package):
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    value = node.value
                    if value in built or (value.split("/")[0] in top and (ROOT / value).exists()):
                        paths.add(value)
    return paths


def packages_named_in_yaml(path: Path) -> set[str]:
    """Repository packages named by dotted class paths in a Rasa YAML file (custom
    components, channels, stores)."""
    found = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            match = _DOTTED.match(value)
            if match and match.group(1) in PACKAGES:
                found.add(match.group(1))

    walk(yaml.safe_load(path.read_text()))
    return found


def reads_variable(name: str, files: Iterable[Path]) -> bool:
    """Whether the variable's name appears in the files (code reads it by name)."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    return any(pattern.search(path.read_text()) for path in files)


def third_party_imports(packages: Iterable[str]) -> set[str]:
    """Top-level modules the packages import that are neither the standard library's
    nor the repository's: what their lock must provide."""
    names = set().union(*(_top_level_imports(package) for package in packages))
    return {n for n in names if n not in sys.stdlib_module_names and n not in PACKAGES and n != "__future__"}
