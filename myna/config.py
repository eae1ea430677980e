"""The runtime configuration: every environment variable the project reads, validated
at once into one `RuntimeConfig` (pure: no Rasa, no connections, no I/O).

Each process reads its environment once, at start-up, in its entry point:

- `python -m serving server|shell` (serving/__main__.py) and `python -m actions`
  (actions/__main__.py) call `load_config(os.environ)`, stop with one message listing
  every bad variable, then `install()` the result for the process;
- the stores, the lock store, the rate limiter and the channels, which Rasa builds
  itself from endpoints.yml and credentials.yml, read that installed object with
  `current()`. Under an entry point Rasa starts without the launcher (a bare
  `rasa run`, `rasa test`, the evaluation's in-process agent), `current()` loads it
  from the environment on first use, with the same validation;
- `install()` also hands the pure modules their values: the fixed clock
  (`myna.clock.fix`) and the insurer profile file (`myna.profile.use_file`). Tests set
  variables in-process through the same path (`runtime_env` in tests/conftest.py).

`VARIABLES` documents each variable (README's table is checked against it), and
`python -m myna.config` checks the configuration and the profile it names.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import SplitResult, unquote, urlsplit

from myna import clock, profile

T = TypeVar("T")

DEFAULT_DATABASE_URL = "sqlite:///tracker.db"
DEFAULT_WAIT_SECONDS = 30.0
DEFAULT_RATE_PER_CONVERSATION = 30
DEFAULT_RATE_PER_ADDRESS = 300  # a household, an office or a care home may share one address
DEFAULT_MODEL = "models/myna.tar.gz"
DEFAULT_ENDPOINTS = "endpoints.yml"
DEFAULT_INTERFACE = "127.0.0.1"
DEFAULT_RASA_PORT = 5005
DEFAULT_ACTION_PORT = 5055
DEFAULT_REQUEST_MAX_BYTES = 256 * 1024  # docker/nginx uses the same limit
DEFAULT_LINE_API_ENDPOINT = "https://api.line.me"
DEFAULT_LINE_API_TIMEOUT = 10.0
DEFAULT_RETENTION_DAYS = 90
MIN_API_TOKEN_LENGTH = 16


class ConfigProblem(ValueError):
    """One bad variable: `variable` and a message in Japanese and English."""

    def __init__(self, variable: str, message: str):
        self.variable = variable
        super().__init__(message)


class ConfigError(ValueError):
    """Every bad variable of one environment, one per line."""

    def __init__(self, problems: list[ConfigProblem]):
        self.problems = problems
        self.variables = [problem.variable for problem in problems]
        super().__init__("\n".join(str(problem) for problem in problems))


# ---------------------------------------------------------------- the values
@dataclass(frozen=True)
class DatabaseSettings:
    dialect: str  # "sqlite" or "postgresql"
    db: str  # the SQLite file, or the PostgreSQL database name
    host: str | None = None
    port: int | None = None
    username: str | None = None
    password: str | None = None

    def describe(self) -> str:
        """Where the conversations go, without the password (for start-up messages)."""
        if self.dialect == "sqlite":
            return f"SQLite {self.db}"
        return f"PostgreSQL {self.username or ''}@{self.host}:{self.port}/{self.db}"


@dataclass(frozen=True)
class RedisSettings:
    host: str
    port: int
    db: int
    password: str | None = None

    def describe(self) -> str:
        return f"Redis {self.host}:{self.port}/{self.db}"


@dataclass(frozen=True)
class RateLimits:
    per_conversation: int
    per_address: int


@dataclass(frozen=True)
class LineSettings:
    """The environment's LINE settings; the LINE channel adds credentials.yml's keys
    (channels/line.py) and says which required one is missing."""

    channel_secret: str | None
    channel_access_token: str | None
    api_endpoint: str = DEFAULT_LINE_API_ENDPOINT
    api_timeout: float = DEFAULT_LINE_API_TIMEOUT

    @property
    def configured(self) -> bool:
        return bool(self.channel_secret and self.channel_access_token)


@dataclass(frozen=True)
class RuntimeConfig:
    profile_file: Path
    fixed_now: datetime | None
    database: DatabaseSettings
    redis: RedisSettings | None  # None: one server process, in-memory locks and counts
    store_wait_seconds: float
    rate_limits: RateLimits
    interface: str
    rasa_port: int
    action_port: int
    action_endpoint_url: str
    model: str
    endpoints: str
    credentials: str
    cors_origins: tuple[str, ...]
    api_token: str | None  # None: Rasa's HTTP API is off
    request_max_bytes: int
    line: LineSettings
    retention_days: int
    shell_explain: bool


# ---------------------------------------------------------------- parsers
def _shown(value: str) -> str:
    return value.split("@")[-1] if "@" in value else value  # never echo a password


def _store_problem(var: str, value: str, problem: str) -> ConfigProblem:
    return ConfigProblem(var, f"{var} の設定が正しくありません ({problem}): {_shown(value)!r}")


def _url_port(var: str, value: str, parts: SplitResult, default: int) -> int:
    try:
        port = parts.port
    except ValueError:
        raise _store_problem(var, value, "port must be a number 1-65535") from None
    return default if port is None else port


def parse_database_url(value: str, var: str = "MYNA_DATABASE_URL") -> DatabaseSettings:
    parts = urlsplit(value.strip())
    if parts.scheme == "sqlite":
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if parts.netloc or not path:
            raise _store_problem(var, value, "use sqlite:///relative/path.db or sqlite:////absolute/path.db")
        return DatabaseSettings(dialect="sqlite", db=path)
    if parts.scheme in ("postgresql", "postgres"):
        db = parts.path.lstrip("/")
        if not parts.hostname or not db:
            raise _store_problem(var, value, "use postgresql://user:password@host:5432/database")
        return DatabaseSettings(
            dialect="postgresql",
            db=unquote(db),
            host=parts.hostname,
            port=_url_port(var, value, parts, 5432),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )
    raise _store_problem(var, value, "only sqlite:/// and postgresql:// are supported")


def parse_redis_url(value: str, var: str = "MYNA_REDIS_URL") -> RedisSettings:
    parts = urlsplit(value.strip())
    if parts.scheme != "redis" or not parts.hostname:
        raise _store_problem(var, value, "use redis://[:password@]host:6379/0")
    db_text = parts.path.lstrip("/") or "0"
    if not db_text.isdigit():
        raise _store_problem(var, value, "the database after the last / must be a number")
    return RedisSettings(
        host=parts.hostname,
        port=_url_port(var, value, parts, 6379),
        db=int(db_text),
        password=unquote(parts.password) if parts.password else None,
    )


def _wait_seconds(value: str, var: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise _store_problem(var, value, "seconds, e.g. 30") from None
    if not 0 < seconds <= 600:
        raise _store_problem(var, value, "between 0 and 600 seconds")
    return seconds


def _whole_number(value: str, var: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ConfigProblem(var, f"{var} は1以上の整数にしてください / {var} must be a whole number ≥ 1: {value!r}")
    return int(value)


def _port(value: str, var: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ConfigProblem(
            var, f"{var} はポート番号 (1-65535) にしてください / {var} must be a port number: {value!r}"
        )
    return int(value)


def _instant(value: str, var: str) -> datetime:
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigProblem(
            var, f"{var} は 2026-11-21T18:00:00 のような日時にしてください / {var}={value!r} is not an ISO datetime"
        ) from None
    return clock.in_tokyo(at)


def _http_url(value: str, var: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ConfigProblem(
            var, f"{var} は http(s):// で始まる URL にしてください。 / {var} must be an http(s):// URL, got {value!r}."
        )
    return value


def parse_line_endpoint(value: str, var: str = "LINE_API_ENDPOINT") -> str:
    return _http_url(value, var)


def parse_line_timeout(value: str, var: str = "LINE_API_TIMEOUT") -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise ConfigProblem(var, f"{var} は秒数で指定してください。 / {var} must be seconds: {value!r}")
    return seconds


def _origins(value: str, var: str) -> tuple[str, ...]:
    origins = tuple(value.replace(",", " ").split())
    for origin in origins:
        if origin == "*" or not origin.startswith(("https://", "http://")):
            raise ConfigProblem(
                var,
                f"{var} には https://example.jp のようなオリジンを並べてください (* は不可) / "
                f"{var} takes explicit origins, not {origin!r}",
            )
    return origins


def _api_token(value: str, var: str) -> str:
    if len(value) < MIN_API_TOKEN_LENGTH:
        raise ConfigProblem(
            var,
            f"{var} は{MIN_API_TOKEN_LENGTH}文字以上にしてください / "
            f"{var} must be at least {MIN_API_TOKEN_LENGTH} characters",
        )
    return value


def _text(value: str, _var: str) -> str:
    return value


def _path(value: str, _var: str) -> Path:
    return Path(value)


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _switch(value: str, var: str) -> bool:
    if value.lower() not in _TRUE + _FALSE:
        raise ConfigProblem(var, f"{var} は 1 か 0 にしてください / {var} must be 1 or 0: {value!r}")
    return value.lower() in _TRUE


# ---------------------------------------------------------------- the variables
@dataclass(frozen=True)
class Variable:
    """One environment variable: the config field it sets, its default as shown to
    operators, what it does and which processes read it (README's table)."""

    name: str
    field: str
    default: str
    meaning: str
    readers: str


RASA = "Rasa server"
ACTIONS = "action server"
STAFF = "staff commands"

VARIABLES: tuple[Variable, ...] = (
    Variable(
        "MYNA_SETTINGS_FILE",
        "profile_file",
        "settings/insurer.yml",
        "the insurer profile (numbers, hours, dates)",
        f"{ACTIONS}, {RASA}",
    ),
    Variable(
        "MYNA_FIXED_NOW",
        "fixed_now",
        "(the real clock)",
        'fixes "now" (ISO date-time, Tokyo unless an offset is given) for tests and demos',
        f"{ACTIONS}, {RASA}",
    ),
    Variable(
        "MYNA_DATABASE_URL",
        "database",
        DEFAULT_DATABASE_URL,
        "tracker store: sqlite:///file.db or postgresql://user:password@host:5432/db",
        f"{RASA}, {STAFF}",
    ),
    Variable(
        "MYNA_REDIS_URL",
        "redis",
        "(unset: in memory)",
        "redis://host:6379/0 for locks, rate counts and LINE redelivery shared by several replicas",
        RASA,
    ),
    Variable(
        "MYNA_STORE_WAIT_SECONDS",
        "store_wait_seconds",
        f"{DEFAULT_WAIT_SECONDS:g}",
        "how long a store may not answer (start-up, restart) before a request fails",
        RASA,
    ),
    Variable(
        "MYNA_RATE_PER_CONVERSATION",
        "rate_limits",
        str(DEFAULT_RATE_PER_CONVERSATION),
        "messages a minute per conversation",
        RASA,
    ),
    Variable(
        "MYNA_RATE_PER_ADDRESS",
        "rate_limits",
        str(DEFAULT_RATE_PER_ADDRESS),
        "messages a minute per client address",
        RASA,
    ),
    Variable(
        "MYNA_INTERFACE",
        "interface",
        DEFAULT_INTERFACE,
        "listening address of both servers (0.0.0.0 in a container)",
        f"{RASA}, {ACTIONS}",
    ),
    Variable("RASA_PORT", "rasa_port", str(DEFAULT_RASA_PORT), "the Rasa server's port", RASA),
    Variable("ACTION_PORT", "action_port", str(DEFAULT_ACTION_PORT), "the action server's port", f"{ACTIONS}, {RASA}"),
    Variable(
        "ACTION_ENDPOINT_URL",
        "action_endpoint_url",
        "http://localhost:ACTION_PORT/webhook",
        "where the Rasa server calls the action server (endpoints.yml)",
        RASA,
    ),
    Variable("MYNA_MODEL", "model", DEFAULT_MODEL, "the trained model", RASA),
    Variable("MYNA_ENDPOINTS", "endpoints", DEFAULT_ENDPOINTS, "Rasa's endpoints file", RASA),
    Variable(
        "MYNA_CREDENTIALS",
        "credentials",
        "credentials.yml with LINE, else credentials.local.yml",
        "Rasa's channel file",
        RASA,
    ),
    Variable(
        "MYNA_CORS_ORIGINS",
        "cors_origins",
        "(none)",
        "other origins allowed to embed the chat (https://…, space or comma separated; no *)",
        RASA,
    ),
    Variable(
        "RASA_API_TOKEN",
        "api_token",
        "(unset: API off)",
        f"turns on Rasa's HTTP API with this token (at least {MIN_API_TOKEN_LENGTH} characters)",
        RASA,
    ),
    Variable(
        "SANIC_REQUEST_MAX_SIZE",
        "request_max_bytes",
        str(DEFAULT_REQUEST_MAX_BYTES),
        "largest request body in bytes (nginx uses the same)",
        RASA,
    ),
    Variable("LINE_CHANNEL_SECRET", "line", "(unset: no LINE)", "LINE channel secret (checks signatures)", RASA),
    Variable("LINE_CHANNEL_ACCESS_TOKEN", "line", "(unset: no LINE)", "LINE channel access token (reply, push)", RASA),
    Variable("LINE_API_ENDPOINT", "line", DEFAULT_LINE_API_ENDPOINT, "LINE API base URL (tests use a fake)", RASA),
    Variable("LINE_API_TIMEOUT", "line", f"{DEFAULT_LINE_API_TIMEOUT:g}", "seconds per LINE API call", RASA),
    Variable(
        "MYNA_RETENTION_DAYS",
        "retention_days",
        str(DEFAULT_RETENTION_DAYS),
        "make purge deletes conversations quiet for longer",
        STAFF,
    ),
    Variable("MYNA_SHELL_EXPLAIN", "shell_explain", "0", "1: make shell explains each answer", STAFF),
)


def markdown_table() -> str:
    """README's table of VARIABLES."""
    rows = ["| variable | default | what it does | read by |", "|---|---|---|---|"]
    rows += [f"| `{v.name}` | {v.default} | {v.meaning} | {v.readers} |" for v in VARIABLES]
    return "\n".join(rows)


# ---------------------------------------------------------------- loading
def load_config(env: Mapping[str, str]) -> RuntimeConfig:
    """Every variable of `env` checked; ConfigError names each bad one."""
    problems: list[ConfigProblem] = []

    def read(var: str, parse: Callable[[str, str], T], default: T) -> T:
        value = (env.get(var) or "").strip()
        if not value:
            return default
        try:
            return parse(value, var)
        except ConfigProblem as problem:
            problems.append(problem)
            return default

    action_port = read("ACTION_PORT", _port, DEFAULT_ACTION_PORT)
    line = LineSettings(
        channel_secret=read("LINE_CHANNEL_SECRET", _text, None),
        channel_access_token=read("LINE_CHANNEL_ACCESS_TOKEN", _text, None),
        api_endpoint=read("LINE_API_ENDPOINT", parse_line_endpoint, DEFAULT_LINE_API_ENDPOINT),
        api_timeout=read("LINE_API_TIMEOUT", parse_line_timeout, DEFAULT_LINE_API_TIMEOUT),
    )
    config = RuntimeConfig(
        profile_file=read("MYNA_SETTINGS_FILE", _path, profile.DEFAULT_PATH),
        fixed_now=read("MYNA_FIXED_NOW", _instant, None),
        database=read("MYNA_DATABASE_URL", parse_database_url, parse_database_url(DEFAULT_DATABASE_URL)),
        redis=read("MYNA_REDIS_URL", parse_redis_url, None),
        store_wait_seconds=read("MYNA_STORE_WAIT_SECONDS", _wait_seconds, DEFAULT_WAIT_SECONDS),
        rate_limits=RateLimits(
            per_conversation=read("MYNA_RATE_PER_CONVERSATION", _whole_number, DEFAULT_RATE_PER_CONVERSATION),
            per_address=read("MYNA_RATE_PER_ADDRESS", _whole_number, DEFAULT_RATE_PER_ADDRESS),
        ),
        interface=read("MYNA_INTERFACE", _text, DEFAULT_INTERFACE),
        rasa_port=read("RASA_PORT", _port, DEFAULT_RASA_PORT),
        action_port=action_port,
        action_endpoint_url=read("ACTION_ENDPOINT_URL", _http_url, f"http://localhost:{action_port}/webhook"),
        model=read("MYNA_MODEL", _text, DEFAULT_MODEL),
        endpoints=read("MYNA_ENDPOINTS", _text, DEFAULT_ENDPOINTS),
        credentials=read(
            "MYNA_CREDENTIALS",
            _text,
            "credentials.yml" if line.configured else "credentials.local.yml",
        ),
        cors_origins=read("MYNA_CORS_ORIGINS", _origins, ()),
        api_token=read("RASA_API_TOKEN", _api_token, None),
        request_max_bytes=read("SANIC_REQUEST_MAX_SIZE", _whole_number, DEFAULT_REQUEST_MAX_BYTES),
        line=line,
        retention_days=read("MYNA_RETENTION_DAYS", _whole_number, DEFAULT_RETENTION_DAYS),
        shell_explain=read("MYNA_SHELL_EXPLAIN", _switch, False),
    )
    if problems:
        raise ConfigError(problems)
    return config


_installed: RuntimeConfig | None = None


def install(config: RuntimeConfig) -> RuntimeConfig:
    """This process's configuration, and the pure modules' values taken from it."""
    global _installed
    _installed = config
    clock.fix(config.fixed_now)
    profile.use_file(config.profile_file)
    return config


def current() -> RuntimeConfig:
    """The installed configuration; loaded from the environment on first use where no
    entry point of ours installed one (see the module docstring)."""
    return _installed if _installed is not None else install(load_config(os.environ))


def check_port_free(interface: str, port: int, var: str) -> None:
    """A start-up check of both servers: one line naming the port and its variable
    instead of a server's traceback. A port in TIME_WAIT counts as free, as the
    servers bind with SO_REUSEADDR."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((interface, port))
        except OSError:
            raise ConfigProblem(
                var,
                f"ポート {port} は使用中です。{var} で別のポート番号を指定してください / "
                f"port {port} is in use: set {var} to another port",
            ) from None


def main(argv: list[str]) -> int:
    """`python -m myna.config`: check every variable and the insurer profile they name.
    With --shell, also print the values scripts/run.sh needs as shell assignments
    (the message then goes to stderr), so the script reads no variable itself."""
    as_shell = argv == ["--shell"]
    if argv and not as_shell:
        print("usage: python -m myna.config [--shell]", file=sys.stderr)
        return 2
    try:
        config = install(load_config(os.environ))
        insurer = profile.load_profile()
    except ConfigError as error:
        print(f"環境変数の設定に誤りがあります / invalid environment:\n{error}", file=sys.stderr)
        return 2
    except profile.ProfileError as error:
        print(f"設定ファイルに誤りがあります / invalid settings: {error}", file=sys.stderr)
        return 2
    print(f"設定 OK: {config.profile_file} ({insurer.insurer.name.value})", file=sys.stderr if as_shell else sys.stdout)
    if as_shell:
        print(
            f"action_port={config.action_port}\nrasa_port={config.rasa_port}\n"
            f"line_configured={int(config.line.configured)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
