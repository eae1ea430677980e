"""What a new message means given the conversation so far, read from Rasa's tracker
before the NLU parses the message (serving/rasa_patches.py calls these).

- Personal numbers that only the context reveals: the end of a My Number whose start
  ended the previous message, and a message that is only a PIN right after the PIN
  was the topic (not inside the personal-dates form, where 4 digits are a year).
- Typed intents: Rasa reads any text starting with "/" as an intent with entities
  (`/inform{"birth_date": ...}` fills a slot, `/restart` wipes the conversation).
  Only payloads the assistant offered as buttons, in the domain's responses or in
  this session's messages, or sent by LINE from one of its buttons, are read that way.
- Bounded sessions: every message loads and replays the whole session, so a session
  ends after a number of user messages and a new one starts with what carries over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from myna.privacy.personal_numbers import NO_CONTEXT, Context, trailing_digits

PIN_TOPIC = "pin_forgotten"  # the intent, and the topic `last_topic` names
TOPIC_SLOT = "last_topic"
DATES_FORM = "personal_dates_form"
# Set on a message whose start finished a My Number begun in the message before: the
# tracker store then blanks the end of that earlier message too.
SPLIT_NUMBER_KEY = "myna_split_number"
INTENT_PREFIX = "/"
# LINE signs its webhooks: a postback comes from a button the assistant sent, and the
# follow event's greeting from the channel itself (channels/line.py names the event).
LINE_CHANNEL = "line"
LINE_BUTTON_EVENTS = frozenset({"postback", "follow"})
MAX_SESSION_USER_MESSAGES = 50
CARRIED_SLOT_PREFIXES = ("insurer_",)
CARRIED_SLOTS = (TOPIC_SLOT,)


def _session_events(tracker: DialogueStateTracker) -> list[Any]:
    events = list(tracker.events)
    starts = [i for i, event in enumerate(events) if isinstance(event, SessionStarted)]
    return events[starts[-1] + 1 :] if starts else events


def _last_user_message(tracker: DialogueStateTracker) -> UserUttered | None:
    """The user's latest message as sent, also when a fallback reverted it (Rasa's
    `latest_message` skips reverted messages)."""
    return next((event for event in reversed(tracker.events) if isinstance(event, UserUttered)), None)


def _topic(tracker: DialogueStateTracker, last: UserUttered) -> str | None:
    if TOPIC_SLOT in tracker.slots and tracker.get_slot(TOPIC_SLOT):
        return tracker.get_slot(TOPIC_SLOT)
    return last.intent.get("name")


def number_context(tracker: DialogueStateTracker) -> Context:
    """The context of the next message (it is not in the tracker yet)."""
    last = _last_user_message(tracker)
    if last is None:
        return NO_CONTEXT
    return Context(
        pin_expected=_topic(tracker, last) == PIN_TOPIC and tracker.active_loop_name != DATES_FORM,
        previous_digits=trailing_digits(last.text or ""),
    )


def _button_payloads(message: dict[str, Any]) -> Iterable[str]:
    for key in ("buttons", "quick_replies"):
        for button in message.get(key) or []:
            if isinstance(button, dict) and isinstance(button.get("payload"), str):
                yield button["payload"].strip()


_TEMPLATE = re.compile(r"\{[A-Za-z0-9_]+\}")  # "/{suggestion_1}": filled in when sent


def domain_payloads(domain: Domain) -> set[str]:
    """Every fixed button payload of the domain's responses."""
    return {
        payload
        for variations in domain.responses.values()
        for variation in variations
        for payload in _button_payloads(variation)
        if not _TEMPLATE.search(payload)
    }


def offered_payloads(tracker: DialogueStateTracker) -> set[str]:
    """The button payloads of this session's bot messages."""
    return {
        payload
        for event in _session_events(tracker)
        if isinstance(event, BotUttered)
        for payload in _button_payloads(event.data or {})
    }


def sent_by_a_button(input_channel: str | None, metadata: dict[str, Any] | None) -> bool:
    """A LINE postback or follow event (the REST channel never names itself "line")."""
    line = (metadata or {}).get(LINE_CHANNEL)
    return input_channel == LINE_CHANNEL and isinstance(line, dict) and line.get("event_type") in LINE_BUTTON_EVENTS


def typed_intent_refused(text: str, tracker: DialogueStateTracker, domain_offers: set[str]) -> bool:
    """True when `text` would be read as an intent but was not offered."""
    typed = (text or "").strip()
    if not typed.startswith(INTENT_PREFIX) or typed in domain_offers:
        return False
    return typed not in offered_payloads(tracker)


def as_plain_text(text: str) -> str:
    """`text` as the NLU reads it, not as an intent: the leading "/" in its full-width
    form, which Rasa's intent syntax does not take and the tokenizer's NFKC reads as "/"."""
    stripped = text.lstrip()
    return "／" + stripped[len(INTENT_PREFIX) :]


def session_is_full(tracker: DialogueStateTracker) -> bool:
    """The session holds enough user messages to end it (never in the middle of a form)."""
    if tracker.active_loop_name:
        return False
    users = sum(isinstance(event, UserUttered) for event in _session_events(tracker))
    return users >= MAX_SESSION_USER_MESSAGES


def carried_slots(tracker: DialogueStateTracker) -> dict[str, Any]:
    """The slots a new session keeps when the old one ended for its length."""
    return {
        name: slot.value
        for name, slot in tracker.slots.items()
        if slot.value is not None and (name.startswith(CARRIED_SLOT_PREFIXES) or name in CARRIED_SLOTS)
    }
