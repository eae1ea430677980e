"""Malformed, empty, huge and odd input on every channel of the production set-up.

Each case gets a clear 4xx or a polite answer (never a 500, never silence for a
message that was accepted), and afterwards the server still answers a normal
message.
"""

from __future__ import annotations

import http.client
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from myna.messages import text as message_text
from tests.line.fake_line import body_of, post_webhook, sign, text_event, texts_of, user_id
from tests.servers import say

from .chat_clients import SocketChat, reply_texts, request

JSON = "application/json"
UNREADABLE_REPLY = message_text("chat.unreadable")
NON_TEXT_REPLY = message_text("line.non_text")
ANY_ANSWER = ""  # any non-empty answer will do
TOO_LONG = "メッセージが長すぎる"
ODD_TEXTS = {
    "emoji only": "😀🙏🏻👨‍👩‍👧",
    "control characters": "\x00\x1b[31m\u202eこんにちは\x7f",
}
OVER_THE_LIMIT = "あ" * 100_000  # 300 000 bytes of UTF-8: over the 256 KiB request limit


def still_answers(server) -> None:
    assert request(f"{server.base_url}/", content_type=None)[0] == 200
    assert say(server.base_url, f"malformed-check-{server.port}", "こんにちは")


def new_sender(kind: str) -> str:
    return f"malformed-{kind}-{uuid.uuid4().hex[:8]}"


# ------------------------------------------------------------------ REST
def fields(**values: Any) -> Callable[[str], bytes]:
    return lambda sender: json.dumps({"sender": sender, **values}, ensure_ascii=False).encode()


def raw(body: bytes) -> Callable[[str], bytes]:
    return lambda sender: body


REST_CASES = [
    ("malformed JSON", raw(b'{"sender": "x", "message": '), JSON, 400),
    ("JSON array", raw('[{"sender": "x", "message": "こんにちは"}]'.encode()), JSON, 400),
    ("JSON number", raw(b"42"), JSON, 400),
    ("empty body", raw(b""), JSON, 400),
    ("no message", fields(), JSON, 400),
    ("message not text", fields(message=5), JSON, 400),
    ("no sender", raw('{"message": "こんにちは"}'.encode()), JSON, 400),
    ("metadata not an object", fields(message="こんにちは", metadata=[1]), JSON, 400),
    ("invalid UTF-8", raw(b'{"sender": "x", "message": "\xff\xfe"}'), JSON, 400),
    ("body over the limit", fields(message=OVER_THE_LIMIT), JSON, 413),
    ("empty message", fields(message=""), JSON, ANY_ANSWER),
    ("whitespace only", fields(message=" \u3000\n"), JSON, ANY_ANSWER),
    ("5000 characters", fields(message="あ" * 5000), JSON, TOO_LONG),
    *[(name, fields(message=text), JSON, ANY_ANSWER) for name, text in ODD_TEXTS.items()],
    ("text/plain content type", fields(message="こんにちは"), "text/plain", ANY_ANSWER),
    ("no content type", fields(message="こんにちは"), None, ANY_ANSWER),
]


@pytest.mark.parametrize(
    "make_body, content_type, expected", [case[1:] for case in REST_CASES], ids=[case[0] for case in REST_CASES]
)
def test_rest(cluster, make_body, content_type, expected: int | str):
    server = cluster.replicas[0]
    status, body = request(f"{server.base_url}/webhooks/rest/webhook", make_body(new_sender("rest")), content_type)
    if isinstance(expected, int):
        assert status == expected
    else:
        assert status == 200
        replies = json.loads(body)
        assert replies and expected in reply_texts(replies)
    still_answers(server)


# ------------------------------------------------------------------ socket.io
SOCKET_CASES = [
    ("text instead of an object", lambda session: ("こんにちは",), UNREADABLE_REPLY),
    ("list instead of an object", lambda session: (["こんにちは"],), UNREADABLE_REPLY),
    ("no payload", lambda session: (), UNREADABLE_REPLY),
    ("no message", lambda session: ({"session_id": session},), UNREADABLE_REPLY),
    ("no session id", lambda session: ({"message": "こんにちは"},), UNREADABLE_REPLY),
    ("message not text", lambda session: ({"message": {"text": "x"}, "session_id": session},), UNREADABLE_REPLY),
    (
        "metadata not JSON",
        lambda session: ({"message": "こんにちは", "session_id": session, "metadata": "{oops"},),
        UNREADABLE_REPLY,
    ),
    ("empty message", lambda session: ({"message": "", "session_id": session},), ANY_ANSWER),
    ("5000 characters", lambda session: ({"message": "あ" * 5000, "session_id": session},), TOO_LONG),
    *[
        (name, lambda session, text=text: ({"message": text, "session_id": session},), ANY_ANSWER)
        for name, text in ODD_TEXTS.items()
    ],
]


@pytest.mark.parametrize(
    "make_args, expected", [case[1:] for case in SOCKET_CASES], ids=[case[0] for case in SOCKET_CASES]
)
def test_socketio(cluster, make_args, expected: str):
    server = cluster.replicas[1]
    with SocketChat(server.base_url, new_sender("socket")) as chat:
        replies = chat.emit(*make_args(chat.session_id))
        assert replies and expected in reply_texts(replies)
        assert chat.say("こんにちは")  # the same connection carries on
    still_answers(server)


def test_socketio_payload_over_the_limit_closes_that_connection_only(cluster):
    server = cluster.replicas[1]
    with SocketChat(server.base_url, new_sender("socket")) as chat:
        # Over the websocket frame limit (1 MiB): the server drops the connection.
        chat.client.emit("user_uttered", {"message": "a" * 2_000_000, "session_id": chat.session_id})
        assert chat.disconnected.wait(10)
        assert chat.replies == []
    with SocketChat(server.base_url, new_sender("socket")) as chat:
        assert chat.say("こんにちは")
    still_answers(server)


@pytest.mark.parametrize(
    "session_request",
    [(), "abc", [1], {"session_id": {"a": 1}}, {"session_id": 5}],
    ids=["nothing", "text", "list", "object id", "number id"],
)
def test_socketio_unusable_session_request_gets_a_new_session(cluster, session_request):
    server = cluster.replicas[1]
    with SocketChat(server.base_url, "", session_request=session_request) as chat:
        assert isinstance(chat.session_id, str) and len(chat.session_id) == 32  # Rasa's new uuid
        assert chat.say("こんにちは")
    still_answers(server)


# ------------------------------------------------------------------ LINE
def padded(**extra: Any) -> bytes:
    return json.dumps({"destination": "x", "events": [], **extra}).encode()


LINE_REJECTED = [
    ("no signature", body_of(text_event("こんにちは", user_id("m"))), None, 400),
    ("wrong signature", b'{"events": []}', sign(b'{"events": []}', "another-secret"), 401),
    ("malformed JSON", b'{"events": [', "sign", 400),
    ("no events", b'{"destination": "x"}', "sign", 400),
    ("events not a list", b'{"events": {"type": "message"}}', "sign", 400),
    ("JSON array", b"[]", "sign", 400),
    ("invalid UTF-8", b'{"events": [], "x": "\xff\xfe"}', "sign", 401),  # LINE signs UTF-8 text only
    ("body over the limit", padded(x=OVER_THE_LIMIT), "sign", 413),
]


@pytest.mark.parametrize(
    "body, signature, status", [case[1:] for case in LINE_REJECTED], ids=[case[0] for case in LINE_REJECTED]
)
def test_line_rejected(cluster, body, signature, status):
    server = cluster.replicas[0]
    assert post_webhook(server.port, body, signature)[0] == status
    still_answers(server)


def line_event(text: str = "こんにちは", **changes: Any) -> dict:
    event = text_event(text, user_id(new_sender("line")))
    event.update(changes)
    return event


LINE_ANSWERED = [
    ("deliveryContext not an object", line_event(deliveryContext="yes"), NON_TEXT_REPLY),
    ("message not an object", line_event(message="こんにちは"), NON_TEXT_REPLY),
    ("message text not text", line_event(message={"id": "1", "type": "text", "text": 5}), ANY_ANSWER),
    ("empty text", line_event(""), NON_TEXT_REPLY),
    ("5000 characters", line_event("あ" * 5000), TOO_LONG),
    *[(name, line_event(text), ANY_ANSWER) for name, text in ODD_TEXTS.items()],
]


@pytest.mark.parametrize(
    "event, expected", [case[1:] for case in LINE_ANSWERED], ids=[case[0] for case in LINE_ANSWERED]
)
def test_line_odd_event_gets_a_polite_answer(cluster, event, expected):
    server = cluster.replicas[0]
    assert post_webhook(server.port, body_of(event))[0] == 200
    call = cluster.line_api.wait_for_call(lambda call: call["body"].get("replyToken") == event["replyToken"])
    assert texts_of(call) and expected in texts_of(call)
    still_answers(server)


@pytest.mark.parametrize(
    "events", [[5, "x", None, []], [line_event(source="me")]], ids=["events not objects", "no one to answer"]
)
def test_line_events_nobody_can_be_answered_for_are_accepted_and_dropped(cluster, events):
    server = cluster.replicas[0]
    assert post_webhook(server.port, body_of(*events))[0] == 200
    still_answers(server)


# ------------------------------------------------------------------ widget files
def raw_request(port: int, method: str, path: str) -> tuple[int, bytes]:
    """The path exactly as given (urllib would quote it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("POST", "/webhooks/widget/myna-chat.js", 405),
        ("DELETE", "/webhooks/widget/demo", 405),
        ("GET", "/webhooks/widget/nope.js", 404),
        ("GET", "/webhooks/widget/../../credentials.yml", 404),
        ("GET", "/webhooks/widget/%2e%2e/%2e%2e/credentials.yml", 404),
        ("GET", "/webhooks/widget/vendor/..%2f..%2f..%2fcredentials.yml", 404),
        ("GET", "/webhooks/widget/..%5c..%5cendpoints.yml", 404),
        ("GET", "/webhooks/widget/myna-chat.js/../../../endpoints.yml", 404),
        ("GET", "/webhooks/widget//etc/passwd", 404),
    ],
)
def test_widget_files(cluster, method, path, status):
    server = cluster.replicas[1]
    got, body = raw_request(server.port, method, path)
    assert got == status
    assert b"tracker_store" not in body and b"LineInput" not in body and b"root:" not in body
    still_answers(server)


# ------------------------------------------------------------------ action server
def actions_webhook(cluster, body: bytes) -> int:
    return request(f"http://127.0.0.1:{cluster.actions.port}/webhook", body)[0]


@pytest.mark.parametrize(
    "body",
    [
        b'{"next_action": ',
        b'{"next_action": "\xff\xfe"}',
    ],
    ids=["malformed JSON", "invalid UTF-8"],
)
def test_action_server_webhook(cluster, body):
    status = actions_webhook(cluster, body)
    assert request(f"http://127.0.0.1:{cluster.actions.port}/health", content_type=None)[0] == 200
    assert 400 <= status < 500
