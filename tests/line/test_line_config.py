"""Start-up settings of the LINE channel: the runtime configuration (env vars),
credentials.yml, clear errors."""

import os
import subprocess

import pytest

import channels.line as line
from channels.line import LineConfigError, LineInput
from myna.config import DEFAULT_LINE_API_ENDPOINT as DEFAULT_API_ENDPOINT
from tests.servers import ROOT, free_port

VARIABLES = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "LINE_API_ENDPOINT", "LINE_API_TIMEOUT")


@pytest.fixture
def clean_env(runtime_env):
    runtime_env(**dict.fromkeys(VARIABLES))
    return runtime_env


def test_settings_from_environment(clean_env):
    clean_env(LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t")
    channel = LineInput.from_credentials(None)
    assert channel.name() == "line"
    assert channel.url_prefix() == "line"
    assert channel.configuration.host == DEFAULT_API_ENDPOINT == "https://api.line.me"
    assert channel.configuration.access_token == "t"

    clean_env(LINE_API_ENDPOINT="http://127.0.0.1:9/", LINE_API_TIMEOUT="3")
    channel = LineInput.from_credentials({})
    assert channel.configuration.host == "http://127.0.0.1:9"
    assert channel.api_timeout == 3.0


def test_credentials_file_values_win_over_environment(clean_env):
    clean_env(LINE_CHANNEL_SECRET="from-env")
    channel = LineInput.from_credentials({"channel_secret": "from-file", "channel_access_token": "tok"})
    assert channel.validator.channel_secret == b"from-file"


@pytest.mark.parametrize(
    "present, missing",
    [
        ({}, "LINE_CHANNEL_SECRET"),
        ({"LINE_CHANNEL_SECRET": "s"}, "LINE_CHANNEL_ACCESS_TOKEN"),
        ({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "  "}, "LINE_CHANNEL_ACCESS_TOKEN"),
    ],
)
def test_missing_setting_names_the_variable_in_japanese_and_english(clean_env, present, missing):
    clean_env(**present)
    with pytest.raises(LineConfigError) as error:
        LineInput.from_credentials(None)
    message = str(error.value)
    assert missing in message
    assert "環境変数" in message and "environment variable" in message


@pytest.mark.parametrize(
    "key, name, value",
    [("api_endpoint", "LINE_API_ENDPOINT", "api.line.me"), ("api_timeout", "LINE_API_TIMEOUT", "soon")],
)
def test_bad_optional_settings(clean_env, key, name, value):
    with pytest.raises(ValueError, match=name):  # from the environment: at start-up
        clean_env(LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t", **{name: value})
    clean_env(**{name: None})
    with pytest.raises(LineConfigError, match=name):  # from credentials.yml: as Rasa builds the channel
        LineInput.from_credentials({key: value})


def test_missing_sdk_is_reported_with_the_install_command(clean_env, monkeypatch):
    monkeypatch.setattr(line, "_SDK_ERROR", ImportError("No module named 'linebot'"))
    with pytest.raises(LineConfigError, match="line-bot-sdk==3.1.0"):
        LineInput.from_credentials(None)


def test_rasa_run_stops_with_the_message(tmp_path):
    """The error reaches the person starting `rasa run` and the exit code is 1."""
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("channels.line.LineInput:\n")
    model = tmp_path / "not-loaded.tar.gz"  # channels are created before the model loads
    model.touch()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("{}\n")
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env["RASA_TELEMETRY_ENABLED"] = "false"
    result = subprocess.run(
        [
            str(ROOT / ".venv/bin/rasa"),
            "run",
            "--credentials",
            str(credentials),
            "--endpoints",
            str(endpoints),
            "--model",
            str(model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(free_port()),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "LineConfigError" in output and "LINE_CHANNEL_SECRET" in output
    assert "環境変数" in output
