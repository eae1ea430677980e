"""The lock store named in endpoints.yml: Redis when MYNA_REDIS_URL is set (needed
as soon as two server processes share conversations), otherwise in memory."""

from __future__ import annotations

import os
from typing import Optional

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from serving import rasa_patches
from serving.store_checks import check_redis
from serving.store_settings import redis_settings, wait_seconds

KEY_PREFIX = "myna"


class ConfiguredLockStore(LockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None) -> None:
        rasa_patches.install()  # for every entry point that loads endpoints.yml
        settings = redis_settings(os.environ)
        if settings is None:
            self._store: LockStore = InMemoryLockStore()
            return
        check_redis(settings, wait_seconds(os.environ))
        self._store = RedisLockStore(
            host=settings.host,
            port=settings.port,
            db=settings.db,
            password=settings.password,
            key_prefix=KEY_PREFIX,
            socket_timeout=10,
        )

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        return self._store.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self._store.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self._store.save_lock(lock)
