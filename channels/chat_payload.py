"""What a chat payload (a REST body, a socket.io event) must look like before Rasa
reads it, and the call links added to the bot's messages on the way out. Pure: no
Rasa, no Sanic.

Rasa's REST and socket.io channels assume a JSON object with a string "message".
Anything else ends in a 500 (REST), or in silence and a traceback (socket.io). A
missing sender would put every such client into Rasa's one shared conversation
"default", and a sender id longer than the tracker store's column cannot be stored.
A conversation id that is not printable text (a lone surrogate, NUL, a control
character) cannot be stored either: SQLAlchemy raises on it, and Rasa's SQL store took
that for a missing schema and exited. A message with a lone surrogate cannot be
tokenized (Sudachi reads UTF-8), so it is read with U+FFFD in its place.
"""

from __future__ import annotations

import json
from typing import Any

from myna.phone import call_segments, find_phone_numbers, is_call_payload, tel_uri
from myna.privacy import redact

MAX_ID_LENGTH = 255  # sender_id is VARCHAR(255) in Rasa's SQL tracker store


def id_problem(value: Any, key: str) -> str | None:
    """Why `value` cannot name a conversation, or None. Text only: socket.io would put
    a numeric session id in a room that Rasa's answers, sent to its text form, miss."""
    if not isinstance(value, str):
        return f'"{key}" must be a string'
    if not value.strip():
        return f'"{key}" must not be empty'
    if len(value) > MAX_ID_LENGTH:
        return f'"{key}" must be at most {MAX_ID_LENGTH} characters'
    if not value.replace(" ", "").isprintable():  # C* categories (surrogates, NUL, controls), separators
        return f'"{key}" must be printable text, without control characters'
    return None


def conversation_id(value: str) -> str:
    """The id a conversation is stored and locked under: a usable id (see `id_problem`)
    with any personal number in it blanked, as in every stored text."""
    return redact(value)[:MAX_ID_LENGTH]


def _metadata_problem(metadata: Any, key: str, json_text_allowed: bool) -> str | None:
    if json_text_allowed and isinstance(metadata, str):
        try:  # Rasa's socket.io channel also takes the metadata as JSON text
            metadata = json.loads(metadata)
        except ValueError:
            return f'"{key}" is not valid JSON'
    if metadata is not None and not isinstance(metadata, dict):
        return f'"{key}" must be an object'
    return None


def message_problem(
    payload: Any,
    sender_key: str | None,
    metadata_key: str = "metadata",
    metadata_json_text_allowed: bool = False,
) -> str | None:
    """Why `payload` cannot be handled as one user message, or None.

    `sender_key` names the field with the conversation id; None when the channel
    names the conversation itself (socket.io without session persistence).
    An empty message is fine: the assistant asks to rephrase.
    """
    if not isinstance(payload, dict):
        return "the payload must be a JSON object"
    if sender_key is not None:
        problem = id_problem(payload.get(sender_key), sender_key)
        if problem:
            return problem
    if not isinstance(payload.get("message"), str):
        return '"message" must be a string'
    return _metadata_problem(payload.get(metadata_key), metadata_key, metadata_json_text_allowed)


def usable_session_request(payload: Any) -> dict | None:
    """The socket.io `session_request` payload Rasa can use: as sent when its session
    id is absent, with the stored form of a usable id, otherwise None, which makes
    Rasa start a new session."""
    if not isinstance(payload, dict):
        return None
    session_id = payload.get("session_id")
    if session_id is None:
        return payload
    if id_problem(session_id, "session_id"):
        return None
    # The confirmed id is the stored one: the widget sends it back with each message.
    return {**payload, "session_id": conversation_id(session_id)}


def _button_with_call_link(button: Any) -> Any:
    if not isinstance(button, dict):
        return button
    out = dict(button)
    payload, title = button.get("payload"), button.get("title")
    uri = tel_uri(payload) if is_call_payload(payload) else None
    if uri:
        out["tel"] = uri  # a number to dial, not a message to send
    if isinstance(title, str) and find_phone_numbers(title):
        out["segments"] = call_segments(title)
    return out


def with_call_links(message: dict[str, Any]) -> dict[str, Any]:
    """A bot message as the chat channels send it to the widget: with the phone
    numbers of its text (and of its buttons' titles) as `segments` of {text, tel}
    (myna/phone.py), and `tel` on each call button, so the page renders call
    buttons without a phone-number grammar of its own."""
    out = dict(message)
    text = message.get("text")
    if isinstance(text, str) and find_phone_numbers(text):
        out["segments"] = call_segments(text)
    for key in ("buttons", "quick_replies"):
        if isinstance(message.get(key), list):
            out[key] = [_button_with_call_link(b) for b in message[key]]
    return out
