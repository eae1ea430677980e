"""The tracker store's `events` table, opened from MYNA_DATABASE_URL as the servers
open it (myna/config.py), and the few SQL pieces that differ between
SQLite and PostgreSQL (JSON fields of the `data` column, the day in Tokyo)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from myna.config import DatabaseSettings

TOKYO_OFFSET_SECONDS = 9 * 3600  # Japan has no daylight saving time
CONNECT_TIMEOUT_SECONDS = 10


class StoreError(RuntimeError):
    pass


@dataclass(frozen=True)
class Dialect:
    name: str  # "sqlite" or "postgresql"

    def json_text(self, *path: object) -> str:
        """A field of the event's JSON `data` as text (NULL when absent)."""
        if self.name == "sqlite":
            where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
            return f"json_extract(data, '{where}')"
        return "(CAST(data AS json) #>> '{" + ",".join(str(p) for p in path) + "}')"

    def json_number(self, *path: object) -> str:
        if self.name == "sqlite":
            return self.json_text(*path)
        return f"CAST({self.json_text(*path)} AS double precision)"

    def tokyo_day(self, column: str = "timestamp") -> str:
        """The calendar day in Tokyo of a Unix-time column, as 'YYYY-MM-DD'."""
        if self.name == "sqlite":
            return f"strftime('%Y-%m-%d', {column} + {TOKYO_OFFSET_SECONDS}, 'unixepoch')"
        return f"to_char(to_timestamp({column} + {TOKYO_OFFSET_SECONDS}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def engine_for(settings: DatabaseSettings) -> sa.engine.Engine:
    if settings.dialect == "sqlite":
        if not Path(settings.db).is_file():
            raise StoreError(f"会話の記録 (SQLite) が見つかりません / no tracker store file: {settings.db}")
        return sa.create_engine(f"sqlite:///{settings.db}")
    url = sa.engine.URL.create(
        "postgresql",
        username=settings.username,
        password=settings.password,
        host=settings.host,
        port=settings.port,
        database=settings.db,
    )
    return sa.create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})


def open_store(settings: DatabaseSettings) -> tuple:
    """(engine, dialect) of the configured tracker store."""
    engine = engine_for(settings)
    try:
        with engine.connect() as connection:
            has_events = sa.inspect(connection).has_table("events")
    except sa.exc.OperationalError as error:
        raise StoreError(
            f"{settings.describe()} に接続できません / cannot reach the tracker store: {error.orig}"
        ) from None
    if not has_events:
        raise StoreError(f"{settings.describe()} に会話の記録 (events) がありません / no events table")
    return engine, Dialect(settings.dialect)
