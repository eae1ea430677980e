"""A long conversation costs no more per turn: after MAX_SESSION_USER_MESSAGES user
messages a new session starts, with the insurer's slots (and `last_topic` when the
domain has it), so Rasa loads and replays a bounded session. On PostgreSQL and SQLite.
The turn cost itself is a benchmark figure (`make bench`)."""

from __future__ import annotations

import uuid

from serving.conversation_context import MAX_SESSION_USER_MESSAGES


def test_a_long_conversation_starts_new_sessions_that_keep_the_insurers_slots(server):
    sender = f"long-{uuid.uuid4().hex[:8]}"
    for turn in range(MAX_SESSION_USER_MESSAGES + 2):
        assert server.say(sender, "カードをなくしました" if turn % 2 else "ありがとう")
    tracker = server.tracker(sender)
    starts = [event for event in tracker["events"] if event["event"] == "session_started"]
    assert len(starts) == 2
    assert tracker["slots"]["insurer_name"]  # carried over (or set again at the session start)
    # The session Rasa loads for the next message holds the messages since the new start.
    last_start = max(i for i, event in enumerate(tracker["events"]) if event["event"] == "session_started")
    users_since = [e for e in tracker["events"][last_start:] if e["event"] == "user"]
    assert 1 <= len(users_since) <= 3
