"""Load on the production set-up: 50 conversations at once for 60 s, each sending its
messages to the two replicas in turn. No errors, every message answered once, every
tracker complete and in order. The rate and latencies are printed (and written to
results/integration/load.txt), not asserted: speed targets are benchmarks' business."""

from __future__ import annotations

import os
import threading
import time
import uuid
from dataclasses import dataclass, field

from benchmarks.stats import latency_ms
from tests.servers import ROOT, say

CONVERSATIONS = 50
SECONDS = float(os.environ.get("MYNA_LOAD_SECONDS", "60"))
# FAQ answers, answers with custom actions (phone hand-off, insurer slots) and the
# form with the rules engine, in the order a member might ask.
SCRIPT = [
    "こんにちは",
    "カードをなくしました",
    "資格確認書って何ですか",
    "私のマイナカードはいつまで使えますか",
    "昭和30年7月8日です",
    "令和2年3月1日に受け取りました",
    "顔認証がうまくいきません",
    "ありがとう",
]


@dataclass
class Conversation:
    sender: str
    sent: list[str] = field(default_factory=list)
    reply_counts: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def converse(conversation: Conversation, replicas, deadline: float) -> None:
    turn = 0
    while time.monotonic() < deadline:
        text = SCRIPT[turn % len(SCRIPT)]
        replica = replicas[turn % 2]
        started = time.monotonic()
        try:
            replies = say(replica.base_url, conversation.sender, text)
        except Exception as error:  # recorded, the test fails on it below
            conversation.errors.append(f"{replica.base_url} {text}: {error!r}")
            return
        conversation.latencies.append(time.monotonic() - started)
        conversation.sent.append(text)
        conversation.reply_counts.append(len(replies))
        turn += 1


def turns_in_tracker(tracker):
    """(user text, number of bot messages after it) per user message, in order."""
    turns = []
    for event in tracker["events"]:
        if event["event"] == "user":
            turns.append([event["text"], 0])
        elif event["event"] == "bot" and turns:
            turns[-1][1] += 1
    return [tuple(turn) for turn in turns]


def test_fifty_conversations_for_a_minute_across_two_replicas(cluster, capsys):
    replicas = cluster.replicas
    conversations = [Conversation(f"load-{i}-{uuid.uuid4().hex[:6]}") for i in range(CONVERSATIONS)]
    started = time.monotonic()
    deadline = started + SECONDS
    threads = [threading.Thread(target=converse, args=(c, replicas, deadline)) for c in conversations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    latencies = [value for c in conversations for value in c.latencies]
    summary = latency_ms(latencies)
    report = (
        f"load: {CONVERSATIONS} conversations, {elapsed:.0f} s, 2 replicas: "
        f"{summary.count} messages, {summary.count / elapsed:.1f} msg/s, "
        f"p50 {summary.p50:.0f} ms, p95 {summary.p95:.0f} ms, p99 {summary.p99:.0f} ms"
    )
    (ROOT / "results" / "integration").mkdir(parents=True, exist_ok=True)
    (ROOT / "results" / "integration" / "load.txt").write_text(report + "\n")
    with capsys.disabled():
        print("\n" + report)

    assert [e for c in conversations for e in c.errors] == []
    for conversation in conversations:
        assert len(conversation.sent) >= len(SCRIPT), "a conversation hardly progressed"
        assert all(count >= 1 for count in conversation.reply_counts), "a message got no answer"
        tracker = replicas[0].tracker(conversation.sender)
        # Every message stored once, in the order sent, with exactly the replies
        # the user received after it.
        assert turns_in_tracker(tracker) == list(zip(conversation.sent, conversation.reply_counts, strict=False))
        stamps = [event["timestamp"] for event in tracker["events"]]
        assert stamps == sorted(stamps)
