"""docker/compose.yml as Debian's docker-compose resolves it, with an env file of
dummy values for the variables docker/.env.example lists."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.servers import ROOT

DOCKER_DIR = ROOT / "docker"
COMPOSE_FILE = DOCKER_DIR / "compose.yml"
ENV_EXAMPLE = DOCKER_DIR / ".env.example"


def example_values() -> dict[str, str]:
    """The variables of docker/.env.example with their example values ('' mostly)."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def dummy_env() -> dict[str, str]:
    """Every variable set; letters and digits, as a database password must be."""
    return {key: value or "dummy" + re.sub(r"[^a-z0-9]", "", key.lower()) for key, value in example_values().items()}


def interpolations() -> list[tuple[str, str]]:
    """(variable, what follows its name) for each ${...} in compose.yml."""
    return re.findall(r"\$\{(\w+)([^}]*)\}", COMPOSE_FILE.read_text())


def interpolated_variables() -> dict[str, str]:
    """Variables compose.yml interpolates -> their `:?` message, '' when optional."""
    return {name: rest[2:] if rest.startswith(":?") else "" for name, rest in interpolations()}


def run(env_values: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """docker-compose with only these variables: none leak in from the caller's shell."""
    binary = shutil.which("docker-compose")
    if binary is None:
        # `make test` installs it (scripts/install-system-packages): absence is a failure.
        pytest.fail("docker-compose is missing: run `make system-packages` (Debian package docker-compose)")
    with tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / "env"
        env_file.write_text("".join(f"{key}={value}\n" for key, value in env_values.items()))
        return subprocess.run(
            [binary, "-f", str(COMPOSE_FILE), "--env-file", str(env_file), *args],
            cwd=ROOT,
            env={"PATH": os.environ["PATH"], "HOME": folder},
            capture_output=True,
            text=True,
            timeout=60,
        )


def resolved_config() -> dict:
    result = run(dummy_env(), "config")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def services_built_from(config: dict, dockerfile: str) -> list[str]:
    return sorted(
        name
        for name, service in config["services"].items()
        if service.get("build", {}).get("dockerfile") == f"docker/{dockerfile}"
    )
