"""The Dockerfiles cannot be built on the development machine (no access to Docker
Hub), so these tests keep them in step with the local set-up: the Makefile's install
and train steps, the Python that scripts/find-python310 accepts, the code the app
imports and the files it reads, and the `python -m serving` start commands."""

import re
import shlex

import pytest

from tests.servers import ROOT

from . import dockerfile, makefile
from .repo_code import named_paths, package_closure, packages_named_in_yaml

RASA = ROOT / "docker" / "rasa.Dockerfile"
ACTIONS = ROOT / "docker" / "actions.Dockerfile"
# Files that name the packages the Rasa server loads (channels, stores, components).
RASA_YAML = ["config.yml", "endpoints.yml", "credentials.yml", "credentials.local.yml"]


def stage_named(path, name):
    [stage] = [s for s in dockerfile.parse(path) if s.name == name]
    return stage


def covered(path: str, copied) -> bool:
    return any(path == c or path.startswith(c + "/") for c in copied)


# Each image installs its role's lock where `make install` installs dev.txt (every
# role plus the tools); the action server has no LINE channel, so no line.txt.
ROLE_LOCKS = {RASA: "requirements/rasa.txt", ACTIONS: "requirements/actions.txt"}
DEV_LOCK, LINE_LOCK = "requirements/dev.txt", "requirements/line.txt"


def _lock_of(step):
    return step[step.index("-r") + 1]


@pytest.mark.parametrize("path", [RASA, ACTIONS], ids=lambda p: p.name)
def test_packages_are_installed_as_make_install_does_from_the_role_lock(path):
    make_steps = makefile.pip_installs([shlex.split(line) for line in makefile.recipe("$(VENV)/.installed")])
    assert make_steps and all("--require-hashes" in step for step in make_steps)
    wanted = [
        [ROLE_LOCKS[path] if word == DEV_LOCK else word for word in step]
        for step in make_steps
        if path == RASA or _lock_of(step) != LINE_LOCK
    ]
    image_steps = makefile.pip_installs(dockerfile.run_commands(dockerfile.final_chain(path)[0]))
    assert image_steps == wanted
    copied = dockerfile.copied_paths(dockerfile.final_chain(path)[:1], ROOT)
    assert sorted(copied) == sorted(_lock_of(step) for step in image_steps)


def test_the_install_stamp_depends_on_the_locks_it_installs():
    # A changed lock reinstalls.
    steps = makefile.pip_installs([shlex.split(line) for line in makefile.recipe("$(VENV)/.installed")])
    assert set(makefile.prerequisites("$(VENV)/.installed")) == {_lock_of(step) for step in steps}


@pytest.mark.parametrize("path", [RASA, ACTIONS], ids=lambda p: p.name)
def test_base_image_has_the_python_find_python310_accepts(path):
    wanted = re.search(r"version_info\[:2\] == \((\d+), (\d+)\)", (ROOT / "scripts" / "find-python310").read_text())
    base = dockerfile.final_chain(path)[0].base
    assert re.match(rf"python:{wanted.group(1)}\.{wanted.group(2)}-slim-", base), base


def test_model_is_trained_as_make_train_does():
    train = stage_named(RASA, "train")
    [make_command] = makefile.recipe("$(MODEL)")
    make_words = shlex.split(make_command)
    assert make_words[0] == "$(RASA)" and makefile.variable("RASA").endswith("/rasa")
    assert dockerfile.run_commands(train) == [["rasa", *make_words[1:]]]
    copied = dockerfile.copied_paths([train], ROOT)
    assert sorted(copied) == sorted(makefile.training_inputs())
    # The custom components must be importable while training.
    assert package_closure(packages_named_in_yaml(ROOT / "config.yml")) <= set(copied)


def test_rasa_image_has_everything_the_server_imports_and_reads():
    packages = package_closure({"serving"}.union(*(packages_named_in_yaml(ROOT / name) for name in RASA_YAML)))
    model = makefile.variable("MODEL")
    paths = named_paths(packages, built=[model])
    assert model in paths, f"the server does not load {model} (make train's model) by default"
    copied = dockerfile.copied_paths(dockerfile.final_chain(RASA), ROOT)
    missing = sorted(p for p in packages | paths if not covered(p, copied))
    assert not missing, f"rasa.Dockerfile does not copy {missing}"


def test_action_image_has_everything_the_action_server_imports_and_reads():
    # The action server reads what actions/ names; it imports no Rasa-server code.
    packages = package_closure({"actions"})
    assert "serving" not in packages
    copied = dockerfile.copied_paths(dockerfile.final_chain(ACTIONS), ROOT)
    missing = sorted(p for p in packages | named_paths({"actions"}) if not covered(p, copied))
    assert not missing, f"actions.Dockerfile does not copy {missing}"


@pytest.mark.parametrize(
    "path, command", [(RASA, ["serving", "server"]), (ACTIONS, ["actions"])], ids=["rasa", "actions"]
)
def test_images_start_through_the_entry_points(path, command):
    final = dockerfile.final_chain(path)[-1]
    assert [dockerfile.exec_form(args) for args in final.args("CMD")] == [["python", "-m", *command]]
    package, *mode = command
    main = ROOT / package / "__main__.py"
    assert main.is_file(), f"python -m {package} needs {package}/__main__.py"
    assert all(f'"{m}"' in main.read_text() for m in mode), f"{main} does not know the mode {mode}"
    assert not final.args("ENTRYPOINT")


@pytest.mark.parametrize("path", [RASA, ACTIONS], ids=lambda p: p.name)
def test_images_run_unprivileged_with_a_healthcheck(path):
    final = dockerfile.final_chain(path)[-1]
    assert final.args("USER") and final.args("USER")[-1] not in ("root", "0")
    assert final.args("HEALTHCHECK")
    assert dockerfile.env(dockerfile.final_chain(path))["RASA_TELEMETRY_ENABLED"] == "false"


@pytest.mark.parametrize("path", [RASA, ACTIONS])
def test_both_servers_listen_on_the_container_network(path):
    # `python -m serving` binds both to loopback unless MYNA_INTERFACE says otherwise.
    assert dockerfile.env(dockerfile.final_chain(path))["MYNA_INTERFACE"] == "0.0.0.0"
