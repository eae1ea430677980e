"""A redelivered LINE event is answered once, also when the copies reach different
server processes: the record of handled events is shared in Redis
(channels/line_dedup.py), and when Redis does not answer the event is still handled."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
import uuid

import pytest
import redis

from channels.line_dedup import KEY_PREFIX, REMEMBER_SECONDS, LocalEvents, RedisEvents, handled_events
from myna.config import parse_redis_url
from tests.line.fake_line import body_of, post_webhook, text_event, user_id
from tests.servers import free_port

from .stores import RedisServer


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    yield server
    server.close()


def event_id() -> str:
    return uuid.uuid4().hex


def test_without_redis_this_process_remembers():
    async def run():
        store = handled_events(None)
        assert isinstance(store, LocalEvents)
        key = event_id()
        assert [await store.seen_before(key), await store.seen_before(key)] == [False, True]

    asyncio.run(run())


def test_two_stores_sharing_redis_handle_an_event_once(redis_server):
    async def run():
        first, second = (handled_events(parse_redis_url(redis_server.url)) for _ in range(2))
        assert isinstance(first, RedisEvents)
        key = event_id()
        # Both at once, as two replicas receiving LINE's two deliveries would.
        seen = await asyncio.gather(*[store.seen_before(key) for store in (first, second) for _ in range(10)])
        assert seen.count(False) == 1
        assert await second.seen_before(event_id()) is False  # another event is new
        await first.close()
        await second.close()

    asyncio.run(run())


def test_an_event_is_remembered_for_a_day(redis_server):
    key = event_id()

    async def run():
        store = RedisEvents(parse_redis_url(redis_server.url))
        await store.seen_before(key)
        await store.close()

    asyncio.run(run())
    ttl = redis.Redis(port=redis_server.port).ttl(KEY_PREFIX + key)
    assert REMEMBER_SECONDS - 60 < ttl <= REMEMBER_SECONDS


def test_an_event_is_forgotten_after_its_time(redis_server):
    async def run():
        store = RedisEvents(parse_redis_url(redis_server.url), ttl_seconds=1)
        key = event_id()
        assert [await store.seen_before(key), await store.seen_before(key)] == [False, True]
        await asyncio.sleep(1.5)
        assert await store.seen_before(key) is False
        await store.close()

    asyncio.run(run())


def silent_port() -> socket.socket:
    """A port that accepts connections and never answers, like a hung Redis."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener


@pytest.mark.parametrize("redis_state", ["refused", "hung"])
def test_when_redis_does_not_answer_the_event_is_handled(redis_state, caplog):
    listener = silent_port() if redis_state == "hung" else None
    port = listener.getsockname()[1] if listener else free_port()

    async def run():
        store = RedisEvents(parse_redis_url(f"redis://127.0.0.1:{port}/0"), timeout=0.5)
        started = time.monotonic()
        seen = [await store.seen_before("same-event"), await store.seen_before("same-event")]
        await store.close()
        return seen, time.monotonic() - started

    try:
        with caplog.at_level(logging.WARNING, logger="channels.line_dedup"):
            seen, seconds = asyncio.run(run())
    finally:
        if listener:
            listener.close()
    assert seen == [False, False]  # handled both times: better twice than never
    assert seconds < 3  # bounded by the timeout, the webhook's answer does not wait long
    assert "Redis did not answer for LINE event same-event" in caplog.text


def replies_for(line_api, event) -> list:
    return [
        call
        for call in line_api.calls
        if call["body"].get("replyToken") == event["replyToken"] or call["body"].get("to") == event["source"]["userId"]
    ]


@pytest.mark.parametrize("timing", ["one after the other", "at the same time"])
def test_a_redelivery_to_the_other_replica_is_not_answered_again(cluster, timing):
    first, second = cluster.replicas
    event = text_event("カードをなくしました", user_id(f"dedup-{uuid.uuid4().hex}"), redelivery=True)
    body = body_of(event)
    if timing == "one after the other":
        assert post_webhook(first.port, body)[0] == 200
        cluster.line_api.wait_for_call(lambda call: call["body"].get("replyToken") == event["replyToken"])
        assert post_webhook(second.port, body)[0] == 200
    else:
        statuses = []
        posts = [
            threading.Thread(target=lambda port: statuses.append(post_webhook(port, body)[0]), args=(replica.port,))
            for replica in (first, second)
        ]
        for post in posts:
            post.start()
        for post in posts:
            post.join()
        assert statuses == [200, 200]
        cluster.line_api.wait_for_call(lambda call: call["body"].get("replyToken") == event["replyToken"])
    time.sleep(3)  # time enough for a second answer to arrive, if one were sent
    answers = replies_for(cluster.line_api, event)
    assert len(answers) == 1, f"{len(answers)} answers: {[call['kind'] for call in answers]}"
