"""The report's SQL over events written by Rasa's SQL tracker store: feedback
attribution by conversation order, Tokyo days and the period's edges, and a number
left in a stored text (written without our redacting store) is not shown."""

from __future__ import annotations

from datetime import date

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from myna.config import parse_database_url
from staff.grouping import LOW_CONFIDENCE, NOT_UNDERSTOOD, UNRESOLVED
from staff.store import Dialect, engine_for
from staff.usage import Period, read_usage

from .stored import answer, at, save, user

DAY1 = "2026-11-02"


@pytest.fixture
def store_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    return url, SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))


def _usage(url, since="2026-11-02", until="2026-11-03"):
    settings = parse_database_url(url)
    return read_usage(
        engine_for(settings), Dialect(settings.dialect), Period(date.fromisoformat(since), date.fromisoformat(until))
    )


def test_feedback_rates_the_latest_topic_of_its_own_conversation(store_url):
    url, store = store_url
    t = at(f"{DAY1} 10:00")
    save(
        store,
        {
            "a": [
                user("カードをなくしました", "lost_card", 0.9, t),
                *answer("lost_card", t),
                user("/feedback_unresolved", "feedback_unresolved", 1.0, t + 1),
                user("資格確認書とは", "shikaku_kakuninsho", 0.8, t + 2),
                *answer("shikaku_kakuninsho", t + 2),
                user("/feedback_resolved", "feedback_resolved", 1.0, t + 3),
            ],
            "b": [
                user("カードをなくしてしまいました", "lost_card", 0.9, t),
                *answer("lost_card", t),
                user("/feedback_unresolved", "feedback_unresolved", 1.0, t + 1),
            ],
            # No topic before it in this conversation: "a"'s topics must not leak in.
            "c": [user("/feedback_unresolved", "feedback_unresolved", 1.0, t + 5)],
        },
    )
    usage = _usage(url)
    assert (usage.topics["lost_card"].resolved, usage.topics["lost_card"].unresolved) == (0, 2)
    assert (usage.topics["shikaku_kakuninsho"].resolved, usage.topics["shikaku_kakuninsho"].unresolved) == (1, 0)
    assert usage.topics["lost_card"].unresolved_rate == 1.0
    assert usage.topics["lost_card"].asked == 2  # feedback is not a question
    assert "feedback_unresolved" not in usage.topics
    # Both rated messages, similar, sit in one group.
    (group,) = [g for g in usage.review_groups if any(m.kinds[UNRESOLVED] for m in g.messages)]
    assert sorted(m.text for m in group.messages) == ["カードをなくしてしまいました", "カードをなくしました"]
    assert all(m.guess == "lost_card" for m in group.messages)


def test_days_are_tokyo_days_and_the_period_includes_its_last_day(store_url):
    url, store = store_url
    save(
        store,
        {
            "late": [user("こんにちは", "greet", 0.9, at("2026-11-02 23:59"))],
            "early": [
                user("こんにちは", "greet", 0.9, at("2026-11-03 00:01")),
                user("ありがとう", "thanks", 0.9, at("2026-11-03 23:59"), channel="socketio"),
            ],
            "before": [user("こんにちは", "greet", 0.9, at("2026-11-01 23:59"))],
            "after": [user("こんにちは", "greet", 0.9, at("2026-11-04 00:00"))],
        },
    )
    usage = _usage(url)
    assert usage.daily == [("2026-11-02", "rest", 1, 1), ("2026-11-03", "rest", 1, 1), ("2026-11-03", "socketio", 1, 1)]
    assert (usage.conversations, usage.messages) == (2, 3)
    assert usage.channels == [("rest", 2, 2), ("socketio", 1, 1)]


def test_low_confidence_and_not_understood_messages_with_their_guess(store_url):
    url, store = store_url
    t = at(f"{DAY1} 09:00")
    save(
        store,
        {
            "x": [
                user("ぴよぴよ", "nlu_fallback", 0.15, t, runner_up="greet"),
                user("カードがぼろぼろ", "lost_card", 0.2, t + 1),
                user("カードをなくしました", "lost_card", 0.95, t + 2),
            ],
            "y": [user("ぴよぴよ", "nlu_fallback", 0.15, t, runner_up="greet")],
        },
    )
    usage = _usage(url)
    messages = {m.text: m for g in usage.review_groups for m in g.messages}
    assert set(messages) == {"ぴよぴよ", "カードがぼろぼろ"}
    assert messages["ぴよぴよ"].kinds == {NOT_UNDERSTOOD: 2} and messages["ぴよぴよ"].guess == "greet"
    assert messages["カードがぼろぼろ"].kinds == {LOW_CONFIDENCE: 1}
    assert usage.not_understood == 2 and usage.topics["greet"].fallback_guess == 2


def test_a_number_left_in_a_stored_text_is_not_shown(store_url):
    url, store = store_url
    t = at(f"{DAY1} 09:00")
    save(store, {"z": [user("番号はNUMBERです", "nlu_fallback", 0.1, t, runner_up="number_seen")]})
    # Written past every redaction (the stores redact each row they write): a number
    # put in by hand, as an old or foreign row would hold it.
    import sqlalchemy as sa

    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE events SET data = REPLACE(data, 'NUMBER', '123456789018')"))
    usage = _usage(url)
    (message,) = [m for g in usage.review_groups for m in g.messages]
    assert "123456789018" not in message.text and "［マイナンバー削除］" in message.text
    assert usage.redacted_again == 1
