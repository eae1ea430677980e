"""Messages per minute, per conversation id and per client address, so that one
client cannot keep the server busy for everyone.

Fixed one-minute windows. One server process counts in memory; with MYNA_REDIS_URL
set, every replica counts in Redis (`INCR` + `EXPIRE`, atomic per key), so a client
spread over replicas meets one limit. Keys hold a hash of the id or address, never
the id itself. When Redis does not answer, the message is let through: a slow
limiter must not silence the assistant.

The channels (channels/chat_channels.py, channels/line.py) wrap Rasa's message
callback with `limited`: a message over the limit gets the "chat.rate_limited" words instead of
a turn.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from myna.config import RateLimits, RedisSettings, RuntimeConfig, current
from myna.messages import text as message_text

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
KEY_PREFIX = "myna:rate:"
REDIS_TIMEOUT_SECONDS = 1.0

# The client address of the message being handled, set by the channel in the task
# that handles it (REST: the request; socket.io: the connection). Unset for LINE,
# whose webhooks all come from LINE's servers.
CLIENT_ADDRESS: ContextVar[str | None] = ContextVar("myna_client_address", default=None)


def client_address(peer: str | None, forwarded_for: str | None) -> str | None:
    """The client's address: the peer's, or, when the peer is a proxy on a private
    network (nginx in front of the replicas), the address that proxy added last to
    X-Forwarded-For. A client on the internet cannot choose its address this way:
    its own X-Forwarded-For is read only through a private peer."""
    try:
        private = peer is not None and ipaddress.ip_address(peer).is_private
    except ValueError:
        private = False
    if private and forwarded_for:
        return forwarded_for.split(",")[-1].strip() or peer
    return peer


def _key(kind: str, value: str, window: int) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]
    return f"{KEY_PREFIX}{kind}:{digest}:{window}"


def async_redis(settings: RedisSettings, timeout: float) -> Any:
    """The asyncio client (a slow Redis must not stop the server's event loop), with
    `timeout` on connecting and on every command."""
    import redis.asyncio

    return redis.asyncio.Redis(
        host=settings.host,
        port=settings.port,
        db=settings.db,
        password=settings.password,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
    )


class LocalCounts:
    """This process only; windows older than the current one are dropped."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._window = -1

    async def count(self, key: str, window: int) -> int:
        if window != self._window:
            self._counts, self._window = {}, window
        self._counts[key] = self._counts.get(key, 0) + 1
        return self._counts[key]


class RedisCounts:
    def __init__(self, settings: RedisSettings, timeout: float = REDIS_TIMEOUT_SECONDS) -> None:
        self.client = async_redis(settings, timeout)

    async def count(self, key: str, window: int) -> int:
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, WINDOW_SECONDS * 2)
            counted, _ = await pipe.execute()
        return int(counted)


class RateLimiter:
    def __init__(self, allowed: RateLimits, counts: Any, clock: Callable[[], float] = time.time) -> None:
        self.allowed = allowed
        self.counts = counts
        self.clock = clock

    async def allows(self, conversation_id: str, address: str | None) -> bool:
        window = int(self.clock() // WINDOW_SECONDS)
        checks: tuple[tuple[str, str | None, int], ...] = (
            ("conversation", conversation_id, self.allowed.per_conversation),
            ("address", address, self.allowed.per_address),
        )
        try:
            for kind, value, allowed in checks:
                if value and await self.counts.count(_key(kind, value, window), window) > allowed:
                    logger.warning("Rate limit: more than %d messages a minute for one %s.", allowed, kind)
                    return False
        except Exception as error:  # Redis down or slow: answer anyway
            logger.warning("Rate limit not checked (%s): message let through.", type(error).__name__)
        return True


def rate_limiter(config: RuntimeConfig) -> RateLimiter:
    return RateLimiter(config.rate_limits, RedisCounts(config.redis) if config.redis else LocalCounts())


@functools.cache
def process_rate_limiter() -> RateLimiter:
    """The one limiter of this process, for every channel (from the runtime configuration)."""
    return rate_limiter(current())


def limited(on_new_message: Callable[[Any], Awaitable[Any]], limiter: RateLimiter) -> Callable[[Any], Awaitable[Any]]:
    """Rasa's message callback, answering a message over a limit with the
    "chat.rate_limited" words, on every channel (REST: with status 200, as any
    answer, so that every client shows it)."""

    async def on_message(message: Any) -> Any:
        if await limiter.allows(message.sender_id, CLIENT_ADDRESS.get()):
            return await on_new_message(message)
        await message.output_channel.send_text_message(message.sender_id, message_text("chat.rate_limited"))
        return None

    return on_message
