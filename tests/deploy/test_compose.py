"""docker/compose.yml parses with Debian's docker-compose, fails clearly without its
secrets, and wires the services to each other the way the app reads its settings."""

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.servers import ROOT

from . import dockerfile
from .compose_file import (
    dummy_env,
    example_values,
    interpolated_variables,
    interpolations,
    run,
    services_built_from,
)
from .repo_code import reads_variable

REQUIRED = {name: message for name, message in interpolated_variables().items() if message}


def image_env(name: str) -> dict[str, str]:
    return dockerfile.env(dockerfile.final_chain(ROOT / "docker" / name))


def image_files(name: str) -> list[Path]:
    """The Python and YAML files the image's final stage copies from the repository."""
    files = []
    for path in dockerfile.copied_paths(dockerfile.final_chain(ROOT / "docker" / name), ROOT):
        source = ROOT / path
        candidates = sorted(source.rglob("*")) if source.is_dir() else [source]
        files += [f for f in candidates if f.suffix in (".py", ".yml")]
    return files


def shares_network(config: dict, a: str, b: str) -> bool:
    return bool(set(config["services"][a]["networks"]) & set(config["services"][b]["networks"]))


def test_config_parses_with_all_variables_set():
    result = run(dummy_env(), "config", "-q")
    assert result.returncode == 0, result.stderr


def test_env_example_lists_every_variable_compose_reads():
    assert set(example_values()) == set(interpolated_variables())


def test_secrets_are_required_with_a_message():
    assert "POSTGRES_PASSWORD" in REQUIRED


def test_no_secret_is_committed(compose_config):
    secret = re.compile(r"PASSWORD|SECRET|TOKEN")
    assert all(value == "" for name, value in example_values().items() if secret.search(name))
    # Every secret a container gets is the env file's value, none written in compose.yml.
    given = dummy_env()
    for service in compose_config["services"].values():
        for name, value in service.get("environment", {}).items():
            if secret.search(name):
                assert value == given[name], name


def test_each_variable_is_interpolated_the_same_way_everywhere():
    forms = {}
    for name, rest in interpolations():
        forms.setdefault(name, set()).add(rest)
    assert {name: rests for name, rests in forms.items() if len(rests) > 1} == {}


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_missing_secret_stops_compose_with_its_message(name):
    assert name in REQUIRED[name], "the message names the variable"
    result = run({**dummy_env(), name: ""}, "config", "-q")
    assert result.returncode != 0
    assert REQUIRED[name] in result.stderr


def test_pulled_images_are_pinned_and_built_images_tagged(compose_config):
    for name, service in compose_config["services"].items():
        image, _, tag = service["image"].rpartition(":")
        assert image and tag and tag != "latest", f"{name}: {service['image']}"
        if "build" not in service:
            assert any(c.isdigit() for c in tag), f"{name}: {service['image']} is not a version"


def debian_version(package: str) -> str:
    """The installed package's upstream version (no epoch, no Debian revision)."""
    result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    assert result.returncode == 0, f"{package} is not installed: run `make system-packages`"
    return re.sub(r"^\d+:", "", result.stdout).split("-")[0]


# The tests run these Debian bookworm packages; the images are their upstream versions.
@pytest.mark.parametrize(
    "service, package", [("nginx", "nginx"), ("postgres", "postgresql"), ("redis", "redis-server")]
)
def test_store_and_proxy_images_mirror_the_debian_packages_the_tests_use(compose_config, service, package):
    tag = compose_config["services"][service]["image"].rpartition(":")[2]
    assert re.match(rf"{re.escape(tag)}(?!\d)", debian_version(package)), f"{service}: {tag} vs Debian {package}"


def test_build_contexts_are_the_repository(compose_config):
    for name, service in compose_config["services"].items():
        if "build" in service:
            assert Path(service["build"]["context"]).resolve() == ROOT, name
            assert (ROOT / service["build"]["dockerfile"]).is_file(), name


def test_two_identical_rasa_replicas_and_one_action_server(compose_config):
    replicas = services_built_from(compose_config, "rasa.Dockerfile")
    assert len(replicas) == 2
    first, second = (compose_config["services"][name] for name in replicas)
    assert first == second
    assert len(services_built_from(compose_config, "actions.Dockerfile")) == 1


@pytest.mark.parametrize("dockerfile_name", ["rasa.Dockerfile", "actions.Dockerfile"])
def test_every_variable_passed_to_the_app_is_read_by_its_code(compose_config, dockerfile_name):
    files = image_files(dockerfile_name)
    passed = set(image_env(dockerfile_name))
    for service in services_built_from(compose_config, dockerfile_name):
        passed |= set(compose_config["services"][service].get("environment", {}))
    # PYTHON* and PIP_* configure the interpreter and pip in the image; the shared
    # package layer turns Rasa's telemetry off for whatever runs Rasa on it (the action
    # server, python -m actions, does not).
    for name in sorted(passed):
        if not name.startswith(("PYTHON", "PIP_")) and name != "RASA_TELEMETRY_ENABLED":
            assert reads_variable(name, files), f"{dockerfile_name}: nothing in the image reads {name}"


def test_rasa_reaches_the_stores_and_the_action_server(compose_config):
    services = compose_config["services"]
    actions = services_built_from(compose_config, "actions.Dockerfile")[0]
    postgres = services["postgres"]["environment"]
    action_port = (
        services[actions].get("environment", {}).get("ACTION_PORT") or image_env("actions.Dockerfile")["ACTION_PORT"]
    )
    for name in services_built_from(compose_config, "rasa.Dockerfile"):
        env = services[name]["environment"]
        database = urlsplit(env["MYNA_DATABASE_URL"])
        assert (database.scheme, database.hostname, database.port) == ("postgresql", "postgres", 5432)
        assert (database.username, database.password, database.path) == (
            postgres["POSTGRES_USER"],
            postgres["POSTGRES_PASSWORD"],
            "/" + postgres["POSTGRES_DB"],
        )
        redis = urlsplit(env["MYNA_REDIS_URL"])
        assert (redis.scheme, redis.hostname) == ("redis", "redis")
        action = urlsplit(env["ACTION_ENDPOINT_URL"])
        assert (action.hostname, str(action.port), action.path) == (actions, action_port, "/webhook")
        for target in ("postgres", "redis", actions):
            assert shares_network(compose_config, name, target), f"{name} cannot reach {target}"
            assert services[name]["depends_on"][target] == {"condition": "service_healthy"}


def test_nginx_fronts_both_replicas_with_the_apps_body_limit(compose_config):
    services = compose_config["services"]
    nginx = services["nginx"]["environment"]
    rasa_port = image_env("rasa.Dockerfile")["RASA_PORT"]
    replicas = services_built_from(compose_config, "rasa.Dockerfile")
    assert sorted(v for k, v in nginx.items() if k.startswith("RASA_REPLICA_")) == [
        f"{name}:{rasa_port}" for name in replicas
    ]
    for name in replicas:
        assert shares_network(compose_config, "nginx", name)
        assert services[name]["environment"]["SANIC_REQUEST_MAX_SIZE"] == nginx["REQUEST_MAX_BYTES"]
    assert [port["target"] for port in services["nginx"]["ports"]] == [int(nginx["NGINX_LISTEN"])]


def test_only_nginx_is_published(compose_config):
    published = [name for name, service in compose_config["services"].items() if service.get("ports")]
    assert published == ["nginx"]
