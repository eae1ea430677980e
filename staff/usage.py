"""The usage and gaps figures of a period, read with SQL from the `events` table.

Counts are GROUP BY queries in the database; the feedback (which topic a
「解決した」/「解決しない」 rates) needs the order of each conversation, so those rows
are streamed, ordered by conversation, keeping one conversation's state at a time.
Every text is re-checked with myna/privacy/ before it is kept (the store redacts at write
time already), and conversation ids are only kept hashed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from myna.privacy import find_personal_numbers, redact
from staff.grouping import (
    LOW_CONFIDENCE,
    NOT_UNDERSTOOD,
    UNRESOLVED,
    ReviewGroup,
    group_similar,
    merge_identical,
)
from staff.store import TOKYO_OFFSET_SECONDS, Dialect

TOKYO = timezone(timedelta(seconds=TOKYO_OFFSET_SECONDS))
FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
FEEDBACK_RESOLVED = "feedback_resolved"
FEEDBACK_UNRESOLVED = "feedback_unresolved"
FEEDBACK_INTENTS = (FEEDBACK_RESOLVED, FEEDBACK_UNRESOLVED)
TOPIC_SLOT = "last_topic"  # set after every FAQ answer: the topic a feedback rates
HOTLINE_SLOT = "hotline_name"  # set by action_choose_hotline: the line handed off to
FORM = "personal_dates_form"
FORM_ANSWER_ACTION = "action_compute_personal_dates"
# Understood, but below this the answer may be a lucky guess: worth a look. Twice the
# FallbackClassifier threshold of config.yml (0.15), under which the bot asks again.
LOW_CONFIDENCE_BELOW = 0.3
# Never reviewed: set by the pipeline's own components, or a button's payload.
NOT_REVIEWED = ("pii_guard", "message_too_long", *FEEDBACK_INTENTS)
REVIEW_LIMIT = 2000  # distinct messages shown, the most frequent first


def conversation_ref(sender_id: str) -> str:
    """A conversation's reference for staff: never the id itself."""
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # inclusive

    @property
    def start(self) -> float:
        return datetime.combine(self.since, time(), TOKYO).timestamp()

    @property
    def end(self) -> float:
        return datetime.combine(self.until + timedelta(days=1), time(), TOKYO).timestamp()


@dataclass
class TopicRow:
    intent: str
    asked: int = 0
    conversations: int = 0
    fallback_guess: int = 0  # not understood, with this topic as the best guess
    resolved: int = 0
    unresolved: int = 0

    @property
    def unresolved_rate(self) -> float | None:
        rated = self.resolved + self.unresolved
        return self.unresolved / rated if rated else None


@dataclass
class Usage:
    period: Period
    conversations: int = 0
    messages: int = 0
    daily: list[tuple[str, str, int, int]] = field(default_factory=list)  # day, channel, conv, msgs
    channels: list[tuple[str, int, int]] = field(default_factory=list)  # channel, conv, msgs
    topics: dict[str, TopicRow] = field(default_factory=dict)
    not_understood: int = 0
    out_of_scope: int = 0
    handoffs: list[tuple[str, int]] = field(default_factory=list)  # line, times
    form_started: int = 0
    form_finished: int = 0
    review_groups: list[ReviewGroup] = field(default_factory=list)
    redacted_again: int = 0  # texts in which myna/privacy/ still found a number

    def topic(self, intent: str) -> TopicRow:
        return self.topics.setdefault(intent, TopicRow(intent))

    def ranked_topics(self) -> list[TopicRow]:
        return sorted(self.topics.values(), key=lambda row: (-row.asked, row.intent))

    @property
    def not_understood_rate(self) -> float | None:
        return self.not_understood / self.messages if self.messages else None

    @property
    def out_of_scope_rate(self) -> float | None:
        return self.out_of_scope / self.messages if self.messages else None


class _Reader:
    def __init__(self, connection: sa.engine.Connection, dialect: Dialect, period: Period):
        self.connection = connection
        self.sql = dialect
        self.params = {"start": period.start, "end": period.end}
        self.redacted_again = 0

    def rows(self, query: str, **params):
        return self.connection.execute(sa.text(query), {**self.params, **params}).all()

    def shown(self, text: str | None) -> str:
        """A user's text as it may be shown: re-checked for personal numbers."""
        text = text or ""
        if find_personal_numbers(text):
            self.redacted_again += 1
            return redact(text)
        return text


IN_PERIOD = "timestamp >= :start AND timestamp < :end"


def read_usage(engine: sa.engine.Engine, dialect: Dialect, period: Period) -> Usage:
    usage = Usage(period)
    with engine.connect() as connection:
        reader = _Reader(connection, dialect, period)
        _traffic_and_intents(reader, usage)
        _handoffs_and_form(reader, usage)
        rated = _feedback(reader, usage)
        review = _review_rows(reader, usage)
        usage.review_groups = group_similar(merge_identical(review + rated), REVIEW_LIMIT)
        usage.redacted_again = reader.redacted_again
    return usage


def _traffic_and_intents(reader: _Reader, usage: Usage) -> None:
    """One pass over the user messages: per (day, channel, conversation, intent), then
    conversations and messages by day and channel, by channel, by intent, in all."""
    sql = reader.sql
    rows = reader.rows(
        f"WITH turns AS (SELECT {sql.tokyo_day()} AS day, {sql.json_text('input_channel')} AS channel, "
        f"sender_id, intent_name, COUNT(*) AS n FROM events WHERE type_name = 'user' AND {IN_PERIOD} "
        "GROUP BY 1, 2, 3, 4) "
        "SELECT 'day', day, channel, COUNT(DISTINCT sender_id), SUM(n) FROM turns GROUP BY day, channel "
        "UNION ALL SELECT 'channel', NULL, channel, COUNT(DISTINCT sender_id), SUM(n) FROM turns GROUP BY channel "
        "UNION ALL SELECT 'intent', NULL, intent_name, COUNT(DISTINCT sender_id), SUM(n) FROM turns "
        "GROUP BY intent_name "
        "UNION ALL SELECT 'all', NULL, NULL, COUNT(DISTINCT sender_id), SUM(n) FROM turns"
    )
    for kind, day, name, conversations, messages in rows:
        messages = int(messages or 0)
        if kind == "day":
            usage.daily.append((day, name or "—", conversations, messages))
        elif kind == "channel":
            usage.channels.append((name or "—", conversations, messages))
        elif kind == "all":
            usage.conversations, usage.messages = conversations, messages
        elif name == FALLBACK_INTENT:
            usage.not_understood = messages
        elif name and name not in FEEDBACK_INTENTS:
            row = usage.topic(name)
            row.asked, row.conversations = messages, conversations
            if name == OUT_OF_SCOPE:
                usage.out_of_scope = messages
    usage.daily.sort()
    usage.channels.sort(key=lambda row: (-row[1], row[0]))


def _handoffs_and_form(reader: _Reader, usage: Usage) -> None:
    sql = reader.sql
    usage.handoffs = [
        (line, count)
        for line, count in reader.rows(
            f"SELECT {sql.json_text('value')}, COUNT(*) FROM events WHERE type_name = 'slot' "
            f"AND {sql.json_text('name')} = :slot AND {IN_PERIOD} GROUP BY 1 ORDER BY 2 DESC, 1",
            slot=HOTLINE_SLOT,
        )
        if line
    ]
    ((usage.form_started, usage.form_finished),) = reader.rows(
        "SELECT COUNT(DISTINCT CASE WHEN type_name = 'active_loop' THEN sender_id END), "
        "COUNT(DISTINCT CASE WHEN type_name = 'action' THEN sender_id END) FROM events "
        f"WHERE ((type_name = 'active_loop' AND {sql.json_text('name')} = :form) "
        f"OR (type_name = 'action' AND action_name = :action)) AND {IN_PERIOD}",
        form=FORM,
        action=FORM_ANSWER_ACTION,
    )


def _review_rows(reader: _Reader, usage: Usage) -> list:
    """Not understood and low-confidence messages, grouped by text in the database; the
    fallback's best guesses are counted per topic on the way."""
    sql = reader.sql
    text = sql.json_text("text")
    # The FallbackClassifier puts itself first in the ranking: the guess is second.
    guess = sql.json_text("parse_data", "intent_ranking", 1, "name")
    confidence = sql.json_number("parse_data", "intent", "confidence")
    excluded = ", ".join(f"'{name}'" for name in NOT_REVIEWED)
    rows = []
    for message, intent, second, count, sender in reader.rows(
        f"SELECT {text}, intent_name, {guess}, COUNT(*), MIN(sender_id) FROM events "
        f"WHERE type_name = 'user' AND {IN_PERIOD} AND intent_name NOT IN ({excluded}) "
        f"AND (intent_name = :fallback OR {confidence} < :low) GROUP BY 1, 2, 3",
        fallback=FALLBACK_INTENT,
        low=LOW_CONFIDENCE_BELOW,
    ):
        if intent == FALLBACK_INTENT and second:
            usage.topic(second).fallback_guess += count
        if not (message or "").strip():
            continue
        if intent == FALLBACK_INTENT:
            rows.append((reader.shown(message), NOT_UNDERSTOOD, second, count, conversation_ref(sender)))
        else:
            rows.append((reader.shown(message), LOW_CONFIDENCE, intent, count, conversation_ref(sender)))
    return rows


TEXTS_PER_QUERY = 500


def _feedback(reader: _Reader, usage: Usage) -> list:
    """Count each feedback for the topic it rates (the latest `last_topic` before it in
    its conversation); the messages rated 「解決しない」, as review rows. The stream
    carries ids only; the rated messages' texts are read afterwards."""
    sql = reader.sql
    query = (
        f"SELECT sender_id, type_name, intent_name, id, "
        f"CASE WHEN type_name = 'slot' THEN {sql.json_text('value')} END "
        f"FROM events WHERE {IN_PERIOD} AND (type_name = 'user' OR "
        f"(type_name = 'slot' AND {sql.json_text('name')} = :slot)) ORDER BY sender_id, id"
    )
    rated: dict[tuple[int, str], list] = defaultdict(lambda: [0, ""])  # (message id, topic) -> count, ref
    result = reader.connection.execution_options(stream_results=True).execute(
        sa.text(query), {**reader.params, "slot": TOPIC_SLOT}
    )
    sender = topic = asked = last_message = None
    for partition in result.partitions(5000):
        for row_sender, kind, intent, event_id, value in partition:
            if row_sender != sender:
                sender, topic, asked, last_message = row_sender, None, None, None
            if kind == "slot":
                topic, asked = value, last_message
            elif intent in FEEDBACK_INTENTS:
                if topic:
                    row = usage.topic(topic)
                    if intent == FEEDBACK_RESOLVED:
                        row.resolved += 1
                    else:
                        row.unresolved += 1
                        if asked is not None:
                            entry = rated[(asked, topic)]
                            entry[0] += 1
                            entry[1] = entry[1] or conversation_ref(sender)
            else:
                last_message = event_id
    ids = sorted({event_id for event_id, _ in rated})
    texts: dict[int, str] = {}
    for start in range(0, len(ids), TEXTS_PER_QUERY):
        chunk = ids[start : start + TEXTS_PER_QUERY]
        placeholders = ", ".join(f":id{i}" for i in range(len(chunk)))
        texts.update(
            reader.connection.execute(
                sa.text(f"SELECT id, {sql.json_text('text')} FROM events WHERE id IN ({placeholders})"),
                {f"id{i}": event_id for i, event_id in enumerate(chunk)},
            ).all()
        )
    return [
        (reader.shown(texts.get(event_id)), UNRESOLVED, topic, count, ref)
        for (event_id, topic), (count, ref) in rated.items()
        if (texts.get(event_id) or "").strip()
    ]
