"""The load test's conversations (no server)."""

import itertools

from benchmarks.rest_load import Level, conversations

TEXTS = [f"message {n}" for n in range(20)]


def test_conversations_are_reproducible_and_of_distinct_messages():
    first = list(itertools.islice(conversations(TEXTS, seed=1, length=5), 3))
    assert first == list(itertools.islice(conversations(TEXTS, seed=1, length=5), 3))
    assert first != list(itertools.islice(conversations(TEXTS, seed=2, length=5), 3))
    assert all(len(set(c)) == 5 and set(c) <= set(TEXTS) for c in first)


def test_level_rates_count_answered_messages_only():
    level = Level(users=10, seconds=2.0, latencies=[0.1] * 50, errors=3)
    assert level.answered == 50
    assert level.per_second == 25.0
    assert level.latency.p50 == 100.0
