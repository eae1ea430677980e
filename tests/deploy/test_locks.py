"""The locks in requirements/ (scripts/lock writes them): pinned with hashes, the
images' locks taken from dev.txt (what `make install` installs), no test or benchmark
package in an image, each lock holding what its code imports, and the venv having the
locked versions."""

import functools
import re
from importlib.metadata import distributions

import pytest

from tests.servers import ROOT

from .repo_code import PACKAGES, package_closure, packages_named_in_yaml, third_party_imports

REQUIREMENTS = ROOT / "requirements"
IMAGE_LOCKS = ["rasa.txt", "actions.txt"]
RASA_YAML = ["config.yml", "endpoints.yml", "credentials.yml", "credentials.local.yml"]
# The tokenizer's fugashi backend, measured by `make bench` and imported only when a
# pipeline asks for it: installed from bench.in, not in the Rasa server's image.
BENCH_ONLY_IMPORTS = {"fugashi", "unidic_lite"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock(file: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Each locked distribution: its version and hashes."""
    entries = {}
    for line in (REQUIREMENTS / file).read_text().replace("\\\n", " ").splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        name, _, version = words[0].partition("==")
        hashes = frozenset(w.partition(":")[2] for w in words[1:] if w.startswith("--hash=sha256:"))
        assert version and hashes, f"{file}: {words[0]} is not pinned with a hash"
        entries[normalized(name)] = (version, hashes)
    return entries


def listed(file: str) -> set[str]:
    """The distributions an .in file names itself (not through -r)."""
    lines = [line.strip() for line in (REQUIREMENTS / file).read_text().splitlines()]
    return {normalized(re.split(r"[=<>!~;\[ ]", line)[0]) for line in lines if line and line[0] not in "#-"}


def test_every_in_file_has_its_lock_or_is_part_of_dev():
    ins = {p.stem for p in REQUIREMENTS.glob("*.in")}
    included = set(re.findall(r"^-r (\w+)\.in$", (REQUIREMENTS / "dev.in").read_text(), re.MULTILINE))
    assert {p.stem for p in REQUIREMENTS.glob("*.txt")} == {"dev", "rasa", "actions", "line", "pip"}
    assert ins - {"dev", "line", "pip"} <= included | set(
        re.findall(r"^-r (\w+)\.in$", (REQUIREMENTS / "rasa.in").read_text(), re.MULTILINE)
    )


@pytest.mark.parametrize("file", IMAGE_LOCKS)
def test_image_locks_have_dev_txt_s_versions_and_hashes(file):
    dev = lock("dev.txt")
    differing = {name: entry for name, entry in lock(file).items() if dev.get(name) != entry}
    assert not differing, f"{file} differs from dev.txt (run make lock): {sorted(differing)}"


@pytest.mark.parametrize("file", IMAGE_LOCKS)
def test_images_carry_no_test_or_benchmark_package(file):
    assert not (listed("dev.in") | listed("bench.in")) & set(lock(file))


def test_the_action_server_image_has_no_rasa():
    assert "rasa" not in lock("actions.txt") and "rasa-sdk" in lock("actions.txt")


def test_the_line_pins_are_hashed_apart_from_the_resolution():
    # Resolved with the rest, line-bot-sdk's exact pins would pull aiohttp 3.8.4 in.
    lines = [line.strip() for line in (REQUIREMENTS / "line.in").read_text().splitlines()]
    pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    assert {normalized(k): v for k, v in pins.items()} == {
        name: version for name, (version, _) in lock("line.txt").items()
    }
    assert "line-bot-sdk" not in lock("dev.txt")


@functools.cache
def _owners() -> dict[str, set[str]]:
    """Installed top-level module -> the distributions that install it: top_level.txt,
    else the files installed (rasa and rasa-sdk have no top_level.txt)."""
    owners: dict[str, set[str]] = {}
    for dist in distributions():
        modules = set((dist.read_text("top_level.txt") or "").split())
        if not modules:
            tops = {file.parts[0] for file in dist.files or []}
            modules = {
                t[: -len(".py")] if t.endswith(".py") else t
                for t in tops
                if not t.endswith((".dist-info", ".data")) and t not in ("..", "__pycache__")
            }
        for module in modules:
            owners.setdefault(module, set()).add(normalized(dist.metadata["Name"]))
    return owners


def _distributions_of(modules: set[str]) -> set[str]:
    owners = _owners()
    missing = sorted(m for m in modules if m not in owners)
    assert not missing, f"no installed distribution provides {missing}"
    return set().union(*(owners[module] for module in modules))


def _locked(*files: str) -> set[str]:
    return set().union(*(lock(file) for file in files))


@pytest.mark.parametrize(
    "packages, files",
    [
        # What rasa.Dockerfile copies: serving and the packages the YAML files name.
        (
            {"serving"}.union(*(packages_named_in_yaml(ROOT / name) for name in RASA_YAML)),
            ["rasa.txt", "line.txt"],
        ),
        ({"actions"}, ["actions.txt"]),
    ],
    ids=["rasa", "actions"],
)
def test_each_server_lock_has_what_its_code_imports(packages, files):
    needed = _distributions_of(third_party_imports(package_closure(packages)) - BENCH_ONLY_IMPORTS)
    assert not needed - _locked(*files), f"{files} lack {sorted(needed - _locked(*files))}"


def test_the_development_lock_has_what_any_code_imports():
    needed = _distributions_of(third_party_imports(PACKAGES))
    assert not needed - _locked("dev.txt", "line.txt"), sorted(needed - _locked("dev.txt", "line.txt"))


def test_the_venv_has_the_locked_versions():
    installed = {normalized(d.metadata["Name"]): d.version for d in distributions()}
    locked = {name: version for file in ("pip.txt", "dev.txt", "line.txt") for name, (version, _) in lock(file).items()}
    assert {name: installed.get(name) for name in locked} == locked
