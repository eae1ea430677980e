"""Messages per minute per conversation and per client address (serving/rate_limit.py)."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from myna.config import RateLimits
from myna.messages import text as message_text
from serving.rate_limit import (
    CLIENT_ADDRESS,
    LocalCounts,
    RateLimiter,
    limited,
)

RATE_LIMITED_REPLY = message_text("chat.rate_limited")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def allowed(limiter, *calls):
    return [asyncio.run(limiter.allows(*call)) for call in calls]


def test_per_conversation_per_minute():
    clock = Clock()
    limiter = RateLimiter(RateLimits(per_conversation=3, per_address=100), LocalCounts(), clock)
    assert allowed(limiter, *[("a", "10.0.0.1")] * 4) == [True, True, True, False]
    assert allowed(limiter, ("b", "10.0.0.1")) == [True]  # another conversation
    clock.now += 60
    assert allowed(limiter, ("a", "10.0.0.1")) == [True]  # the next minute


def test_per_address_whatever_the_conversation():
    limiter = RateLimiter(RateLimits(per_conversation=100, per_address=2), LocalCounts(), Clock())
    assert allowed(limiter, ("a", "10.0.0.1"), ("b", "10.0.0.1"), ("c", "10.0.0.1"), ("d", "10.0.0.2")) == [
        True,
        True,
        False,
        True,
    ]
    assert allowed(limiter, ("e", None)) == [True]  # LINE: no address, per conversation only


def test_a_counter_that_fails_lets_the_message_through():
    class Broken:
        async def count(self, key, window):
            raise ConnectionError("redis down")

    assert allowed(RateLimiter(RateLimits(1, 1), Broken()), ("a", "x"), ("a", "x")) == [True, True]


def test_a_message_over_the_limit_gets_the_polite_answer_instead_of_a_turn():
    handled = []

    async def rasa(message):
        handled.append(message.text)

    callback = limited(rasa, RateLimiter(RateLimits(per_conversation=1, per_address=10), LocalCounts(), Clock()))

    async def send(text):
        CLIENT_ADDRESS.set("10.0.0.1")
        output = CollectingOutputChannel()
        await callback(UserMessage(text, output, "member"))
        return output.messages

    assert asyncio.run(send("こんにちは")) == [] and handled == ["こんにちは"]
    assert asyncio.run(send("もう一度")) == [{"recipient_id": "member", "text": RATE_LIMITED_REPLY}]
    assert handled == ["こんにちは"]


@pytest.mark.parametrize(
    "peer, forwarded, address",
    [
        ("8.8.8.8", None, "8.8.8.8"),
        ("8.8.8.8", "10.0.0.9", "8.8.8.8"),  # a client on the internet cannot choose
        ("172.18.0.4", "198.51.100.7", "198.51.100.7"),  # nginx on the compose network
        ("172.18.0.4", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # the entry nginx added
        ("127.0.0.1", None, "127.0.0.1"),
        (None, None, None),
    ],
)
def test_the_client_address(peer, forwarded, address):
    from serving.rate_limit import client_address

    assert client_address(peer, forwarded) == address
