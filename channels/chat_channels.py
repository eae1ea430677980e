"""Rasa's REST and socket.io channels, with the payload checked before Rasa reads it
(channels/chat_payload.py says what is checked and why).

credentials.yml names these instead of `rest:` and `socketio:`. Channel names, URLs
(/webhooks/rest/webhook, /socket.io) and settings stay Rasa's; only a payload Rasa
would fail on is answered differently: 400 on REST, a polite bot message on socket.io.
Conversation ids are stored with personal numbers blanked (`conversation_id`),
socket.io connections are accepted from MYNA_CORS_ORIGINS and the server's own origin
only, and messages over the rate limits (serving/rate_limit.py) get a polite answer
instead of a turn. Each bot message goes out with its call links (`with_call_links`:
the phone numbers of its text as {text, tel} segments), which the widget renders.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from channels.chat_payload import (
    conversation_id,
    message_problem,
    usable_session_request,
    with_call_links,
)
from myna.config import current
from myna.messages import text as message_text
from myna.privacy import readable_text
from serving import rasa_patches
from serving.rasa_patches import allow_socketio_origins
from serving.rate_limit import CLIENT_ADDRESS, client_address, limited, process_rate_limiter

logger = logging.getLogger(__name__)


# The two overrides below are of protected methods: their pinned signatures are
# checked with the patches' (serving/rasa_patches.py, PINNED_SIGNATURES).
class CallLinkSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, each emitted message with its call links."""

    async def _send_message(self, socket_id: str, response: Any) -> None:
        await super()._send_message(socket_id, with_call_links(response))


class CallLinkCollector(CollectingOutputChannel):
    """Stands in for the REST channel's collector (a list, or the queue of
    ?stream=true): each message goes into the replaced one, with its call links."""

    def __init__(self, replaced: CollectingOutputChannel) -> None:
        self.replaced = replaced
        self.messages = replaced.messages

    async def _persist_message(self, message: dict[str, Any]) -> None:
        await self.replaced._persist_message(with_call_links(message))


def sending_call_links(on_new_message: Callable[[UserMessage], Awaitable[Any]]):
    """`on_new_message` with the message's output channel replaced by its call-link
    form (Rasa's handlers create the output channel inside their closures)."""

    async def handle(message: UserMessage) -> Any:
        channel = message.output_channel
        if isinstance(channel, SocketIOOutput):
            message.output_channel = CallLinkSocketIOOutput(channel.sio, channel.bot_message_evt)
        elif isinstance(channel, CollectingOutputChannel):
            message.output_channel = CallLinkCollector(channel)
        return await on_new_message(message)

    return handle


class CheckedRestInput(RestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        rasa_patches.install()  # also under a bare `rasa run` with these channels
        return super().blueprint(sending_call_links(limited(on_new_message, process_rate_limiter())))

    def _extract_input_channel(self, request: Request) -> str:
        # Not the client's "input_channel": a REST client could pass itself off as LINE.
        return self.name()

    async def _extract_sender(self, request: Request) -> str | None:
        # Rasa's webhook calls this first, with and without ?stream=true: a payload it
        # cannot handle stops here with a 400 that says what is wrong.
        problem = message_problem(request.json, "sender")
        if problem:
            raise InvalidUsage(problem)
        # For the rate limit, in this task.
        CLIENT_ADDRESS.set(client_address(request.ip, request.headers.get("X-Forwarded-For")))
        return conversation_id(request.json["sender"])

    def _extract_message(self, request: Request) -> str | None:
        return readable_text(request.json["message"])


class CheckedSocketIOInput(SocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        rasa_patches.install()
        blueprint = super().blueprint(sending_call_links(limited(on_new_message, process_rate_limiter())))
        # Rasa's server checks no origin: only MYNA_CORS_ORIGINS and its own may connect.
        allow_socketio_origins(self.sio.eio, current().cors_origins)
        # Rasa's handlers are closures inside its blueprint(): wrap them where
        # python-socketio keeps them.
        handlers = self.sio.handlers[self.namespace or "/"]
        rasa_message, rasa_session_request = handlers[self.user_message_evt], handlers["session_request"]
        sender_key = "session_id" if self.session_persistence else None

        # `data=None, *_`: a client may emit the event with no argument or with several.
        async def handle_message(sid: str, data: Any = None, *_: Any) -> None:
            problem = message_problem(data, sender_key, self.metadata_key, metadata_json_text_allowed=True)
            if problem is None:
                environ = self.sio.get_environ(sid, self.namespace) or {}
                CLIENT_ADDRESS.set(client_address(environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR")))
                data = {**data, "message": readable_text(data["message"])}
                if sender_key:
                    data[sender_key] = conversation_id(data[sender_key])
                await rasa_message(sid, data)
                return
            logger.warning("socket.io %s not handled: %s.", self.user_message_evt, problem)
            # A socket.io client gets no status code: it is told in words.
            await self.sio.emit(self.bot_message_evt, {"text": message_text("chat.unreadable")}, room=sid)

        async def session_request(sid: str, data: Any = None, *_: Any) -> None:
            await rasa_session_request(sid, usable_session_request(data))

        self.sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        self.sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint
