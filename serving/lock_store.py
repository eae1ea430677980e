"""The lock store named in endpoints.yml: Redis when MYNA_REDIS_URL is set (needed
as soon as two server processes share conversations), otherwise in memory; read from
the runtime configuration (myna/config.py `current()`)."""

from __future__ import annotations

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from myna.config import current
from serving import rasa_patches
from serving.store_checks import check_redis

KEY_PREFIX = "myna"


class ConfiguredLockStore(LockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        rasa_patches.install()  # for every entry point that loads endpoints.yml
        config = current()
        settings = config.redis
        if settings is None:
            self._store: LockStore = InMemoryLockStore()
            return
        check_redis(settings, config.store_wait_seconds)
        self._store = RedisLockStore(
            host=settings.host,
            port=settings.port,
            db=settings.db,
            password=settings.password,
            key_prefix=KEY_PREFIX,
            socket_timeout=10,
        )

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self._store.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self._store.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self._store.save_lock(lock)
