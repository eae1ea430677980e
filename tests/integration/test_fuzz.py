"""Generated input against the real servers (hypothesis): Unicode with lone surrogates,
NUL, control characters, combining marks and every class of digit; JSON of any shape
where a payload is expected; My Numbers and PINs written in generated forms. Sent to
REST, socket.io and LINE of the PostgreSQL replicas and of the SQLite server.

After each batch: the server still answers, and neither the stored bytes nor any log
holds a generated My Number (in the form sent or as plain digits), nor the stored
messages a generated PIN. Bounded: MYNA_FUZZ_EXAMPLES examples per batch (default 25;
about a minute and a half in all on the 2-core machine).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from myna.privacy import is_valid_my_number
from tests.line.fake_line import post_webhook, sign, text_event, user_id
from tests.servers import say

from .chat_clients import SocketChat, line_say, request
from .test_privacy_storage import leaked, readable, setup, user_events  # noqa: F401  (setup is a fixture)

EXAMPLES = int(os.environ.get("MYNA_FUZZ_EXAMPLES", "25"))
BATCH = settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.generate],
    database=None,
    suppress_health_check=list(HealthCheck),
)

# ------------------------------------------------------------------ strategies
ODD_CHARACTERS = [
    "\ud800",
    "\udfff",
    "\udc00",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\u0301",
    "\u3099",
    "\u202e",
    "\u200b",
    "\u2028",
    "\ufeff",
    "\ufffd",
    "\U0001f600",
    "\\",
    '"',
    "/",
]
odd_text = st.lists(
    st.one_of(st.sampled_from(ODD_CHARACTERS), st.characters(), st.text(max_size=5)),
    max_size=30,
).map("".join)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | odd_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(odd_text, children, max_size=3),
    max_leaves=8,
)

DIGIT_FORMS = [
    "0123456789",
    "０１２３４５６７８９",
    "〇一二三四五六七八九",
    "⓪①②③④⑤⑥⑦⑧⑨",
    "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "₀₁₂₃₄₅₆₇₈₉",
    "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
    "٠١٢٣٤٥٦٧٨٩",
    "०१२३४५६७८९",
    "০১২৩৪৫৬৭৮৯",
]
SEPARATORS = [" ", "\u3000", "-", "ー", "－", ".", "/", "_", ",", "、", "・", "\n", "\u200b", "(", ")", "［", "］"]
FILLER = "カードをなくしましたのでこれはわたしのばんごうですおしえてください"


@st.composite
def number_form(draw) -> tuple[str, str]:
    """A valid My Number (its digits) and a generated way to write it."""
    body = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=11, max_size=11)))
    digits = next(body + d for d in "0123456789" if is_valid_my_number(body + d))
    written = []
    for index, digit in enumerate(digits):
        written.append(draw(st.sampled_from(DIGIT_FORMS))[int(digit)])
        if index < 11 and draw(st.integers(0, 3)) == 0:
            written.append("".join(draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=3))))
    return digits, "".join(written)


@st.composite
def pin_form(draw) -> tuple[str, str]:
    digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=4, max_size=4)))
    form = draw(st.sampled_from(DIGIT_FORMS))
    spaced = draw(st.booleans())
    return digits, (" " if spaced else "").join(form[int(d)] for d in digits)


@st.composite
def message_with_numbers(draw) -> tuple[str, list[str], list[str]]:
    """A message, the forms and digits of its My Numbers, and of its PINs."""
    numbers = draw(st.lists(number_form(), min_size=1, max_size=2))
    pins = draw(st.lists(pin_form(), max_size=1))
    words = lambda: draw(st.text(alphabet=FILLER, max_size=8))  # noqa: E731 (no digits, no separators)
    parts = [
        f"{words()}{draw(st.sampled_from(['', 'マイナンバーは', '番号：']))}{form}{words()}" for _, form in numbers
    ]
    parts += [f"暗証番号は{form}です" for _, form in pins]
    secrets = [form for _, form in numbers] + [digits for digits, _ in numbers]
    return "。".join(parts), secrets, [text for pin in pins for text in pin]


# ------------------------------------------------------------------ checks
_TEXT = re.compile(r'"text": "((?:[^"\\]|\\.)*)"')


class Record:
    def __init__(self) -> None:
        self.tag = uuid.uuid4().hex[:8]
        self.numbers: list[str] = []
        self.pins: list[str] = []
        self.senders: list[str] = []

    def sender(self, channel: str) -> str:
        sender = (
            user_id(f"fuzz-{self.tag}-{len(self.senders)}")
            if channel == "line"
            else f"fuzz-{self.tag}-{len(self.senders)}"
        )
        self.senders.append(sender)
        return sender


def after_the_batch(setup, record: Record) -> None:
    server = setup.servers[0]
    assert say(server.base_url, f"fuzz-alive-{uuid.uuid4().hex[:8]}", "カードをなくしました")
    assert line_say(setup.line_api, server.port, user_id(f"fuzz-alive-{uuid.uuid4()}"), "こんにちは")
    numbers = sorted(set(record.numbers))
    assert leaked(setup.stored(), numbers) == []
    assert leaked(setup.logs(), numbers) == []
    rows = setup.rows()
    for sender in record.senders:
        for row in user_events(rows, sender):
            # The texts only: four digits also occur in timestamps and ids.
            for text in _TEXT.findall(readable(row)):
                assert not any(pin in text for pin in record.pins), text


# ------------------------------------------------------------------ batches
def numbers_batch(record: Record, channel: str, send: Callable[[str, str], Any]) -> None:
    """Messages with generated numbers, each in a new conversation of `channel`."""

    @BATCH
    @given(message_with_numbers())
    def numbers(generated) -> None:
        text, secrets, pins = generated
        record.numbers += secrets
        record.pins += pins
        send(record.sender(channel), text)  # each channel's send checks its answer

    numbers()


def rest_batch(setup, record: Record) -> None:
    url = lambda turn: f"{setup.servers[turn % len(setup.servers)].base_url}/webhooks/rest/webhook"  # noqa: E731
    turns = iter(range(1_000_000))

    @BATCH
    @given(
        st.one_of(
            json_value,
            st.fixed_dictionaries({"sender": odd_text, "message": odd_text}),
            st.fixed_dictionaries({"sender": st.just("fuzz-fixed"), "message": odd_text, "metadata": json_value}),
        )
    )
    def shapes(payload: Any) -> None:
        status, _ = request(url(next(turns)), json.dumps(payload).encode())
        assert status < 500

    def send(sender: str, text: str) -> None:
        status, _ = request(url(next(turns)), json.dumps({"sender": sender, "message": text}).encode())
        assert status == 200

    shapes()
    numbers_batch(record, "rest", send)


def socketio_batch(setup, record: Record) -> None:
    server = setup.servers[-1]
    with SocketChat(server.base_url, f"fuzz-{record.tag}-socket") as chat:

        @BATCH
        @given(
            st.one_of(
                json_value,
                st.fixed_dictionaries({"session_id": odd_text, "message": odd_text}),
                st.fixed_dictionaries({"message": odd_text, "customData": json_value}),
            )
        )
        def shapes(payload: Any) -> None:
            if isinstance(payload, dict) and "session_id" not in payload:
                payload = {**payload, "session_id": chat.session_id}
            chat.client.emit("user_uttered", payload)

        shapes()
        assert chat.say("こんにちは")  # the same connection still works

    def send(sender: str, text: str) -> None:
        with SocketChat(server.base_url, sender) as numbered:
            assert numbered.say(text)

    numbers_batch(record, "socketio", send)


def line_batch(setup, record: Record) -> None:
    port = setup.servers[0].port

    def post(events: list[Any]) -> None:
        body = json.dumps({"destination": "x", "events": events}).encode()  # \\u escapes, as LINE writes
        assert post_webhook(port, body, sign(body))[0] == 200

    @BATCH
    @given(st.lists(st.one_of(json_value, odd_text.map(lambda t: text_event(t, user_id(f"fuzz-{t!r}")))), max_size=3))
    def shapes(events: list[Any]) -> None:
        post(events)

    def send(sender: str, text: str) -> None:
        assert line_say(setup.line_api, port, sender, text)

    shapes()
    numbers_batch(record, "line", send)


BATCHES: dict[str, Callable[[Any, Record], None]] = {
    "rest": rest_batch,
    "socketio": socketio_batch,
    "line": line_batch,
}


@pytest.mark.parametrize("setup", ["postgresql", "sqlite"], indirect=True)
@pytest.mark.parametrize("channel", list(BATCHES))
def test_generated_input(setup, channel):
    record = Record()
    BATCHES[channel](setup, record)
    after_the_batch(setup, record)
