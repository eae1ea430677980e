"""Conversations written with Rasa's own SQL tracker store, with chosen timestamps
(for the period, day and retention tests, where waiting days is not an option)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

TOKYO = timezone(timedelta(hours=9))


def at(text: str) -> float:
    """Unix time of a Tokyo wall-clock time, '2026-11-02 23:59'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TOKYO).timestamp()


def user(
    text: str, intent: str, confidence: float, when: float, channel: str = "rest", runner_up: str | None = None
) -> UserUttered:
    ranking = [{"name": intent, "confidence": confidence}]
    if runner_up:
        ranking.append({"name": runner_up, "confidence": confidence / 2})
    parse = {"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": []}
    return UserUttered(text, intent=ranking[0], parse_data=parse, input_channel=channel, timestamp=when)


def answer(topic: str, when: float) -> list[Event]:
    """An FAQ answer as the dialogue gives it, with the topic the feedback rates."""
    return [
        ActionExecuted(f"utter_{topic}", timestamp=when),
        BotUttered("…", timestamp=when),
        SlotSet("last_topic", topic, timestamp=when),
    ]


def save(store: SQLTrackerStore, conversations: dict[str, list[Event]]) -> None:
    async def write() -> None:
        for sender, events in conversations.items():
            await store.save(DialogueStateTracker.from_events(sender, events))

    asyncio.run(write())
