"""Messages per minute, per conversation id and per client address, counted in the
cluster's Redis by two servers: a client spread over both meets one limit, and gets a
polite answer, on REST and socket.io."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from myna.messages import text as message_text
from serving.rate_limit import WINDOW_SECONDS
from tests.servers import ROOT, RasaServer

from .chat_clients import SocketChat, reply_texts

RATE_LIMITED_REPLY = message_text("chat.rate_limited")

PER_CONVERSATION = 4
PER_ADDRESS = 10


@pytest.fixture(scope="module")
def limited_pair(cluster, tmp_path_factory):
    servers = [None, None]

    def start(index: int) -> None:
        servers[index] = RasaServer(
            tmp_path_factory.mktemp(f"limited-{index}"),
            cluster.actions.port,
            credentials=(ROOT / "credentials.local.yml").read_text(),
            database_url=cluster.postgres.url,
            MYNA_REDIS_URL=cluster.redis.url,
            MYNA_RATE_PER_CONVERSATION=str(PER_CONVERSATION),
            MYNA_RATE_PER_ADDRESS=str(PER_ADDRESS),
        )

    starters = [threading.Thread(target=start, args=(i,)) for i in (0, 1)]
    for starter in starters:
        starter.start()
    for starter in starters:
        starter.join()
    try:
        assert all(servers), "a rate-limited server did not start"
        yield servers
    finally:
        for server in servers:
            if server is not None:
                server.stop()


def test_limits_per_conversation_and_per_address_shared_by_the_replicas(limited_pair):
    first, second = limited_pair
    if time.time() % WINDOW_SECONDS > WINDOW_SECONDS - 25:  # the test must fit in one window
        time.sleep(WINDOW_SECONDS - time.time() % WINDOW_SECONDS + 0.5)
    sender = f"rate-{uuid.uuid4().hex[:8]}"
    answers = [reply_texts((first, second)[turn % 2].say(sender, "こんにちは")) for turn in range(PER_CONVERSATION)]
    assert all(answer and RATE_LIMITED_REPLY not in answer for answer in answers)
    assert reply_texts(first.say(sender, "こんにちは")) == RATE_LIMITED_REPLY
    assert reply_texts(second.say(sender, "こんにちは")) == RATE_LIMITED_REPLY

    # The same address, other conversations: PER_ADDRESS messages a minute in all
    # (the refused ones above were not counted for the address).
    with SocketChat(second.base_url, f"rate-{uuid.uuid4().hex[:8]}") as chat:
        for _ in range(PER_CONVERSATION):
            assert RATE_LIMITED_REPLY not in reply_texts(chat.say("こんにちは"))
    other = f"rate-{uuid.uuid4().hex[:8]}"
    assert RATE_LIMITED_REPLY not in reply_texts(first.say(other, "こんにちは"))
    assert RATE_LIMITED_REPLY not in reply_texts(second.say(other, "こんにちは"))
    assert reply_texts(first.say(other, "こんにちは")) == RATE_LIMITED_REPLY
