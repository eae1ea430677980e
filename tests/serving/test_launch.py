import pytest

from serving.launch import (
    LaunchError,
    action_server_args,
    action_server_environment,
    rasa_server_args,
    rasa_shell_args,
    server_environment,
)


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
    args = flags(rasa_server_args({}))
    assert args["--model"] == ["models/myna.tar.gz"]
    assert args["--credentials"] == ["credentials.local.yml"]  # no LINE settings
    assert args["--interface"] == ["127.0.0.1"] and args["--port"] == ["5005"]
    assert "--enable-api" not in args and "--cors" not in args


def test_line_settings_switch_to_the_full_credentials():
    env = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}
    assert flags(rasa_server_args(env))["--credentials"] == ["credentials.yml"]
    assert flags(rasa_server_args({**env, "MYNA_CREDENTIALS": "x.yml"}))["--credentials"] == ["x.yml"]


def test_the_http_api_only_with_a_long_token():
    args = flags(rasa_server_args({"RASA_API_TOKEN": "0123456789abcdef"}))
    assert args["--enable-api"] == [] and args["--auth-token"] == ["0123456789abcdef"]
    with pytest.raises(LaunchError, match="RASA_API_TOKEN"):
        rasa_server_args({"RASA_API_TOKEN": "short"})


@pytest.mark.parametrize(
    "value, origins",
    [
        ("https://www.example.jp", ["https://www.example.jp"]),
        ("https://a.example.jp, https://b.example.jp", ["https://a.example.jp", "https://b.example.jp"]),
    ],
)
def test_cors_origins(value, origins):
    assert flags(rasa_server_args({"MYNA_CORS_ORIGINS": value}))["--cors"] == origins


@pytest.mark.parametrize("value", ["*", "example.jp", "https://ok.jp *"])
def test_cors_refuses_wildcards_and_bare_hosts(value):
    with pytest.raises(LaunchError, match="MYNA_CORS_ORIGINS"):
        rasa_server_args({"MYNA_CORS_ORIGINS": value})


@pytest.mark.parametrize("var", ["RASA_PORT", "ACTION_PORT"])
@pytest.mark.parametrize("value", ["0", "70000", "http"])
def test_bad_ports(var, value):
    with pytest.raises(LaunchError, match=var):
        rasa_server_args({var: value}) if var == "RASA_PORT" else action_server_args({var: value})


def test_shell_and_action_server():
    assert flags(rasa_shell_args({"RASA_PORT": "6000"}))["--port"] == ["6000"]
    assert action_server_args({"ACTION_PORT": "6055"}) == ["--actions", "actions", "--port", "6055"]


def test_the_action_server_listens_where_the_rasa_server_does():
    assert action_server_environment({})["SANIC_HOST"] == "127.0.0.1"
    assert action_server_environment({"MYNA_INTERFACE": "0.0.0.0"})["SANIC_HOST"] == "0.0.0.0"


def test_server_environment():
    env = server_environment({"ACTION_PORT": "6055"})
    assert env["ACTION_ENDPOINT_URL"] == "http://localhost:6055/webhook"
    assert env["SANIC_REQUEST_MAX_SIZE"] == str(256 * 1024)
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert server_environment({"ACTION_ENDPOINT_URL": "http://actions:5055/webhook"})["ACTION_ENDPOINT_URL"] == "http://actions:5055/webhook"


def test_the_shell_listens_on_the_configured_interface_and_is_quiet():
    args = flags(rasa_shell_args({}))
    assert args["--interface"] == ["127.0.0.1"] and "--quiet" in args
    assert flags(rasa_shell_args({"MYNA_INTERFACE": "0.0.0.0"}))["--interface"] == ["0.0.0.0"]


@pytest.mark.parametrize("mode, var", [("server", "RASA_PORT"), ("shell", "RASA_PORT"), ("actions", "ACTION_PORT")])
def test_a_port_in_use_gets_one_line_naming_it_and_its_variable(mode, var, tmp_path):
    import socket
    import subprocess
    import sys

    from tests.servers import ROOT

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", "serving", mode], cwd=ROOT, capture_output=True, text=True, timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), var: port},
        )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and port in lines[0] and var in lines[0] and "使用中" in lines[0]


def test_the_action_server_starts_and_answers_without_rasa(tmp_path):
    # Its image installs requirements/actions.txt only: no rasa, whose import fails here.
    import json
    import os
    import subprocess
    import sys
    import urllib.request

    from tests.servers import ROOT, free_port, http_ok, stop_group, wait_until

    port = free_port()
    without_rasa = (
        "import runpy, sys; sys.modules['rasa'] = None; sys.argv = ['serving', 'actions']; "
        "runpy.run_module('serving', run_name='__main__', alter_sys=True)"
    )
    with open(tmp_path / "actions.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", without_rasa], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env=dict(os.environ, ACTION_PORT=str(port), RASA_TELEMETRY_ENABLED="false"), start_new_session=True,
        )
    try:
        wait_until(lambda: http_ok(f"http://127.0.0.1:{port}/health"), 60, "action server", process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/actions", timeout=10) as response:
            names = {action["name"] for action in json.loads(response.read())}
        assert "action_choose_hotline" in names
    finally:
        stop_group(process)
