"""The Rasa server's command lines from the runtime configuration, and the start-up
errors of both entry points (python -m serving, python -m actions)."""

import pytest

from myna.config import load_config
from serving.launch import rasa_server_args, rasa_shell_args, server_environment


def server_args(env):
    return rasa_server_args(load_config(env))


def flags(args):
    """Each --flag of a command line with the values after it, e.g. {"--port": ["5005"]}."""
    found, key = {}, None
    for arg in args:
        if arg.startswith("--"):
            key = arg
            found[key] = []
        elif key is not None:
            found[key].append(arg)
    return found


def test_defaults_are_local_and_without_the_http_api():
    args = flags(server_args({}))
    assert args["--model"] == ["models/myna.tar.gz"]
    assert args["--credentials"] == ["credentials.local.yml"]  # no LINE settings
    assert args["--interface"] == ["127.0.0.1"] and args["--port"] == ["5005"]
    assert "--enable-api" not in args and "--cors" not in args


def test_line_settings_switch_to_the_full_credentials():
    env = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}
    assert flags(server_args(env))["--credentials"] == ["credentials.yml"]
    assert flags(server_args({**env, "MYNA_CREDENTIALS": "x.yml"}))["--credentials"] == ["x.yml"]


def test_the_http_api_only_with_a_long_token():
    args = flags(server_args({"RASA_API_TOKEN": "0123456789abcdef"}))
    assert args["--enable-api"] == [] and args["--auth-token"] == ["0123456789abcdef"]
    with pytest.raises(ValueError, match="RASA_API_TOKEN"):
        load_config({"RASA_API_TOKEN": "short"})


@pytest.mark.parametrize(
    "value, origins",
    [
        ("https://www.example.jp", ["https://www.example.jp"]),
        ("https://a.example.jp, https://b.example.jp", ["https://a.example.jp", "https://b.example.jp"]),
    ],
)
def test_cors_origins(value, origins):
    assert flags(server_args({"MYNA_CORS_ORIGINS": value}))["--cors"] == origins


@pytest.mark.parametrize("value", ["*", "example.jp", "https://ok.jp *"])
def test_cors_refuses_wildcards_and_bare_hosts(value):
    with pytest.raises(ValueError, match="MYNA_CORS_ORIGINS"):
        load_config({"MYNA_CORS_ORIGINS": value})


def test_the_shell_port():
    assert flags(rasa_shell_args(load_config({"RASA_PORT": "6000"})))["--port"] == ["6000"]


def test_server_environment():
    env = server_environment(load_config({"ACTION_PORT": "6055"}))
    assert env["ACTION_ENDPOINT_URL"] == "http://localhost:6055/webhook"
    assert env["SANIC_REQUEST_MAX_SIZE"] == str(256 * 1024)
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    endpoint = {"ACTION_ENDPOINT_URL": "http://actions:5055/webhook"}
    assert server_environment(load_config(endpoint))["ACTION_ENDPOINT_URL"] == "http://actions:5055/webhook"


def test_the_shell_listens_on_the_configured_interface_and_is_quiet():
    args = flags(rasa_shell_args(load_config({})))
    assert args["--interface"] == ["127.0.0.1"] and "--quiet" in args
    assert flags(rasa_shell_args(load_config({"MYNA_INTERFACE": "0.0.0.0"})))["--interface"] == ["0.0.0.0"]


@pytest.mark.parametrize(
    "command, var",
    [(["serving", "server"], "RASA_PORT"), (["serving", "shell"], "RASA_PORT"), (["actions"], "ACTION_PORT")],
)
def test_a_port_in_use_gets_one_line_naming_it_and_its_variable(command, var, tmp_path):
    import socket
    import subprocess
    import sys

    from tests.servers import ROOT

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), var: port},
        )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and port in lines[0] and var in lines[0] and "使用中" in lines[0]
