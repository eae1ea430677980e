"""Every form of a personal number is kept out of storage and logs, on every channel,
on PostgreSQL (two replicas) and SQLite: kanji, circled, superscript, mathematical
and Arabic-Indic digits, unusual separators, a labelled number with a wrong check
digit, PINs with spaces or in kanji, several PINs, a 署名用 password, a number split
over two messages, a bare PIN right after the PIN was the topic; and, on REST and
socket.io, a number in the conversation id and in the metadata's keys and values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from myna.privacy.personal_numbers import digits_of
from tests.line.fake_line import user_id
from tests.servers import wait_until

from .chat_clients import SocketChat, reply_texts, request
from .test_privacy_storage import (  # noqa: F401  (setup is a fixture)
    MY_NUMBER_LABEL,
    PIN_LABEL,
    leaked,
    letters,
    my_number,
    pin,
    readable,
    setup,
    user_events,
    via_line,
)

KANJI = str.maketrans("0123456789", "〇一二三四五六七八九")
CIRCLED = str.maketrans("0123456789", "⓪①②③④⑤⑥⑦⑧⑨")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MATHEMATICAL = str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def wrong_check_digit() -> str:
    number = my_number()
    return number[:11] + str((int(number[11]) + 1) % 10)


@dataclass(frozen=True)
class Talk:
    sender: str
    texts: list[str]
    secrets: list[str]  # the whole numbers, in each form sent
    split_start: str  # the first part of the split number, as sent
    metadata: dict  # numbers in keys and values


def talk(sender: str) -> Talk:
    tag = letters(10)
    kanji, circled, superscript, mathematical, arabic, dotted, zero_width, split = (my_number() for _ in range(8))
    mistyped = wrong_check_digit()
    spaced_pin, kanji_pin, first_pin, second_pin, bare_pin = (pin() for _ in range(5))
    password = f"QX{letters(4).upper()}{pin()}"
    forms = {
        kanji: kanji.translate(KANJI),
        circled: circled.translate(CIRCLED),
        superscript: superscript.translate(SUPERSCRIPT),
        mathematical: mathematical.translate(MATHEMATICAL),
        arabic: arabic.translate(ARABIC_INDIC),
        dotted: f"{dotted[:4]}.{dotted[4:8]}/{dotted[8:]}",
        zero_width: "\u200b".join(zero_width),
        mistyped: mistyped,
        spaced_pin: " ".join(spaced_pin),
        kanji_pin: kanji_pin.translate(KANJI),
        first_pin: first_pin,
        second_pin: second_pin,
        bare_pin: bare_pin,
        password: password,
        split: f"{split[:4]} {split[4:8]} {split[8:]}",
    }
    texts = [
        f"番号は{forms[kanji]}と{forms[circled]}です {tag}",
        f"{forms[superscript]}、{forms[mathematical]}、{forms[arabic]} {tag}",
        f"控え: [{forms[dotted]}] {forms[zero_width]} {tag}",
        f"マイナンバーは{mistyped}です {tag}",
        f"暗証番号は{forms[spaced_pin]}、暗しょう番号{forms[kanji_pin]}です {tag}",
        f"暗証番号は{first_pin}と{second_pin}、署名用のパスワードは{password}です {tag}",
        # The PIN topic first: the split number's first part starts the dates form,
        # where 4 digits alone are a year.
        "暗証番号を忘れてしまいました",
        bare_pin,
        f"マイナンバーは{split[:4]} {split[4:8]}",
        f"{split[8:]}です {tag}",
    ]
    in_key, in_value = my_number(), my_number()
    secrets = sorted({*forms, *forms.values(), in_key, in_value})
    return Talk(sender, texts, secrets, f"{split[:4]} {split[4:8]}", {f"member-{in_key}": "x", "member": int(in_value)})


def via_rest(setup, chat: Talk) -> None:
    for turn, text in enumerate(chat.texts):
        server = setup.servers[turn % len(setup.servers)]
        body = {"sender": chat.sender, "message": text, "metadata": chat.metadata}
        status, answer = request(f"{server.base_url}/webhooks/rest/webhook", json.dumps(body).encode())
        assert status == 200 and json.loads(answer)


def via_socketio(setup, chat: Talk) -> None:
    with SocketChat(setup.servers[-1].base_url, chat.sender) as client:
        for text in chat.texts:
            # Rasa's socket.io channel reads the metadata from "customData".
            assert client.emit({"message": text, "session_id": client.session_id, "customData": chat.metadata})


CHANNELS = {"rest": via_rest, "socketio": via_socketio, "line": via_line}


@pytest.mark.parametrize("setup", ["postgresql", "sqlite"], indirect=True)
@pytest.mark.parametrize("channel", list(CHANNELS))
def test_every_form_is_blanked_in_storage_and_logs(setup, channel):
    run = letters(8)
    number_in_id = my_number()
    # The conversation id carries a number too, except on LINE (LINE names the user).
    sender = user_id(f"forms-{run}") if channel == "line" else f"forms-{run}-{number_in_id}"
    chat = talk(sender)
    secrets = chat.secrets + ([] if channel == "line" else [number_in_id])
    stored_sender = sender.replace(number_in_id, MY_NUMBER_LABEL)
    CHANNELS[channel](setup, chat)
    wait_until(
        lambda: len(user_events(setup.rows(), stored_sender)) == len(chat.texts),
        60,
        "the conversation in the tracker store",
    )

    assert leaked(setup.stored(), secrets) == []
    stored = user_events(setup.rows(), stored_sender)
    assert not any(chat.split_start in row or digits_of(chat.split_start) in row for row in stored)
    assert leaked(setup.logs(), secrets) == []
    assert sum(MY_NUMBER_LABEL in row for row in stored) >= 6 and sum(PIN_LABEL in row for row in stored) >= 3
    bare = [row for row in stored if '"text": "' + PIN_LABEL + '"' in row]
    assert bare, "the PIN sent alone after the PIN topic is stored blanked"
    if channel != "line":
        assert sender not in readable(setup.logs()) and sender not in readable(setup.stored())


@pytest.mark.parametrize("setup", ["postgresql", "sqlite"], indirect=True)
def test_the_answer_to_a_split_number_and_a_bare_pin_is_the_warning(setup):
    chat = talk(f"forms-answers-{letters(8)}")
    server = setup.servers[0]
    answers = [reply_texts(server.say(chat.sender, text)) for text in chat.texts[6:]]
    assert "送らないでください" in answers[1]  # the bare PIN after the PIN topic
    assert "送らないでください" not in answers[2]  # 8 digits alone are not a number yet
    assert "送らないでください" in answers[3]  # together with the next ones, they are
