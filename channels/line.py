"""LINE Messaging API channel for Rasa: POST /webhooks/line/webhook.

credentials.yml:   channels.line.LineInput:
Settings come from credentials.yml's keys as Rasa passes them, else from the runtime
configuration (myna/config.py, validated at start-up from the environment):
  channel_secret        LINE_CHANNEL_SECRET        checks X-Line-Signature
  channel_access_token  LINE_CHANNEL_ACCESS_TOKEN  long-lived token: reply/push
  api_endpoint          LINE_API_ENDPOINT          default https://api.line.me (tests: a fake)
  api_timeout           LINE_API_TIMEOUT           seconds per API call, default 10

LINE wants a 2xx quickly, so the webhook checks the signature, answers 200 and
handles the events in background tasks: LINE's loading animation in one-to-one
chats while the answer is prepared, one reply call per turn (at most 5 messages:
long texts split at sentence boundaries, a hand-off answer as a phone card), push
to the user when the reply token is rejected or expired. A redelivered
event is answered once (channels/line_dedup.py: shared in Redis when MYNA_REDIS_URL
is set). Message text is never logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from myna.config import (
    DEFAULT_LINE_API_ENDPOINT,
    DEFAULT_LINE_API_TIMEOUT,
    ConfigProblem,
    current,
    parse_line_endpoint,
    parse_line_timeout,
)
from myna.messages import text as message_text
from myna.privacy import readable_text
from serving.rate_limit import limited, process_rate_limiter

try:
    # line-bot-sdk 3.1.0 is the last release on pydantic 1 (Rasa 3.6 pins it);
    # installed with --no-deps because it pins aiohttp==3.8.4, Rasa needs 3.9.
    from linebot.v3 import SignatureValidator
    from linebot.v3.messaging import (
        ApiException,
        AsyncApiClient,
        AsyncMessagingApi,
        Configuration,
        PushMessageRequest,
        ReplyMessageRequest,
    )

    from channels.chat_payload import conversation_id, id_problem
    from channels.line_dedup import HandledEvents, LocalEvents, handled_events
    from channels.line_messages import (
        Incoming,
        classify_event,
        line_messages,
        text_messages,
    )

    _SDK_ERROR: ImportError | None = None
except ImportError as error:  # reported at start-up, see LineInput.from_credentials
    _SDK_ERROR = error

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Line-Signature"
PUSH_ATTEMPTS = 3
LOADING_PATH = "/v2/bot/chat/loading/start"
# A multiple of 5 (5-60); the animation ends as soon as the answer arrives.
LOADING_SECONDS = 20
DRAIN_SECONDS = 15.0


class LineConfigError(RasaException):
    """The LINE channel cannot start (missing setting or package)."""


def _missing(variable: str, what_ja: str, what_en: str) -> LineConfigError:
    return LineConfigError(
        f"LINE チャネルの{what_ja}が設定されていません。環境変数 {variable} を設定してください。 / "
        f"The LINE {what_en} is not set: set the environment variable {variable}."
    )


def _from_file(credentials: dict[str, Any], key: str) -> str | None:
    value = credentials.get(key)
    return (str(value).strip() if value is not None else "") or None


def _pseudonym(user_id: str | None) -> str:
    """A short stable tag for logs instead of the LINE user id."""
    if not user_id:
        return "-"
    return hashlib.sha256(user_id.encode()).hexdigest()[:10]


class LineOutput(OutputChannel):
    """Collects one turn of bot messages; LineInput sends them in one call."""

    @classmethod
    def name(cls) -> str:
        return "line"

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # Whole message kept: the base class would split text on blank lines.
        self.messages.append(dict(message))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.messages.append({"text": text})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        self.messages.append({"text": text, "buttons": buttons})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        self.messages.append({"image": image})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        self.messages.append({"custom": json_message})


class LineInput(InputChannel):
    """Rasa input channel for the LINE Messaging API (webhook + reply/push)."""

    @classmethod
    def name(cls) -> str:
        return "line"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> LineInput:
        if _SDK_ERROR is not None:
            raise LineConfigError(
                "LINE チャネルに必要な line-bot-sdk がインストールされていません。 / "
                "line-bot-sdk is not installed: pip install --no-deps line-bot-sdk==3.1.0 "
                f"aenum==3.1.17 Deprecated==1.2.18 ({_SDK_ERROR})"
            )
        credentials = credentials or {}
        config = current()
        configured = config.line
        secret = _from_file(credentials, "channel_secret") or configured.channel_secret
        token = _from_file(credentials, "channel_access_token") or configured.channel_access_token
        if not secret:
            raise _missing("LINE_CHANNEL_SECRET", "チャネルシークレット", "channel secret")
        if not token:
            raise _missing("LINE_CHANNEL_ACCESS_TOKEN", "チャネルアクセストークン", "channel access token")
        endpoint, timeout = _from_file(credentials, "api_endpoint"), _from_file(credentials, "api_timeout")
        try:  # credentials.yml's values, checked as the environment's were
            api_endpoint = parse_line_endpoint(endpoint) if endpoint else configured.api_endpoint
            api_timeout = parse_line_timeout(timeout) if timeout else configured.api_timeout
        except ConfigProblem as problem:
            raise LineConfigError(str(problem)) from None
        return cls(
            secret,
            token,
            api_endpoint,
            api_timeout=api_timeout,
            handled=handled_events(config.redis),
        )

    def __init__(
        self,
        channel_secret: str,
        channel_access_token: str,
        api_endpoint: str = DEFAULT_LINE_API_ENDPOINT,
        api_timeout: float = DEFAULT_LINE_API_TIMEOUT,
        push_attempts: int = PUSH_ATTEMPTS,
        retry_delay: float = 1.0,
        handled: HandledEvents | None = None,
    ) -> None:
        self.validator = SignatureValidator(channel_secret)
        self.configuration = Configuration(host=api_endpoint.rstrip("/"), access_token=channel_access_token)
        self.api_timeout = api_timeout
        self.push_attempts = push_attempts
        self.retry_delay = retry_delay
        self.handled = handled or LocalEvents()
        self._client: AsyncApiClient | None = None
        self._tasks: set[asyncio.Task] = set()
        self._locks: dict[str, list[Any]] = {}  # sender -> [lock, users]

    # ------------------------------------------------------------ webhook
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        line_webhook = Blueprint("line_webhook", __name__)
        on_new_message = limited(on_new_message, process_rate_limiter())  # per LINE user

        @line_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @line_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            status, body = self.accept(request.body or b"", request.headers.get(SIGNATURE_HEADER), on_new_message)
            return response.json(body, status=status)

        @line_webhook.listener("before_server_stop")
        async def drain(*_: Any) -> None:
            await self.drain()

        @line_webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.close()

        return line_webhook

    def accept(
        self,
        body: bytes,
        signature: str | None,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> tuple[int, dict[str, Any]]:
        """Check the signature first, then start one task per event."""
        if not signature:
            return 400, {"error": f"missing {SIGNATURE_HEADER}"}
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return 401, {"error": "invalid signature"}
        if not self.validator.validate(text, signature):
            logger.warning("LINE webhook with a wrong signature rejected.")
            return 401, {"error": "invalid signature"}
        try:
            events = json.loads(text)["events"]
            if not isinstance(events, list):
                raise TypeError("events is not a list")
        except (ValueError, KeyError, TypeError):
            return 400, {"error": "body is not a LINE webhook payload"}

        for raw in events:
            if not isinstance(raw, dict):
                continue
            task = asyncio.get_running_loop().create_task(self.handle(raw, on_new_message))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return 200, {}

    # ------------------------------------------------------------ events
    async def handle(self, raw: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        try:
            incoming = classify_event(raw)
            if incoming.kind == "ignore":
                logger.debug("LINE event %s (%s) ignored.", incoming.event_id, incoming.event_type)
                return
            # One user's events are handled in arrival order; the redelivery check
            # is inside the lock so that its wait on Redis cannot reorder them.
            async with self._sender_lock(incoming.push_to or ""):
                if incoming.event_id and await self.handled.seen_before(incoming.event_id):
                    logger.info(
                        "LINE event %s already handled (redelivery=%s).",
                        incoming.event_id,
                        incoming.redelivery,
                    )
                    return
                loading = self._start_loading(incoming)
                messages = await self._answer(incoming, on_new_message)
                if loading is not None:
                    # The animation must not start after the answer has arrived.
                    await loading
                if messages:
                    await self.deliver(incoming, messages)
        except Exception:  # a background task: log, never crash the server
            logger.exception("LINE event %s failed.", raw.get("webhookEventId"))

    def _start_loading(self, incoming: Incoming) -> asyncio.Task | None:
        """LINE's loading animation while Rasa prepares the answer to a user's
        message; LINE shows it in one-to-one chats only (chatId is a user id)."""
        one_to_one = incoming.user_id is not None and incoming.push_to == incoming.user_id
        if incoming.kind not in ("text", "postback") or not one_to_one:
            return None
        return asyncio.get_running_loop().create_task(self.show_loading(incoming))

    async def show_loading(self, incoming: Incoming) -> None:
        # line-bot-sdk 3.1.0 predates this endpoint: called through the SDK's client,
        # with the same host, token and timeout as the reply.
        client = (await self.api()).api_client
        try:
            await self._call(
                client.call_api(
                    LOADING_PATH,
                    "POST",
                    {},
                    [],
                    {"Content-Type": "application/json", "Accept": "application/json"},
                    body={"chatId": incoming.user_id, "loadingSeconds": LOADING_SECONDS},
                    post_params=[],
                    files={},
                    response_types_map={},
                    auth_settings=["Bearer"],
                    _request_timeout=self.api_timeout,
                )
            )
        except Exception as error:  # only a nicety: the answer goes out anyway
            logger.info(
                "LINE loading animation for event %s not shown (%s).",
                incoming.event_id,
                getattr(error, "status", None) or type(error).__name__,
            )

    async def _answer(self, incoming: Incoming, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> list[Any]:
        if incoming.kind == "non_text":
            return text_messages(message_text("line.non_text"))
        problem = id_problem(incoming.sender_id, "source")
        if problem:  # LINE's ids are plain ASCII: this event was not made by LINE
            logger.warning("LINE event %s dropped: %s.", incoming.event_id, problem)
            return []
        collector = LineOutput()
        message = UserMessage(
            text=readable_text(incoming.text or ""),
            output_channel=collector,
            sender_id=conversation_id(incoming.sender_id),
            input_channel=self.name(),
            message_id=incoming.event_id,
            metadata={
                "line": {
                    "event_type": incoming.event_type,
                    "webhook_event_id": incoming.event_id,
                    "redelivery": incoming.redelivery,
                }
            },
        )
        try:
            await on_new_message(message)
        except Exception:
            logger.exception(
                "Rasa failed on LINE event %s (user %s).",
                incoming.event_id,
                _pseudonym(incoming.user_id),
            )
            return text_messages(message_text("line.error"))
        return line_messages(collector.messages)

    # ------------------------------------------------------------ sending
    async def api(self) -> AsyncMessagingApi:
        # The aiohttp session must be created inside the running loop.
        if self._client is None:
            self._client = AsyncApiClient(self.configuration)
        return AsyncMessagingApi(self._client)

    async def _call(self, coroutine: Awaitable[Any]) -> Any:
        return await asyncio.wait_for(coroutine, timeout=self.api_timeout)

    async def deliver(self, incoming: Incoming, messages: list[Any]) -> bool:
        """Reply with the token; push to the user if the reply does not go through.

        A reply that timed out may still have arrived, so a push can then
        duplicate the answer: better than losing it.
        """
        api = await self.api()
        who = _pseudonym(incoming.user_id)
        if incoming.reply_token:
            try:
                await self._call(
                    api.reply_message(
                        ReplyMessageRequest(reply_token=incoming.reply_token, messages=messages),
                        _request_timeout=self.api_timeout,
                    )
                )
                logger.debug("LINE reply sent for event %s.", incoming.event_id)
                return True
            except ApiException as error:
                reason = "reply token rejected" if _is_bad_token(error) else "reply failed"
                logger.info(
                    "LINE %s (HTTP %s) for event %s: pushing to user %s.",
                    reason,
                    error.status,
                    incoming.event_id,
                    who,
                )
            except Exception as error:  # timeout, connection error
                logger.warning(
                    "LINE reply for event %s failed (%s): pushing to user %s.",
                    incoming.event_id,
                    type(error).__name__,
                    who,
                )
        return await self.push(incoming, messages)

    async def push(self, incoming: Incoming, messages: list[Any]) -> bool:
        if not incoming.push_to:
            logger.error("LINE event %s: no one to push the answer to.", incoming.event_id)
            return False
        api = await self.api()
        # One retry key for all attempts: LINE sends the message at most once.
        retry_key = str(uuid.uuid4())
        request = PushMessageRequest(to=incoming.push_to, messages=messages)
        for attempt in range(1, self.push_attempts + 1):
            try:
                await self._call(
                    api.push_message(request, x_line_retry_key=retry_key, _request_timeout=self.api_timeout)
                )
                return True
            except ApiException as error:
                if error.status == 409:  # already accepted under this retry key
                    return True
                logger.warning(
                    "LINE push for event %s: HTTP %s (attempt %d).",
                    incoming.event_id,
                    error.status,
                    attempt,
                )
                if error.status is not None and 400 <= error.status < 500 and error.status != 429:
                    break  # the same request will be refused again
            except Exception as error:
                logger.warning(
                    "LINE push for event %s failed (%s, attempt %d).",
                    incoming.event_id,
                    type(error).__name__,
                    attempt,
                )
            if attempt < self.push_attempts:
                await asyncio.sleep(self.retry_delay * 2 ** (attempt - 1))
        logger.error(
            "LINE answer for event %s could not be delivered to user %s.",
            incoming.event_id,
            _pseudonym(incoming.user_id),
        )
        return False

    # ------------------------------------------------------------ lifecycle
    def _sender_lock(self, key: str) -> _SenderLock:
        return _SenderLock(self._locks, key)

    async def drain(self, timeout: float = DRAIN_SECONDS) -> None:
        """Let the answers under way go out before the server stops."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    async def close(self) -> None:
        await self.handled.close()
        if self._client is not None:
            client, self._client = self._client, None
            await client.close()


def _is_bad_token(error: ApiException) -> bool:
    body = error.body or b""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return error.status == 400 and "reply token" in body.lower()


class _SenderLock:
    """asyncio.Lock per sender, dropped when no task holds or waits for it."""

    def __init__(self, locks: dict[str, list[Any]], key: str) -> None:
        self.locks = locks
        self.key = key

    async def __aenter__(self) -> None:
        entry = self.locks.setdefault(self.key, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            await entry[0].acquire()
        except BaseException:  # cancelled while waiting
            self._forget(entry)
            raise

    def _forget(self, entry: list[Any]) -> None:
        entry[1] -= 1
        if entry[1] == 0:
            del self.locks[self.key]

    async def __aexit__(self, *_: Any) -> None:
        entry = self.locks[self.key]
        entry[0].release()
        self._forget(entry)
