"""The channels' clients, as the tests need them: raw HTTP requests, a socket.io
connection as the widget makes it (widget/myna-chat.js), a LINE text message
answered at the fake LINE API."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from typing import Any

import socketio

from tests.line.fake_line import FakeLineApi, body_of, post_webhook, text_event, texts_of


def request(
    url: str, body: bytes | None = None, content_type: str | None = "application/json", method: str | None = None
) -> tuple[int, bytes]:
    """Status and body, also for 4xx/5xx answers."""
    headers = {"Content-Type": content_type} if content_type else {}
    outgoing = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(outgoing, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class SocketChat:
    """One socket.io connection over websocket, with the widget's session request.
    `session_request` replaces the widget's payload; the confirmed id is `session_id`."""

    def __init__(self, base_url: str, session_id: str, session_request: Any = None) -> None:
        self.replies: list[Any] = []
        self._arrived = threading.Condition()
        self._confirmed = threading.Event()
        self.disconnected = threading.Event()
        self.session_id: str | None = None
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self._on_reply)
        self.client.on("session_confirm", self._on_confirm)
        self.client.on("disconnect", self.disconnected.set)
        self.client.connect(base_url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=10)
        payload = {"session_id": session_id} if session_request is None else session_request
        self.client.emit("session_request", payload)
        assert self._confirmed.wait(15), "no session_confirm"

    def _on_confirm(self, session_id: str) -> None:
        self.session_id = session_id
        self._confirmed.set()

    def _on_reply(self, message: Any) -> None:
        with self._arrived:
            self.replies.append(message)
            self._arrived.notify_all()

    def emit(self, *args: Any, timeout: float = 60, settle: float = 0.5) -> list[Any]:
        """Emit user_uttered with `args`; the bot messages that follow (empty after
        `timeout` without one)."""
        with self._arrived:
            before = len(self.replies)
            self.client.emit("user_uttered", *args)
            self._arrived.wait_for(lambda: len(self.replies) > before, timeout)
        time.sleep(settle)  # a turn may have more messages: they come right after the first
        with self._arrived:
            return self.replies[before:]

    def say(self, text: str, **wait: float) -> list[Any]:
        return self.emit({"message": text, "session_id": self.session_id}, **wait)

    def close(self) -> None:
        self.client.disconnect()

    def __enter__(self) -> SocketChat:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()


def line_say(api: FakeLineApi, port: int, user: str, text: str) -> str:
    """A LINE text message from `user`; the text of the reply the channel sent."""
    event = text_event(text, user)
    status, _ = post_webhook(port, body_of(event))
    assert status == 200
    call = api.wait_for_call(lambda call: call["body"].get("replyToken") == event["replyToken"])
    return texts_of(call)


def reply_texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)
