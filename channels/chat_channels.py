"""Rasa's REST and socket.io channels, with the payload checked before Rasa reads it
(channels/chat_payload.py says what is checked and why).

credentials.yml names these instead of `rest:` and `socketio:`. Channel names, URLs
(/webhooks/rest/webhook, /socket.io) and settings stay Rasa's; only a payload Rasa
would fail on is answered differently: 400 on REST, a polite bot message on socket.io.
Conversation ids are stored with personal numbers blanked (`conversation_id`),
socket.io connections are accepted from MYNA_CORS_ORIGINS and the server's own origin
only, and messages over the rate limits (serving/rate_limit.py) get a polite answer
instead of a turn.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from channels.chat_payload import (
    UNREADABLE_REPLY,
    conversation_id,
    message_problem,
    readable_text,
    usable_session_request,
)
from myna.config import current
from serving import rasa_patches
from serving.rasa_patches import allow_socketio_origins
from serving.rate_limit import CLIENT_ADDRESS, client_address, limited, process_rate_limiter

logger = logging.getLogger(__name__)


class CheckedRestInput(RestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        rasa_patches.install()  # also under a bare `rasa run` with these channels
        return super().blueprint(limited(on_new_message, process_rate_limiter()))

    def _extract_input_channel(self, request: Request) -> Text:
        # Not the client's "input_channel": a REST client could pass itself off as LINE.
        return self.name()

    async def _extract_sender(self, request: Request) -> Optional[Text]:
        # Rasa's webhook calls this first, with and without ?stream=true: a payload it
        # cannot handle stops here with a 400 that says what is wrong.
        problem = message_problem(request.json, "sender")
        if problem:
            raise InvalidUsage(problem)
        # For the rate limit, in this task.
        CLIENT_ADDRESS.set(client_address(request.ip, request.headers.get("X-Forwarded-For")))
        return conversation_id(request.json["sender"])

    def _extract_message(self, request: Request) -> Optional[Text]:
        return readable_text(request.json["message"])


class CheckedSocketIOInput(SocketIOInput):
    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> SocketBlueprint:
        rasa_patches.install()
        blueprint = super().blueprint(limited(on_new_message, process_rate_limiter()))
        # Rasa's server checks no origin: only MYNA_CORS_ORIGINS and its own may connect.
        allow_socketio_origins(self.sio.eio, current().cors_origins)
        # Rasa's handlers are closures inside its blueprint(): wrap them where
        # python-socketio keeps them.
        handlers = self.sio.handlers[self.namespace or "/"]
        rasa_message, rasa_session_request = handlers[self.user_message_evt], handlers["session_request"]
        sender_key = "session_id" if self.session_persistence else None

        # `data=None, *_`: a client may emit the event with no argument or with several.
        async def handle_message(sid: Text, data: Any = None, *_: Any) -> None:
            problem = message_problem(
                data, sender_key, self.metadata_key, metadata_json_text_allowed=True
            )
            if problem is None:
                environ = self.sio.get_environ(sid, self.namespace) or {}
                CLIENT_ADDRESS.set(client_address(environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR")))
                data = {**data, "message": readable_text(data["message"])}
                if sender_key:
                    data[sender_key] = conversation_id(data[sender_key])
                await rasa_message(sid, data)
                return
            logger.warning("socket.io %s not handled: %s.", self.user_message_evt, problem)
            await self.sio.emit(self.bot_message_evt, {"text": UNREADABLE_REPLY}, room=sid)

        async def session_request(sid: Text, data: Any = None, *_: Any) -> None:
            await rasa_session_request(sid, usable_session_request(data))

        self.sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        self.sio.on("session_request", session_request, namespace=self.namespace)
        return blueprint
