"""The payload checks in front of Rasa's REST and socket.io channels."""

import pytest

from channels.chat_payload import (
    MAX_ID_LENGTH,
    conversation_id,
    id_problem,
    message_problem,
    usable_session_request,
    with_call_links,
)
from myna.privacy import readable_text


@pytest.mark.parametrize(
    "payload, problem",
    [
        ({"sender": "u1", "message": "こんにちは"}, None),
        ({"sender": "u1", "message": ""}, None),  # the assistant asks to rephrase
        ({"sender": "u1", "message": "x", "metadata": {"a": 1}}, None),
        ({"sender": "u1", "message": "x", "metadata": None}, None),
        ([{"sender": "u1", "message": "x"}], "the payload must be a JSON object"),
        (42, "the payload must be a JSON object"),
        (None, "the payload must be a JSON object"),
        ("こんにちは", "the payload must be a JSON object"),
        ({"message": "x"}, '"sender" must be a string'),
        ({"sender": None, "message": "x"}, '"sender" must be a string'),
        ({"sender": 5, "message": "x"}, '"sender" must be a string'),
        ({"sender": {"id": 1}, "message": "x"}, '"sender" must be a string'),
        ({"sender": "  ", "message": "x"}, '"sender" must not be empty'),
        ({"sender": "x" * (MAX_ID_LENGTH + 1), "message": "x"}, f'"sender" must be at most {MAX_ID_LENGTH} characters'),
        ({"sender": "x" * MAX_ID_LENGTH, "message": "x"}, None),
        ({"sender": "u1"}, '"message" must be a string'),
        ({"sender": "u1", "message": None}, '"message" must be a string'),
        ({"sender": "u1", "message": 5}, '"message" must be a string'),
        ({"sender": "u1", "message": ["x"]}, '"message" must be a string'),
        ({"sender": "u1", "message": "x", "metadata": [1]}, '"metadata" must be an object'),
        ({"sender": "u1", "message": "x", "metadata": '{"a": 1}'}, '"metadata" must be an object'),
    ],
)
def test_rest_payloads(payload, problem):
    assert message_problem(payload, "sender") == problem


@pytest.mark.parametrize(
    "payload, sender_key, problem",
    [
        ({"session_id": "s1", "message": "x", "metadata": '{"a": 1}'}, "session_id", None),
        ({"session_id": "s1", "message": "x", "metadata": "{not json"}, "session_id", '"metadata" is not valid JSON'),
        ({"session_id": "s1", "message": "x", "metadata": "[1]"}, "session_id", '"metadata" must be an object'),
        ({"message": "x"}, "session_id", '"session_id" must be a string'),
        ({"message": "x"}, None, None),  # the socket names the conversation
        ("x", None, "the payload must be a JSON object"),
    ],
)
def test_socketio_payloads(payload, sender_key, problem):
    assert message_problem(payload, sender_key, metadata_json_text_allowed=True) == problem


def test_another_metadata_key_is_the_one_checked():
    payload = {"sender": "u1", "message": "x", "metadata": [1], "customData": {"a": 1}}
    assert message_problem(payload, "sender", metadata_key="customData") is None


@pytest.mark.parametrize(
    "value, problem",
    [
        ("abc", None),
        ("会員 123", None),
        ("", '"id" must not be empty'),
        (True, '"id" must be a string'),
        (1.5, '"id" must be a string'),
        # Each of these made the SQL tracker store raise (PostgreSQL: NUL), and Rasa exit.
        *[
            (f"sur{bad}x", '"id" must be printable text, without control characters')
            for bad in ("\udc00", "\ud800", "\x00", "\x1b", "\n", "\u202e", "\u200b", "\x85")
        ],
    ],
)
def test_ids(value, problem):
    assert id_problem(value, "id") == problem


@pytest.mark.parametrize(
    "payload, usable",
    [
        ({"session_id": "s1"}, True),
        ({"session_id": None}, True),  # Rasa makes one up
        ({}, True),
        (None, False),
        ("s1", False),
        ([1], False),
        ({"session_id": {"a": 1}}, False),
        ({"session_id": 5}, False),
        ({"session_id": "x" * (MAX_ID_LENGTH + 1)}, False),
        ({"session_id": "s\udc00"}, False),
        ({"session_id": "s\x00"}, False),
    ],
)
def test_session_requests(payload, usable):
    assert usable_session_request(payload) == (payload if usable else None)


def test_a_personal_number_in_a_conversation_id_is_blanked():
    assert conversation_id("member-1234 5678 9018") == "member-［マイナンバー削除］"
    assert conversation_id("member-123456789012") == "member-123456789012"  # not a My Number
    assert usable_session_request({"session_id": "123456789018"}) == {"session_id": "［マイナンバー削除］"}


def test_a_lone_surrogate_in_a_message_is_read_as_a_replacement_character():
    assert readable_text("\ud800abc") == "\ufffdabc"
    assert readable_text("a\udfffb\ud83d") == "a\ufffdb\ufffd"
    assert readable_text("😀 \ud83d\ude00 こんにちは") == "😀 😀 こんにちは"  # pairs join
    assert readable_text("こんにちは\n") == "こんにちは\n"


def test_bot_messages_carry_their_call_links():
    message = {
        "recipient_id": "u",
        "text": "紛失は 0120-95-0178 へ（24時間）",
        "buttons": [
            {"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"},
            {"title": "ほかの質問", "payload": "/greet"},
            {"title": "番号なし", "payload": "tel:"},
        ],
    }
    out = with_call_links(message)
    assert out["segments"] == [
        {"text": "紛失は "},
        {"text": "0120-95-0178", "tel": "tel:0120950178"},
        {"text": " へ（24時間）"},
    ]
    call, other, broken = out["buttons"]
    assert call == {
        "title": "0120-95-0178に電話",
        "payload": "tel:0120-95-0178",
        "tel": "tel:0120950178",
        "segments": [{"text": "0120-95-0178", "tel": "tel:0120950178"}, {"text": "に電話"}],
    }
    assert other == {"title": "ほかの質問", "payload": "/greet"} and "tel" not in broken
    assert message["buttons"][0] == {"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"}  # not changed
    # socket.io's quick replies the same; a text without a number stays as it is
    assert with_call_links(
        {"text": "こんにちは", "quick_replies": [{"title": "電話", "payload": "tel:+81-3-6734-0170"}]}
    ) == {
        "text": "こんにちは",
        "quick_replies": [{"title": "電話", "payload": "tel:+81-3-6734-0170", "tel": "tel:+81367340170"}],
    }
