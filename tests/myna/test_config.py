"""The runtime configuration (myna/config.py): good and bad environments, every bad
variable named at once, README's table, and no other reader of the environment."""

from __future__ import annotations

import ast
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from myna import clock, profile
from myna.config import (
    VARIABLES,
    ConfigError,
    DatabaseSettings,
    RateLimits,
    RedisSettings,
    RuntimeConfig,
    load_config,
    markdown_table,
)

ROOT = Path(__file__).resolve().parents[2]


def test_the_defaults_are_a_local_start():
    config = load_config({})
    assert config.database == DatabaseSettings("sqlite", "tracker.db")
    assert config.redis is None and config.store_wait_seconds == 30.0
    assert config.rate_limits == RateLimits(per_conversation=30, per_address=300)
    assert (config.interface, config.rasa_port, config.action_port) == ("127.0.0.1", 5005, 5055)
    assert config.action_endpoint_url == "http://localhost:5055/webhook"
    assert (config.model, config.endpoints, config.credentials) == (
        "models/myna.tar.gz",
        "endpoints.yml",
        "credentials.local.yml",
    )
    assert config.cors_origins == () and config.api_token is None
    assert config.request_max_bytes == 256 * 1024
    assert not config.line.configured and config.line.api_endpoint == "https://api.line.me"
    assert config.line.api_timeout == 10.0
    assert config.retention_days == 90 and config.shell_explain is False
    assert config.profile_file == profile.DEFAULT_PATH and config.fixed_now is None


TOKYO_EVENING = datetime(2026, 11, 21, 18, 0, tzinfo=clock.TOKYO)


@pytest.mark.parametrize(
    "env, field, expected",
    [
        (
            {"MYNA_DATABASE_URL": "postgresql://myna:s%40cret@db:6543/conversations"},
            "database",
            DatabaseSettings("postgresql", "conversations", "db", 6543, "myna", "s@cret"),
        ),
        ({"MYNA_DATABASE_URL": "postgres://u@db/x"}, "database", DatabaseSettings("postgresql", "x", "db", 5432, "u")),
        (
            {"MYNA_DATABASE_URL": "sqlite:////var/lib/myna/t.db"},
            "database",
            DatabaseSettings("sqlite", "/var/lib/myna/t.db"),
        ),
        ({"MYNA_REDIS_URL": "redis://:pw@cache:6380/2"}, "redis", RedisSettings("cache", 6380, 2, "pw")),
        ({"MYNA_REDIS_URL": "redis://localhost"}, "redis", RedisSettings("localhost", 6379, 0)),
        ({"MYNA_REDIS_URL": ""}, "redis", None),
        ({"MYNA_STORE_WAIT_SECONDS": "2.5"}, "store_wait_seconds", 2.5),
        ({"MYNA_RATE_PER_CONVERSATION": "5", "MYNA_RATE_PER_ADDRESS": "7"}, "rate_limits", RateLimits(5, 7)),
        ({"ACTION_PORT": "6055"}, "action_endpoint_url", "http://localhost:6055/webhook"),
        (
            {"ACTION_PORT": "6055", "ACTION_ENDPOINT_URL": "http://actions:5055/webhook"},
            "action_endpoint_url",
            "http://actions:5055/webhook",
        ),
        (
            {"MYNA_CORS_ORIGINS": "https://a.example.jp, https://b.example.jp"},
            "cors_origins",
            ("https://a.example.jp", "https://b.example.jp"),
        ),
        ({"RASA_API_TOKEN": "0123456789abcdef"}, "api_token", "0123456789abcdef"),
        ({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}, "credentials", "credentials.yml"),
        (
            {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t", "MYNA_CREDENTIALS": "x.yml"},
            "credentials",
            "x.yml",
        ),
        ({"LINE_CHANNEL_SECRET": "s"}, "credentials", "credentials.local.yml"),  # half a LINE setting
        ({"MYNA_FIXED_NOW": "2026-11-21T18:00:00"}, "fixed_now", TOKYO_EVENING),  # naive: Tokyo
        ({"MYNA_FIXED_NOW": "2026-11-21T09:00:00Z"}, "fixed_now", TOKYO_EVENING),
        ({"MYNA_SETTINGS_FILE": "/srv/insurer.yml"}, "profile_file", Path("/srv/insurer.yml")),
        ({"MYNA_SHELL_EXPLAIN": "1"}, "shell_explain", True),
        ({"MYNA_SHELL_EXPLAIN": "off"}, "shell_explain", False),
        ({"MYNA_RETENTION_DAYS": " 30 "}, "retention_days", 30),
        ({"SANIC_REQUEST_MAX_SIZE": "1024"}, "request_max_bytes", 1024),
    ],
)
def test_good_environments(env, field, expected):
    assert getattr(load_config(env), field) == expected


@pytest.mark.parametrize(
    "variable, value",
    [
        ("MYNA_DATABASE_URL", "mysql://u:p@db/x"),  # not supported: say so rather than guess
        ("MYNA_DATABASE_URL", "sqlite://"),
        ("MYNA_DATABASE_URL", "sqlite://host/file.db"),
        ("MYNA_DATABASE_URL", "postgresql://db"),  # no database name
        ("MYNA_DATABASE_URL", "postgresql:///x"),  # no host
        ("MYNA_DATABASE_URL", "postgresql://u:p@db:99999/x"),
        ("MYNA_DATABASE_URL", "postgresql://u:p@db:port/x"),
        ("MYNA_DATABASE_URL", "tracker.db"),
        ("MYNA_REDIS_URL", "localhost:6379"),
        ("MYNA_REDIS_URL", "rediss://cache"),
        ("MYNA_REDIS_URL", "redis://cache/zero"),
        ("MYNA_REDIS_URL", "redis://:6379"),
        ("MYNA_STORE_WAIT_SECONDS", "0"),
        ("MYNA_STORE_WAIT_SECONDS", "ten"),
        ("MYNA_STORE_WAIT_SECONDS", "601"),
        ("MYNA_RATE_PER_CONVERSATION", "0"),
        ("MYNA_RATE_PER_CONVERSATION", "1.5"),
        ("MYNA_RATE_PER_ADDRESS", "-1"),
        ("RASA_PORT", "0"),
        ("RASA_PORT", "70000"),
        ("ACTION_PORT", "http"),
        ("ACTION_ENDPOINT_URL", "actions:5055/webhook"),
        ("MYNA_CORS_ORIGINS", "*"),
        ("MYNA_CORS_ORIGINS", "example.jp"),
        ("MYNA_CORS_ORIGINS", "https://ok.jp *"),
        ("RASA_API_TOKEN", "short"),
        ("SANIC_REQUEST_MAX_SIZE", "big"),
        ("LINE_API_ENDPOINT", "api.line.me"),
        ("LINE_API_TIMEOUT", "soon"),
        ("LINE_API_TIMEOUT", "0"),
        ("MYNA_FIXED_NOW", "tomorrow"),
        ("MYNA_RETENTION_DAYS", "0"),
        ("MYNA_RETENTION_DAYS", "ten"),
        ("MYNA_SHELL_EXPLAIN", "maybe"),
    ],
)
def test_bad_environments_name_the_variable_in_japanese_without_the_password(variable, value):
    with pytest.raises(ConfigError) as raised:
        load_config({variable: value})
    assert raised.value.variables == [variable]
    message = str(raised.value)
    assert variable in message and any("\u3040" <= ch <= "\u30ff" for ch in message)  # kana: Japanese
    assert ":p@" not in message


def test_every_bad_variable_is_named_at_once():
    with pytest.raises(ConfigError) as raised:
        load_config({"RASA_PORT": "x", "MYNA_REDIS_URL": "x", "MYNA_RETENTION_DAYS": "x", "MYNA_MODEL": "m.tar.gz"})
    assert sorted(raised.value.variables) == ["MYNA_REDIS_URL", "MYNA_RETENTION_DAYS", "RASA_PORT"]
    assert len(str(raised.value).splitlines()) == 3


def test_install_hands_the_pure_modules_their_values(runtime_env, tmp_path):
    runtime_env(MYNA_FIXED_NOW="2026-11-21T18:00:00", MYNA_SETTINGS_FILE=str(tmp_path / "p.yml"))
    assert clock.now() == TOKYO_EVENING and profile.profile_path() == tmp_path / "p.yml"
    runtime_env(MYNA_FIXED_NOW=None)
    assert abs(clock.now() - datetime.now(timezone.utc)) < timedelta(minutes=1)


class _Recorder(dict):
    def __init__(self) -> None:
        super().__init__()
        self.read = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)


def test_every_variable_is_documented_and_every_field_has_one():
    recorder = _Recorder()
    load_config(recorder)
    names = [v.name for v in VARIABLES]
    assert len(names) == len(set(names))
    assert recorder.read == set(names)
    assert {v.field for v in VARIABLES} == {f.name for f in fields(RuntimeConfig)}


def test_the_readme_table_is_the_documented_one():
    """README's table is `python -c 'from myna.config import markdown_table; print(markdown_table())'`."""
    assert markdown_table() in (ROOT / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- one reader
def _project_files():
    skip = {".venv", "tests", "node_modules", "models", ".git"}
    for path in sorted(ROOT.rglob("*.py")):
        if not skip.intersection(path.relative_to(ROOT).parts):
            yield path


def _environment_reads(tree: ast.AST):
    """Lines that read os.environ other than to hand it whole to load_config or to a
    child process, or to set variables for Rasa, Sanic or a child."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and {"environ", "getenv"} & {alias.name for alias in node.names}
        ):
            yield node.lineno
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os"):
            continue
        if node.attr == "getenv":
            yield node.lineno
        if node.attr != "environ":
            continue
        parent = parents[node]
        handed_whole = (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and (parent.func.id == "load_config" or (parent.func.id == "dict" and parent.args[:1] == [node]))
        )
        written = (isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store)) or (
            isinstance(parent, ast.Attribute) and parent.attr in ("update", "setdefault")
        )
        if not (handed_whole or written):
            yield node.lineno


def test_only_the_configuration_reads_the_environment():
    reads = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _project_files()
        for line in _environment_reads(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert reads == []


def test_the_check_finds_a_read():
    assert list(_environment_reads(ast.parse("import os\nx = os.environ.get('MYNA_MODEL')\n"))) == [2]
    assert list(_environment_reads(ast.parse("import os\nx = os.environ['MYNA_MODEL']\n"))) == [2]
    assert list(_environment_reads(ast.parse("from os import getenv\n"))) == [1]
    assert list(_environment_reads(ast.parse("import os\nload_config(os.environ)\nos.environ['A'] = '1'\n"))) == []


def test_run_sh_gets_its_values_as_shell_assignments(runtime_env, capsys):
    from myna.config import main

    runtime_env(ACTION_PORT="6055", LINE_CHANNEL_SECRET="s", LINE_CHANNEL_ACCESS_TOKEN="t")
    assert main(["--shell"]) == 0
    assert capsys.readouterr().out.splitlines() == ["action_port=6055", "rasa_port=5005", "line_configured=1"]
