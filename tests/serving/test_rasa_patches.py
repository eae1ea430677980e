"""The project's changes to Rasa (serving/rasa_patches.py): pinned versions and
signatures, installed under every entry point, and each change on its own."""

import asyncio
import subprocess
import sys

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from serving import conversation_context, rasa_patches
from serving.conversation_context import (
    MAX_SESSION_USER_MESSAGES,
    as_plain_text,
    carried_slots,
    domain_payloads,
    number_context,
    sent_by_a_button,
    session_is_full,
    typed_intent_refused,
)
from tests.servers import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def test_the_replaced_functions_have_the_pinned_signatures():
    assert rasa_patches.pinned_signature_differences() == {}
    rasa_patches.install()
    assert rasa_patches.pinned_signature_differences() == {}  # the originals are compared
    assert set(rasa_patches.ORIGINALS) <= set(rasa_patches.PINNED_SIGNATURES)


def test_every_pinned_override_is_still_an_override_of_rasas_method(monkeypatch):
    assert rasa_patches.override_problems() == []
    assert set(rasa_patches.PINNED_OVERRIDES) <= set(rasa_patches.PINNED_SIGNATURES)
    # An entry whose class no longer overrides the method is reported, not trusted.
    monkeypatch.setitem(
        rasa_patches.PINNED_OVERRIDES,
        "rasa.core.channels.rest:RestInput.blueprint",
        "channels.chat_channels:CheckedSocketIOInput",
    )
    assert rasa_patches.override_problems() == ["channels.chat_channels:CheckedSocketIOInput is not a RestInput"]


def test_the_shell_replies_get_the_explanation_under_the_last_one(monkeypatch):
    from rasa.core.channels import console

    async def rasa_stream(server_url, auth_token, sender_id, message, request_timeout=None):
        for text in ("答え", "ほかに"):
            yield {"recipient_id": sender_id, "text": text}

    async def explanation(sender_id):
        return [f"〔説明〕{sender_id}"]

    async def replies():
        return [r async for r in console._send_message_receive_stream("url", "", "u1", "こんにちは")]

    monkeypatch.setattr(console, "_send_message_receive_stream", rasa_stream)
    monkeypatch.setattr(rasa_patches, "ORIGINALS", {})
    rasa_patches.explain_shell_replies(explanation)
    assert asyncio.run(replies()) == [
        {"recipient_id": "u1", "text": "答え"},
        {"recipient_id": "u1", "text": "ほかに\n〔説明〕u1"},
    ]


def test_another_rasa_version_is_refused(monkeypatch):
    monkeypatch.setitem(rasa_patches.PINNED_VERSIONS, "rasa", "3.6.0")
    with pytest.raises(rasa_patches.PatchError, match="PINNED_VERSIONS"):
        rasa_patches.check_versions()


INSTALLED = """
import sys
{load}
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.core.channels import console
names = [RemoteAction.run.__name__, RemoteAction._validate_action_result.__name__,
         MessageProcessor.parse_message.__module__, console._print_bot_output.__module__]
print(names)
sys.exit(0 if names == ["run_or_apologise", "validate_action_result", "serving.rasa_patches",
                        "serving.rasa_patches"] else 1)
"""


@pytest.mark.parametrize(
    "load",
    [
        # What `rasa run`, `rasa shell` and `rasa interactive` do with endpoints.yml...
        "import os; os.environ['MYNA_DATABASE_URL'] = 'sqlite:///:memory:'\n"
        "from serving.tracker_store import RedactingSQLTrackerStore; RedactingSQLTrackerStore()",
        "from serving.lock_store import ConfiguredLockStore; ConfiguredLockStore()",
        # ...and with credentials.yml's chat channels.
        "from channels.chat_channels import CheckedRestInput; CheckedRestInput().blueprint(print)",
    ],
    ids=["tracker store", "lock store", "channels"],
)
def test_installed_by_every_entry_point(load, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", INSTALLED.format(load=load)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]


# ------------------------------------------------------------ the conversation's context
def tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("t", [ActionExecuted("action_listen"), *events], slots=DOMAIN.slots)


def user(text: str, intent: str = "greet") -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0})


def test_a_pin_is_expected_after_the_pin_topic_but_not_in_the_dates_form():
    assert number_context(tracker(user("暗証番号を忘れた", "pin_forgotten"))).pin_expected
    assert not number_context(tracker(user("カードをなくした", "lost_card"))).pin_expected
    in_form = tracker(user("暗証番号を忘れた", "pin_forgotten"), ActiveLoop("personal_dates_form"))
    assert not number_context(in_form).pin_expected
    assert not number_context(tracker()).pin_expected


def test_the_digits_that_ended_the_previous_message_are_the_context():
    assert number_context(tracker(user("番号は1234 5678"))).previous_digits == "12345678"
    # Also when a fallback reverted that message.
    assert number_context(tracker(user("番号は1234 5678"), UserUtteranceReverted())).previous_digits == "12345678"
    assert number_context(tracker(user("こんにちは"))).previous_digits == ""


OFFER = BotUttered("どれですか", {"buttons": [{"title": "紛失", "payload": "/smartphone_lost"}]})


@pytest.mark.parametrize(
    "text, events, refused",
    [
        ('/inform{"birth_date":"1955-07-08"}', [], True),
        ("/restart", [], True),
        ("/session_start", [], True),
        ("  /smartphone_lost", [], True),
        ("/smartphone_lost", [OFFER], False),  # offered in this session
        ("/smartphone_lost", [OFFER, SessionStarted()], True),  # but not in the new one
        ("こんにちは", [], False),
        ("1/2", [], False),
    ],
)
def test_only_offered_payloads_are_read_as_intents(text, events, refused):
    assert typed_intent_refused(text, tracker(*events), domain_payloads(DOMAIN)) is refused


def test_a_refused_payload_is_read_as_text():
    assert as_plain_text(" /restart") == "／restart"


@pytest.mark.parametrize(
    "channel, metadata, sent",
    [
        ("line", {"line": {"event_type": "postback"}}, True),
        ("line", {"line": {"event_type": "follow"}}, True),
        ("line", {"line": {"event_type": "message"}}, False),  # typed on LINE
        ("rest", {"line": {"event_type": "postback"}}, False),  # a REST client's metadata
        ("line", None, False),
    ],
)
def test_line_buttons_are_the_assistants_own(channel, metadata, sent):
    assert sent_by_a_button(channel, metadata) is sent


def test_a_session_is_full_after_its_messages_but_never_in_a_form():
    turns = [user(f"こんにちは {i}") for i in range(MAX_SESSION_USER_MESSAGES)]
    assert session_is_full(tracker(*turns))
    assert not session_is_full(tracker(*turns[1:]))
    assert not session_is_full(tracker(*turns, ActiveLoop("personal_dates_form")))
    assert not session_is_full(tracker(*turns, SessionStarted(), user("はい")))


def test_the_insurers_slots_and_the_topic_carry_over():
    slots = {"insurer_name": "例健保", "birth_date": "1955-07-08"}
    carried = carried_slots(tracker(*[SlotSet(name, value) for name, value in slots.items()]))
    assert carried == {"insurer_name": "例健保"}
    assert conversation_context.TOPIC_SLOT == "last_topic"


# ------------------------------------------------------------ the shell
def test_tel_buttons_are_shown_as_numbers_to_dial():
    message = {
        "text": "お電話ください",
        "buttons": [
            {"title": "紛失・停止", "payload": "tel:0120-95-0178"},
            {"title": "ほかの質問", "payload": "/greet"},
        ],
    }
    shown = rasa_patches.buttons_shown_as_text(message)
    assert shown == {"text": "お電話ください\n☎ 紛失・停止 0120-95-0178\n「ほかの質問」"}
    only_tel = rasa_patches.buttons_shown_as_text(
        {"text": "x", "buttons": [{"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"}]}
    )
    assert only_tel == {"text": "x\n☎ 0120-95-0178に電話"}


# ------------------------------------------------------------ socket.io origins
@pytest.mark.parametrize(
    "origin, allowed",
    [
        ("https://www.example-kenpo.jp", True),
        ("http://127.0.0.1:5005", True),  # the server's own
        ("https://evil.example", False),
        ("null", False),
    ],
)
def test_socketio_takes_the_configured_origins_and_its_own(origin, allowed):
    from engineio import AsyncServer

    server = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
    rasa_patches.allow_socketio_origins(server, ["https://www.example-kenpo.jp"])
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "127.0.0.1:5005", "HTTP_ORIGIN": origin}
    assert (origin in server._cors_allowed_origins(environ)) is allowed


def test_the_shell_shows_feedback_buttons_as_words_to_type():
    shown = rasa_patches.buttons_shown_as_text(
        {
            "text": "この回答で解決しましたか？",
            "buttons": [
                {"title": "解決した", "payload": "/feedback_resolved"},
                {"title": "解決しない", "payload": "/feedback_unresolved"},
            ],
        }
    )
    assert "buttons" not in shown  # no selection prompt
    assert shown["text"].endswith("「解決した」 / 「解決しない」")
