"""Every change this project makes to the code of Rasa (and of python-engineio under
it), in one place, installed under every entry point; and the list of every other
Rasa internal the project leans on, pinned with the same checks.

Rasa 3.6 has no hooks for these, so functions are wrapped:

| replaced | why |
|---|---|
| `RemoteAction.run` | an action-server failure gets an apology with the phone numbers (serving/action_failure.py) |
| `RemoteAction._validate_action_result` | the response schema is checked once, not on every response (serving/action_response_check.py) |
| `MessageProcessor.parse_message` | numbers only the conversation reveals are blanked before the NLU, the stores and the logs; typed intents that were not offered are read as text (serving/conversation_context.py) |
| `MessageProcessor._has_session_expired`, `._update_tracker_session` | a session ends after a number of messages, keeping the insurer's slots and `last_topic`, so a turn costs the same at message 400 as at message 1 |
| `rasa.core.channels.console._print_bot_output` | `rasa shell` shows buttons as text: tel: buttons as numbers to dial (a choice would send "tel:..." as a message), the others as words to type (else nearly every turn is a selection menu) |
| engineio `AsyncServer._cors_allowed_origins` (one server, see `allow_socketio_origins`) | socket.io accepts MYNA_CORS_ORIGINS and the server's own origin only |
| `rasa.core.channels.console._send_message_receive_stream` (only with MYNA_SHELL_EXPLAIN=1, see `explain_shell_replies`) | staff see under each answer of `make shell` why it was given (staff/shell_explain.py) |

Protected methods that the project's subclasses override (`PINNED_OVERRIDES`, with the
reason of each) are not replaced here, but Rasa may change them in any release just
the same, so they are pinned the same way:

| overridden | by | why |
|---|---|---|
| `RestInput._extract_input_channel`, `._extract_sender`, `._extract_message` | `channels/chat_channels.py` `CheckedRestInput` | the channel is the endpoint's, not the client's claim; a payload Rasa would fail on gets a 400 first; unreadable text is made readable |
| `Tokenizer._apply_token_pattern` | `components/japanese_tokenizer.py` | a token the pattern leaves whole keeps its lemma |
| `SQLTrackerStore.session_scope` | `serving/tracker_store.py` | Rasa's exits the process on any `ValueError` |
| `SocketIOOutput._send_message`, `CollectingOutputChannel._persist_message` | `channels/chat_channels.py` `CallLinkSocketIOOutput`, `CallLinkCollector` | each bot message carries its call links (the widget reads no phone numbers itself) |

`CheckedSocketIOInput` (channels/chat_channels.py) also wraps the handlers Rasa's
socket.io blueprint registers, where python-socketio keeps them (`sio.handlers`): that
is why python-socketio's version is pinned here too.

Where it runs: `python -m serving` (the servers, `make run`, `make shell`, the Docker
images), and every process that loads endpoints.yml's stores or credentials.yml's chat
channels, which call `install()`: so a bare `rasa run`, `rasa shell` and `rasa
interactive` have them too. `rasa test` runs no remote action and parses messages
without a conversation, so none of them would change its results; the NLU components
do not install them (training must not depend on serving/). `install()` refuses other versions of Rasa or python-engineio than the
pinned ones (the servers check at start-up, before a port opens; `rasa train` loads
the tokenizer without the check, the pinned requirements and the test stand for it);
tests/serving/test_rasa_patches.py checks the replaced and overridden functions still
have the signatures of `PINNED_SIGNATURES`.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from importlib.metadata import version
from typing import Any

from myna.phone import is_call_payload

PINNED_VERSIONS = {"rasa": "3.6.21", "python-engineio": "4.8.0", "python-socketio": "5.9.0"}

# Overridden protected methods: Rasa's function -> the project's class that overrides it.
PINNED_OVERRIDES = {
    "rasa.core.channels.rest:RestInput._extract_input_channel": "channels.chat_channels:CheckedRestInput",
    "rasa.core.channels.rest:RestInput._extract_sender": "channels.chat_channels:CheckedRestInput",
    "rasa.core.channels.rest:RestInput._extract_message": "channels.chat_channels:CheckedRestInput",
    "rasa.nlu.tokenizers.tokenizer:Tokenizer._apply_token_pattern": "components.japanese_tokenizer:JapaneseTokenizer",
    "rasa.core.tracker_store:SQLTrackerStore.session_scope": "serving.tracker_store:RedactingSQLTrackerStore",
    "rasa.core.channels.socketio:SocketIOOutput._send_message": "channels.chat_channels:CallLinkSocketIOOutput",
    "rasa.core.channels.channel:CollectingOutputChannel._persist_message": "channels.chat_channels:CallLinkCollector",
}

# str(inspect.signature(...)) of each replaced or overridden function, as in the pinned versions.
PINNED_SIGNATURES = {
    "rasa.core.actions.action:RemoteAction.run": "(self, output_channel: 'OutputChannel', nlg: 'NaturalLanguageGenerator', tracker: 'DialogueStateTracker', domain: 'Domain') -> List[rasa.shared.core.events.Event]",
    "rasa.core.actions.action:RemoteAction._validate_action_result": "(self, result: Dict[str, Any]) -> bool",
    "rasa.core.processor:MessageProcessor.parse_message": "(self, message: rasa.core.channels.channel.UserMessage, tracker: Optional[rasa.shared.core.trackers.DialogueStateTracker] = None, only_output_properties: bool = True) -> Dict[str, Any]",
    "rasa.core.processor:MessageProcessor._has_session_expired": "(self, tracker: rasa.shared.core.trackers.DialogueStateTracker) -> bool",
    "rasa.core.processor:MessageProcessor._update_tracker_session": "(self, tracker: rasa.shared.core.trackers.DialogueStateTracker, output_channel: rasa.core.channels.channel.OutputChannel, metadata: Optional[Dict] = None) -> None",
    "rasa.core.channels.console:_print_bot_output": "(message: Dict[str, Any], is_latest_message: bool = False, color: str = '\\x1b[94m') -> Optional[questionary.question.Question]",
    "engineio.async_server:AsyncServer._cors_allowed_origins": "(self, environ)",
    "rasa.core.channels.console:_send_message_receive_stream": "(server_url: str, auth_token: str, sender_id: str, message: str, request_timeout: Optional[int] = None) -> AsyncGenerator[Dict[str, Any], NoneType]",
    "rasa.core.channels.rest:RestInput._extract_input_channel": "(self, req: sanic.request.Request) -> str",
    "rasa.core.channels.rest:RestInput._extract_sender": "(self, req: sanic.request.Request) -> Optional[str]",
    "rasa.core.channels.rest:RestInput._extract_message": "(self, req: sanic.request.Request) -> Optional[str]",
    "rasa.nlu.tokenizers.tokenizer:Tokenizer._apply_token_pattern": "(self, tokens: List[rasa.nlu.tokenizers.tokenizer.Token]) -> List[rasa.nlu.tokenizers.tokenizer.Token]",
    "rasa.core.tracker_store:SQLTrackerStore.session_scope": "(self) -> \"Generator['Session', None, None]\"",
    "rasa.core.channels.socketio:SocketIOOutput._send_message": "(self, socket_id: str, response: Any) -> None",
    "rasa.core.channels.channel:CollectingOutputChannel._persist_message": "(self, message: Dict[str, Any]) -> None",
}


class PatchError(RuntimeError):
    pass


_installed = False
ORIGINALS: dict[str, Any] = {}  # target -> the function it was before install()


def _resolve(target: str) -> tuple[Any, str]:
    module_name, qualified = target.split(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = qualified.split(".")
    for part in path:
        owner = getattr(owner, part)
    return owner, name


def _replace(target: str, wrap: Callable[[Any], Any]) -> None:
    owner, name = _resolve(target)
    ORIGINALS[target] = getattr(owner, name)
    setattr(owner, name, wrap(ORIGINALS[target]))


def check_versions() -> None:
    for package, pinned in PINNED_VERSIONS.items():
        installed = version(package)
        if installed != pinned:
            raise PatchError(
                f"{package} {installed} はこのアシスタントの修正 (serving/rasa_patches.py) の対象外です / "
                f"serving/rasa_patches.py is written for {package} {pinned}, not {installed}: "
                "check each replaced function, then update PINNED_VERSIONS and PINNED_SIGNATURES."
            )


def install() -> None:
    """Idempotent: the masker and the stores may each call it in one process."""
    global _installed
    if _installed:
        return
    check_versions()
    from myna.profile import load_profile
    from serving.action_failure import apologising_run
    from serving.action_response_check import compiled_response_check

    profile = load_profile()
    _replace("rasa.core.actions.action:RemoteAction.run", lambda run: apologising_run(run, profile))
    _replace("rasa.core.actions.action:RemoteAction._validate_action_result", compiled_response_check)
    _replace("rasa.core.processor:MessageProcessor.parse_message", _parse_in_context)
    _replace("rasa.core.processor:MessageProcessor._has_session_expired", _expired_or_full)
    _replace("rasa.core.processor:MessageProcessor._update_tracker_session", _carrying_over)
    _replace("rasa.core.channels.console:_print_bot_output", _buttons_shown_as_text)
    _installed = True


# ------------------------------------------------------------ the processor
def _parse_in_context(rasa_parse):
    from rasa.core.channels.channel import UserMessage

    from myna.privacy import redact
    from myna.privacy.personal_numbers import Context
    from serving.conversation_context import (
        SPLIT_NUMBER_KEY,
        as_plain_text,
        domain_payloads,
        number_context,
        sent_by_a_button,
        typed_intent_refused,
    )

    domain_offers: dict[int, set] = {}  # per domain object: the processor's domain can be replaced

    async def parse_message(self, message: UserMessage, tracker=None, only_output_properties: bool = True):
        if tracker is None or self.http_interpreter:
            return await rasa_parse(self, message, tracker, only_output_properties)
        text = message.text or ""
        context = number_context(tracker)
        blanked = redact(text, context=context)
        if blanked != redact(text):
            # Rasa stores and logs `message.text` from here on: blanked already.
            split = redact(text, context=Context(previous_digits=context.previous_digits)) != redact(text)
            message.text = text = blanked
            if split:
                message.metadata = {**(message.metadata or {}), SPLIT_NUMBER_KEY: True}
        offers = domain_offers.setdefault(id(self.domain), domain_payloads(self.domain))
        if not sent_by_a_button(message.input_channel, message.metadata) and typed_intent_refused(
            text, tracker, offers
        ):
            message = UserMessage(
                as_plain_text(text),
                message.output_channel,
                message.sender_id,
                message.parse_data,
                message.input_channel,
                message.message_id,
                message.metadata,
            )
        return await rasa_parse(self, message, tracker, only_output_properties)

    return parse_message


def _expired_or_full(rasa_expired):
    from serving.conversation_context import session_is_full

    def has_session_expired(self, tracker) -> bool:
        return rasa_expired(self, tracker) or (
            self.domain.session_config.are_sessions_enabled() and session_is_full(tracker)
        )

    return has_session_expired


def _carrying_over(rasa_update):
    from rasa.shared.core.events import SlotSet

    from serving.conversation_context import carried_slots, session_is_full

    async def update_tracker_session(self, tracker, output_channel, metadata: dict | None = None) -> None:
        carried = carried_slots(tracker) if session_is_full(tracker) else {}
        await rasa_update(self, tracker, output_channel, metadata)
        for name, value in carried.items():
            if tracker.get_slot(name) is None:  # the session start did not set it anew
                tracker.update(SlotSet(name, value), self.domain)

    return update_tracker_session


# ------------------------------------------------------------ the shell
def buttons_shown_as_text(message: dict[str, Any]) -> dict[str, Any]:
    """`message` with its buttons as text: tel: buttons as lines of numbers to dial, the
    others (feedback under every answer, suggestions, the greeting's choices) as one line
    of the words staff may type. As choices, Rasa's shell would turn nearly every turn
    into a selection menu, and a tel: choice would send "tel:..." as a message."""
    buttons: list[dict[str, Any]] = message.get("buttons") or []
    if not buttons:
        return message
    lines = []
    for button in buttons:
        payload, title = str(button.get("payload", "")), str(button.get("title") or "")
        if is_call_payload(payload):
            number = payload.strip()[4:].strip()
            lines.append(f"☎ {title}" if number in title else f"☎ {title} {number}".replace("  ", " "))
    others = [f"「{b.get('title')}」" for b in buttons if not is_call_payload(b.get("payload"))]
    if others:
        lines.append(" / ".join(others))
    shown = {key: value for key, value in message.items() if key != "buttons"}
    shown["text"] = "\n".join([*([message["text"]] if message.get("text") else []), *lines])
    return shown


def _buttons_shown_as_text(rasa_print):
    def print_bot_output(message, is_latest_message: bool = False, color: str = "\x1b[94m"):
        return rasa_print(buttons_shown_as_text(message), is_latest_message, color)

    return print_bot_output


def explain_shell_replies(explanation: Callable[[str], Awaitable[list[str]]]) -> None:
    """`rasa shell` prints the replies `console._send_message_receive_stream` yields:
    from now on the last reply of each turn has `explanation(sender_id)`'s lines under
    it (a reply of its own when the last one has no text)."""
    check_versions()

    def with_explanation(rasa_stream: Callable[..., AsyncIterator[dict[str, Any]]]) -> Any:
        async def explained_stream(
            server_url: str, auth_token: str, sender_id: str, message: str, request_timeout: int | None = None
        ) -> AsyncIterator[dict[str, Any]]:
            replies = [r async for r in rasa_stream(server_url, auth_token, sender_id, message, request_timeout)]
            text = "\n".join(await explanation(sender_id))
            if replies and replies[-1].get("text"):
                replies[-1] = {**replies[-1], "text": f"{replies[-1]['text']}\n{text}"}
            else:
                replies.append({"recipient_id": sender_id, "text": text})
            for reply in replies:
                yield reply

        return explained_stream

    _replace("rasa.core.channels.console:_send_message_receive_stream", with_explanation)


# ------------------------------------------------------------ socket.io
def allow_socketio_origins(eio_server: Any, origins: Iterable[str]) -> None:
    """Only `origins` and the server's own origin may open a socket.io connection.

    Rasa creates its server with `cors_allowed_origins=[]`, which python-engineio reads
    as "check nothing"; with None it allows the server's own origin only. This server
    gets None, and its origin list is extended with `origins`.
    """
    check_versions()
    allowed = list(origins)
    own_origins = eio_server._cors_allowed_origins

    def cors_allowed_origins(environ) -> list[str]:
        return [*own_origins(environ), *allowed]

    eio_server.cors_allowed_origins = None
    eio_server._cors_allowed_origins = cors_allowed_origins


def override_problems() -> list[str]:
    """Entries of PINNED_OVERRIDES whose class is not a subclass of Rasa's, or no longer
    overrides the method (the pin would then guard nothing)."""
    problems = []
    for target, overriding in PINNED_OVERRIDES.items():
        rasa_class, name = _resolve(target)
        project_class, _ = _resolve(f"{overriding}.{name}")
        if not (isinstance(project_class, type) and issubclass(project_class, rasa_class)):
            problems.append(f"{overriding} is not a {target.split(':')[1].rsplit('.', 1)[0]}")
        elif name not in vars(project_class):
            problems.append(f"{overriding} does not override {name}")
    return problems


def pinned_signature_differences() -> dict[str, tuple[str, str]]:
    """Replaced functions whose signature (before install()) is not the pinned one."""
    differences = {}
    for target, pinned in PINNED_SIGNATURES.items():
        owner, name = _resolve(target)
        installed = str(inspect.signature(ORIGINALS.get(target, getattr(owner, name))))
        if installed != pinned:
            differences[target] = (pinned, installed)
    return differences
