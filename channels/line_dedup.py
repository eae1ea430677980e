"""Which LINE webhook events were handled already, so a redelivered event is answered
once.

One server process remembers them in memory (RecentIds). Several processes behind a
load balancer each get some of LINE's deliveries, so with MYNA_REDIS_URL set they
share the record in Redis: `SET key 1 NX EX ttl` is atomic, exactly one process wins
an event. When Redis does not answer, the event is handled anyway: a duplicate answer
is better than a lost one.
"""

from __future__ import annotations

import logging
from typing import Protocol

from channels.line_messages import RecentIds
from myna.config import RedisSettings
from serving.rate_limit import async_redis

logger = logging.getLogger(__name__)

REMEMBER_SECONDS = 24 * 3600  # far longer than LINE keeps redelivering an event
KEY_PREFIX = "myna:line:event:"
REDIS_TIMEOUT_SECONDS = 2.0  # the reply token is valid for about a minute


class HandledEvents(Protocol):
    async def seen_before(self, event_id: str) -> bool:
        """True if `event_id` was handled already; records it either way."""

    async def close(self) -> None: ...


class LocalEvents:
    """This process only."""

    def __init__(self) -> None:
        self._recent = RecentIds(ttl_seconds=REMEMBER_SECONDS)

    async def seen_before(self, event_id: str) -> bool:
        return self._recent.seen_before(event_id)

    async def close(self) -> None:
        pass


class RedisEvents:
    """Shared by every process that uses the same Redis database."""

    def __init__(
        self,
        settings: RedisSettings,
        ttl_seconds: int = REMEMBER_SECONDS,
        timeout: float = REDIS_TIMEOUT_SECONDS,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.client = async_redis(settings, timeout)

    async def seen_before(self, event_id: str) -> bool:
        try:
            created = await self.client.set(KEY_PREFIX + event_id, 1, nx=True, ex=self.ttl_seconds)
        except Exception as error:  # whatever failed, the user must still get an answer
            logger.warning(
                "Redis did not answer for LINE event %s (%s): handling it, it may be answered twice.",
                event_id,
                type(error).__name__,
            )
            return False
        return not created

    async def close(self) -> None:
        await self.client.close()


def handled_events(redis_settings: RedisSettings | None) -> HandledEvents:
    return RedisEvents(redis_settings) if redis_settings is not None else LocalEvents()
