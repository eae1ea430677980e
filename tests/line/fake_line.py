"""Test helpers: webhook payloads shaped like the LINE Messaging API reference,
real X-Line-Signature values, and a fake LINE API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.servers import free_port

SECRET = "0123456789abcdef-test-channel-secret"
TOKEN = "test-channel-access-token"
BOT_ID = "U0000000000000000000000000000b0t"

_counter = itertools.count(1)


def sign(body: bytes, secret: str = SECRET) -> str:
    """X-Line-Signature: base64 of HMAC-SHA256 of the raw body with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def user_id(name: str) -> str:
    """A user id in LINE's shape: 'U' + 32 hex digits."""
    return "U" + hashlib.md5(name.encode()).hexdigest()


def _event(
    kind: str, user: str, reply_token: str | None, redelivery: bool, event_id: str | None, **fields: Any
) -> dict[str, Any]:
    n = next(_counter)
    event = {
        "type": kind,
        "mode": "active",
        "timestamp": 1763700000000 + n,
        "source": {"type": "user", "userId": user},
        # ULID-shaped ids, as LINE sends them.
        "webhookEventId": event_id or f"01JD{n:022d}",
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if reply_token is not None:
        event["replyToken"] = reply_token
    event.update(fields)
    return event


def reply_token(name: str = "") -> str:
    return f"rt{next(_counter):08d}{hashlib.md5(name.encode()).hexdigest()[:20]}"


def _message_event(
    kind: str, user: str, token: str | None, redelivery: bool, event_id: str | None, **fields: Any
) -> dict[str, Any]:
    """A message event of one kind, with the id and quote token LINE gives every message."""
    n = next(_counter)
    message = {"id": f"{500000000000000000 + n}", "type": kind, **fields, "quoteToken": f"q{n}"}
    return _event("message", user, token or reply_token(), redelivery, event_id, message=message)


def text_event(
    text: str, user: str, token: str | None = None, redelivery: bool = False, event_id: str | None = None
) -> dict[str, Any]:
    return _message_event("text", user, token, redelivery, event_id, text=text)


def sticker_event(user: str, token: str | None = None) -> dict[str, Any]:
    return _message_event(
        "sticker",
        user,
        token,
        False,
        None,
        packageId="446",
        stickerId="1988",
        stickerResourceType="STATIC",
        keywords=["OK"],
    )


def image_event(user: str, token: str | None = None) -> dict[str, Any]:
    return _message_event("image", user, token, False, None, contentProvider={"type": "line"})


def postback_event(data: str, user: str, token: str | None = None) -> dict[str, Any]:
    return _event("postback", user, token or reply_token(), False, None, postback={"data": data})


def follow_event(user: str, token: str | None = None) -> dict[str, Any]:
    return _event("follow", user, token or reply_token(), False, None, follow={"isUnblocked": False})


def unfollow_event(user: str) -> dict[str, Any]:
    return _event("unfollow", user, None, False, None)


def body_of(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": BOT_ID, "events": list(events)}, ensure_ascii=False).encode("utf-8")


def post_webhook(port: int, body: bytes, signature: str | None = "sign") -> tuple[int, float]:
    """POST like LINE does; signature "sign" means a correct one. Returns (status, seconds)."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if signature == "sign":
        signature = sign(body)
    if signature is not None:
        headers["X-Line-Signature"] = signature
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/line/webhook", data=body, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


def texts_of(call: dict[str, Any]) -> str:
    """The text the user reads: text messages, and a phone card's lines."""
    return "\n".join(m.get("text") or card_text(m) for m in call["body"]["messages"])


def card_text(message: dict[str, Any]) -> str:
    body = (message.get("contents") or {}).get("body") or {}
    return "\n".join(c.get("text", "") for c in body.get("contents", []))


def quick_reply_actions(call: dict[str, Any]) -> list[dict[str, Any]]:
    """Actions of the quick reply (on the last message, where LINE shows it)."""
    messages = call["body"]["messages"]
    for message in messages[:-1]:
        assert "quickReply" not in message
    items = (messages[-1].get("quickReply") or {}).get("items") or []
    return [item["action"] for item in items]


# Limits of the Messaging API reference for what the channel sends.
MAX_MESSAGES = 5
MAX_TEXT = 5000  # UTF-16 code units
MAX_QUICK_REPLY_ITEMS = 13
MAX_QUICK_REPLY_LABEL = 20
MAX_ALT_TEXT = 400
MAX_BUBBLE_BYTES = 30 * 1024
MAX_FLEX_BUTTON_LABEL = 40
MAX_URI = 1000


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _flex_problems(node: Any, where: str) -> list[str]:
    problems: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "text" and not node.get("text"):
            problems.append(f"{where}: empty text component")
        if node.get("type") == "button":
            action = node.get("action") or {}
            if not action.get("label") or _utf16(action["label"]) > MAX_FLEX_BUTTON_LABEL:
                problems.append(f"{where}: button label {action.get('label')!r}")
            if action.get("type") == "uri" and len(action.get("uri", "")) > MAX_URI:
                problems.append(f"{where}: uri too long")
        if node.get("type") == "box" and not node.get("contents"):
            problems.append(f"{where}: empty box")
        for key, value in node.items():
            problems += _flex_problems(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            problems += _flex_problems(value, f"{where}[{i}]")
    return problems


def message_problems(messages: list[dict[str, Any]]) -> list[str]:
    """What the Messaging API would refuse in a reply or push of these messages."""
    problems = []
    if not 1 <= len(messages) <= MAX_MESSAGES:
        problems.append(f"{len(messages)} messages")
    for i, message in enumerate(messages):
        kind = message.get("type")
        if kind == "text":
            if not message.get("text") or _utf16(message["text"]) > MAX_TEXT:
                problems.append(f"message {i}: text length")
        elif kind == "flex":
            alt = message.get("altText") or ""
            if not alt or len(alt) > MAX_ALT_TEXT:
                problems.append(f"message {i}: altText length {len(alt)}")
            bubble = message.get("contents") or {}
            if bubble.get("type") != "bubble":
                problems.append(f"message {i}: not a bubble")
            size = len(json.dumps(bubble, ensure_ascii=False).encode("utf-8"))
            if size > MAX_BUBBLE_BYTES:
                problems.append(f"message {i}: bubble of {size} bytes")
            problems += _flex_problems(bubble, f"message {i}")
        else:
            problems.append(f"message {i}: unexpected type {kind}")
        items = (message.get("quickReply") or {}).get("items") or []
        if len(items) > MAX_QUICK_REPLY_ITEMS:
            problems.append(f"message {i}: {len(items)} quick replies")
        for item in items:
            label = item.get("action", {}).get("label") or ""
            if not label or _utf16(label) > MAX_QUICK_REPLY_LABEL:
                problems.append(f"message {i}: quick reply label {label!r}")
    return problems


class FakeLineApi:
    """The Messaging API endpoints the channel uses, recording every call.

    Replies and pushes are in `calls`; a message the real API would refuse
    (message_problems) gets 400, as LINE answers. Loading-animation requests are in
    `loading_calls`.

    reject_reply_token(t): a reply with t gets 400 "Invalid reply token".
    fail_pushes(n, status): the next n pushes get that status (0 = hang).
    fail_loading(status): loading-animation requests get that status.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._calls: list[dict[str, Any]] = []
        self._loading: list[dict[str, Any]] = []
        self._loading_status: int | None = None
        self._cond = threading.Condition()
        self._rejected: set = set()
        self._push_failures: list[int] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = threading.Event()
        self._runner: web.AppRunner | None = None

    # -- control
    def reject_reply_token(self, token: str) -> None:
        with self._cond:
            self._rejected.add(token)

    def fail_pushes(self, count: int, status: int = 500) -> None:
        with self._cond:
            self._push_failures += [status] * count

    def fail_loading(self, status: int) -> None:
        """Every loading-animation request gets this status until reset()."""
        with self._cond:
            self._loading_status = status

    def reset(self) -> None:
        with self._cond:
            self._calls.clear()
            self._loading.clear()
            self._loading_status = None
            self._rejected.clear()
            self._push_failures.clear()

    @property
    def calls(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._calls)

    @property
    def loading_calls(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._loading)

    def wait_for_calls(self, count: int, timeout: float = 60, settle: float = 0.5):
        """Wait until `count` calls arrived, then a little longer to catch extra ones."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._calls) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(self._calls)} LINE API calls, expected {count}")
                self._cond.wait(left)
        time.sleep(settle)
        return self.calls

    def wait_for_call(self, matches: Callable[[dict[str, Any]], bool], timeout: float = 60):
        """The first call `matches` accepts, once it arrived (other traffic may share the API)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [call for call in self._calls if matches(call)]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching LINE API call in {timeout} s")
                self._cond.wait(left)

    # -- server
    async def _record(self, request: web.Request, kind: str) -> dict[str, Any]:
        body = await request.json()
        call = {
            "kind": kind,
            "body": body,
            "authorization": request.headers.get("Authorization"),
            "retry_key": request.headers.get("X-Line-Retry-Key"),
            "at": time.monotonic(),
        }
        with self._cond:
            (self._loading if kind == "loading" else self._calls).append(call)
            self._cond.notify_all()
        return call

    async def _loading_start(self, request: web.Request) -> web.Response:
        call = await self._record(request, "loading")
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"message": "Authentication failed"}, status=401)
        with self._cond:
            failure = self._loading_status
        if failure:
            return web.json_response({"message": "error"}, status=failure)
        body = call["body"]
        seconds = body.get("loadingSeconds", 20)
        chat = str(body.get("chatId", ""))
        if not (chat.startswith("U") and isinstance(seconds, int) and 5 <= seconds <= 60 and seconds % 5 == 0):
            return web.json_response({"message": "The request body has 1 error(s)"}, status=400)
        return web.json_response({}, status=202)

    def _sent(self, body: dict[str, Any]) -> web.Response:
        sent = [
            {"id": f"{600000000000000000 + i}", "quoteToken": f"s{i}"} for i, _ in enumerate(body.get("messages", []))
        ]
        return web.json_response({"sentMessages": sent})

    async def _reply(self, request: web.Request) -> web.Response:
        call = await self._record(request, "reply")
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"message": "Authentication failed"}, status=401)
        with self._cond:
            rejected = call["body"].get("replyToken") in self._rejected
        if rejected:
            return web.json_response({"message": "Invalid reply token"}, status=400)
        if message_problems(call["body"].get("messages", [])):
            return web.json_response({"message": "The request body has 1 error(s)"}, status=400)
        return self._sent(call["body"])

    async def _push(self, request: web.Request) -> web.Response:
        call = await self._record(request, "push")
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"message": "Authentication failed"}, status=401)
        with self._cond:
            failure = self._push_failures.pop(0) if self._push_failures else None
        if failure == 0:
            await asyncio.sleep(8)  # hang: the channel's timeout must fire
        if failure is not None:
            return web.json_response({"message": "error"}, status=failure or 500)
        if message_problems(call["body"].get("messages", [])):
            return web.json_response({"message": "The request body has 1 error(s)"}, status=400)
        return self._sent(call["body"])

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/v2/bot/message/reply", self._reply)
        app.router.add_post("/v2/bot/message/push", self._push)
        app.router.add_post("/v2/bot/chat/loading/start", self._loading_start)
        self._runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        self._loop.run_until_complete(site.start())
        self._started.set()
        self._loop.run_forever()

    def start(self) -> FakeLineApi:
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("fake LINE API did not start")
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            if self._runner is not None:
                await self._runner.cleanup()

        future = asyncio.run_coroutine_threadsafe(shutdown(), self._loop)
        try:
            future.result(timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)


def line_env(base: dict[str, str], api: FakeLineApi, **extra: str) -> dict[str, str]:
    env = dict(base)
    env.update(
        LINE_CHANNEL_SECRET=SECRET,
        LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
        LINE_API_ENDPOINT=api.url,
        RASA_TELEMETRY_ENABLED="false",
    )
    env.update(extra)
    return env
