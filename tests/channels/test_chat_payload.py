"""The payload checks in front of Rasa's REST and socket.io channels."""

import pytest

from channels.chat_payload import MAX_ID_LENGTH, id_problem, message_problem, usable_session_request


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
    [("abc", None), ("", '"id" must not be empty'), (True, '"id" must be a string'), (1.5, '"id" must be a string')],
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
    ],
)
def test_session_requests(payload, usable):
    assert usable_session_request(payload) == (payload if usable else None)
