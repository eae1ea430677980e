"""Start-up checks that the configured stores answer, with a deadline.

Rasa's own SQL tracker store retries a missing database forever, and a Redis lock
store only fails on the first message; these checks turn both into one clear error
before the server accepts conversations.

Each store is checked once per process: the launcher checks before the port opens
(`check_stores`), and the stores Rasa builds from endpoints.yml call the same checks
for the entry points that do not go through the launcher (`rasa test`, the
evaluation's in-process agent); a store that answered already is not checked again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from myna.config import DatabaseSettings, RedisSettings, RuntimeConfig

logger = logging.getLogger(__name__)

_answered: set[DatabaseSettings | RedisSettings] = set()


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
    if settings in _answered:
        return
    if settings.dialect == "sqlite":
        folder = Path(settings.db).resolve().parent
        if not folder.is_dir():
            raise StoreUnavailable(
                f"SQLite のファイルを置くフォルダがありません: {folder} / No such folder for the SQLite file."
            )
    else:
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
    _answered.add(settings)


def check_redis(settings: RedisSettings, deadline_seconds: float) -> None:
    if settings in _answered:
        return
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
    _answered.add(settings)


def check_stores(config: RuntimeConfig) -> None:
    check_database(config.database, config.store_wait_seconds)
    if config.redis is not None:
        check_redis(config.redis, config.store_wait_seconds)
