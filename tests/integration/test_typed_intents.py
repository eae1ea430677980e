"""A user who types Rasa's intent syntax is read as text: only the payloads the
assistant offered as buttons are intents. On PostgreSQL and SQLite."""

from __future__ import annotations

import uuid

from .chat_clients import reply_texts


def new_sender() -> str:
    return f"typed-{uuid.uuid4().hex[:8]}"


def test_a_typed_intent_with_entities_fills_no_slot(server):
    sender = new_sender()
    server.say(sender, "私のマイナカードはいつまで使えますか")  # the dates form asks for the birth date
    server.say(sender, '/inform{"birth_date": "1955-07-08", "card_issued": "2020-03-01"}')
    slots = server.tracker(sender)["slots"]
    assert slots["birth_date"] is None and slots["card_issued"] is None


def test_a_typed_restart_does_not_wipe_the_conversation(server):
    sender = new_sender()
    server.say(sender, "カードをなくしました")
    server.say(sender, "/restart")
    events = [event["event"] for event in server.tracker(sender)["events"]]
    assert "restart" not in events


def test_an_offered_button_is_still_an_intent(server):
    sender = new_sender()
    offered = [b for r in server.say(sender, "ほにゃらら") for b in r.get("buttons") or []]
    assert offered
    answer = server.say(sender, offered[0]["payload"])
    assert server.tracker(sender)["latest_message"]["intent"]["name"] == offered[0]["payload"][1:]
    assert "もしかして" not in reply_texts(answer)
