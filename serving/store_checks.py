"""Start-up checks that the configured stores answer, with a deadline.

Rasa's own SQL tracker store retries a missing database forever, and a Redis lock
store only fails on the first message; these checks turn both into one clear error
before the server accepts conversations.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Callable

from serving.store_settings import DatabaseSettings, RedisSettings

logger = logging.getLogger(__name__)


class StoreUnavailable(RuntimeError):
    pass


def _until(deadline_seconds: float, attempt: Callable[[], None], what: str) -> None:
    """`attempt` until it passes or the deadline is over (a database in a container
    may still be starting)."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            attempt()
            return
        except Exception as error:  # the driver's own exception types vary
            if time.monotonic() >= deadline:
                raise StoreUnavailable(
                    f"{what} に接続できません。設定と起動状態を確認してください。 / "
                    f"Cannot reach {what}: {type(error).__name__}: {error}"
                ) from error
            logger.warning("%s not reachable yet (%s); retrying.", what, type(error).__name__)
            time.sleep(1)


def check_database(settings: DatabaseSettings, deadline_seconds: float) -> None:
    if settings.dialect == "sqlite":
        folder = Path(settings.db).resolve().parent
        if not folder.is_dir():
            raise StoreUnavailable(
                f"SQLite のファイルを置くフォルダがありません: {folder} / No such folder for the SQLite file."
            )
        return
    import psycopg2

    def connect() -> None:
        psycopg2.connect(
            host=settings.host,
            port=settings.port,
            dbname=settings.db,
            user=settings.username,
            password=settings.password,
            connect_timeout=3,
        ).close()

    _until(deadline_seconds, connect, settings.describe())


def check_redis(settings: RedisSettings, deadline_seconds: float) -> None:
    import redis

    def ping() -> None:
        client = redis.Redis(
            host=settings.host,
            port=settings.port,
            db=settings.db,
            password=settings.password,
            socket_timeout=3,
            socket_connect_timeout=3,
        )
        try:
            client.ping()
        finally:
            client.close()

    _until(deadline_seconds, ping, settings.describe())
