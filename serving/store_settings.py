"""Which tracker store and lock store to use, read from environment variables.

Pure: no Rasa, no connections. A bad value raises `StoreSettingsError` with a message
for the operator, so the server never starts on a silent fallback that would lose
conversations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional
from urllib.parse import unquote, urlsplit

DATABASE_URL_VAR = "MYNA_DATABASE_URL"
REDIS_URL_VAR = "MYNA_REDIS_URL"
DEFAULT_DATABASE_URL = "sqlite:///tracker.db"


class StoreSettingsError(ValueError):
    pass


@dataclass(frozen=True)
class DatabaseSettings:
    dialect: str  # "sqlite" or "postgresql"
    db: str  # the SQLite file, or the PostgreSQL database name
    host: Optional[str] = None
    port: Optional[int] = None
    username: Optional[str] = None
    password: Optional[str] = None

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
    password: Optional[str] = None

    def describe(self) -> str:
        return f"Redis {self.host}:{self.port}/{self.db}"


def _fail(var: str, value: str, problem: str) -> StoreSettingsError:
    shown = value.split("@")[-1] if "@" in value else value  # never echo a password
    return StoreSettingsError(f"{var} の設定が正しくありません ({problem}): {shown!r}")


def _port(var: str, value: str, parts, default: int) -> int:
    try:
        port = parts.port
    except ValueError:
        raise _fail(var, value, "port must be a number 1-65535") from None
    return default if port is None else port


def parse_database_url(value: str, var: str = DATABASE_URL_VAR) -> DatabaseSettings:
    parts = urlsplit(value.strip())
    if parts.scheme == "sqlite":
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if parts.netloc or not path:
            raise _fail(var, value, "use sqlite:///relative/path.db or sqlite:////absolute/path.db")
        return DatabaseSettings(dialect="sqlite", db=path)
    if parts.scheme in ("postgresql", "postgres"):
        db = parts.path.lstrip("/")
        if not parts.hostname or not db:
            raise _fail(var, value, "use postgresql://user:password@host:5432/database")
        return DatabaseSettings(
            dialect="postgresql",
            db=unquote(db),
            host=parts.hostname,
            port=_port(var, value, parts, 5432),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )
    raise _fail(var, value, "only sqlite:/// and postgresql:// are supported")


def parse_redis_url(value: str, var: str = REDIS_URL_VAR) -> RedisSettings:
    parts = urlsplit(value.strip())
    if parts.scheme != "redis" or not parts.hostname:
        raise _fail(var, value, "use redis://[:password@]host:6379/0")
    db_text = parts.path.lstrip("/") or "0"
    if not db_text.isdigit():
        raise _fail(var, value, "the database after the last / must be a number")
    return RedisSettings(
        host=parts.hostname,
        port=_port(var, value, parts, 6379),
        db=int(db_text),
        password=unquote(parts.password) if parts.password else None,
    )


def database_settings(env: Mapping[str, str]) -> DatabaseSettings:
    return parse_database_url(env.get(DATABASE_URL_VAR) or DEFAULT_DATABASE_URL)


def redis_settings(env: Mapping[str, str]) -> Optional[RedisSettings]:
    """None means one server process on its own: in-memory locks are enough."""
    value = env.get(REDIS_URL_VAR)
    return parse_redis_url(value) if value else None


WAIT_SECONDS_VAR = "MYNA_STORE_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 30.0


def wait_seconds(env: Mapping[str, str]) -> float:
    """How long a store may not answer (start-up, or a database restart) before the
    request fails."""
    value = env.get(WAIT_SECONDS_VAR)
    if not value:
        return DEFAULT_WAIT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        raise _fail(WAIT_SECONDS_VAR, value, "seconds, e.g. 30") from None
    if not 0 < seconds <= 600:
        raise _fail(WAIT_SECONDS_VAR, value, "between 0 and 600 seconds")
    return seconds
