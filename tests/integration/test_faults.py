"""Faults on the production set-up: a replica dies, the action server stops,
PostgreSQL restarts. The conversation carries on, nothing is lost."""

from __future__ import annotations

import threading
import time
import uuid

from tests.servers import say


def texts(replies) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def user_texts(replica, sender):
    return [e["text"] for e in replica.tracker(sender)["events"] if e["event"] == "user"]


def test_a_replica_killed_in_the_middle_of_the_form(cluster):
    first, second = cluster.replicas
    sender = f"kill-{uuid.uuid4().hex[:8]}"
    assert "生年月日" in texts(first.say(sender, "私のマイナカードはいつまで使えますか"))
    assert "受け取った日" in texts(first.say(sender, "昭和30年7月8日です"))
    first.kill()
    try:
        answer = texts(second.say(sender, "令和2年3月1日に受け取りました"))
        assert "2029年（令和11年）7月8日" in answer  # the birth date survived the crash
        assert user_texts(second, sender) == [
            "私のマイナカードはいつまで使えますか",
            "昭和30年7月8日です",
            "令和2年3月1日に受け取りました",
        ]
    finally:
        cluster.start_replica(0)


def test_the_action_server_stops_then_comes_back(cluster):
    replica = cluster.replicas[1]
    sender = f"actions-{uuid.uuid4().hex[:8]}"
    replica.say(sender, "こんにちは")
    cluster.actions.stop()
    try:
        apology = texts(replica.say(sender, "カードをなくしました"))
        assert "申し訳ありません" in apology
        assert "06-6941-5004" in apology and "0120-95-0178" in apology
    finally:
        cluster.actions.start()
    recovered = texts(replica.say(sender, "カードをなくしました"))
    assert "申し訳ありません" not in recovered and "0120-95-0178" in recovered
    assert "に電話" in recovered or "2番" in recovered


def test_a_conversation_survives_a_postgresql_restart(cluster):
    first, second = cluster.replicas
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    first.say(sender, "こんにちは")
    second.say(sender, "資格確認書って何ですか")
    before = len(first.tracker(sender)["events"])
    cluster.postgres.stop()
    replies = {}
    waiting = threading.Thread(target=lambda: replies.update(r=say(first.base_url, sender, "顔認証がうまくいきません")))
    waiting.start()
    time.sleep(3)  # the message arrives while the database is down
    cluster.postgres.start()
    waiting.join(timeout=60)
    assert "顔認証" in texts(replies["r"]) or "暗証番号" in texts(replies["r"])
    second.say(sender, "ありがとう")
    assert user_texts(second, sender) == [
        "こんにちは",
        "資格確認書って何ですか",
        "顔認証がうまくいきません",
        "ありがとう",
    ]
    assert len(second.tracker(sender)["events"]) > before


def test_the_action_server_stops_in_the_middle_of_the_form(cluster):
    replica = cluster.replicas[0]
    sender = f"form-actions-{uuid.uuid4().hex[:8]}"
    assert "生年月日" in texts(replica.say(sender, "私のマイナカードはいつまで使えますか"))
    cluster.actions.stop()
    try:
        # The form cannot validate: Rasa's fallback answers, with the free-dial number.
        apology = texts(replica.say(sender, "昭和30年7月8日です"))
        assert "申し訳ありません" in apology and "0120-95-0178" in apology
    finally:
        cluster.actions.start()
    assert "受け取った日（交付日）を教えて" in texts(replica.say(sender, "昭和30年7月8日です"))
    assert "2029年（令和11年）7月8日" in texts(replica.say(sender, "令和2年3月1日に受け取りました"))
