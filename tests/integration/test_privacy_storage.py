"""My Numbers and PINs never reach storage or logs, whatever the channel.

Each conversation sends My Numbers with spaces, with hyphens, in full-width digits
and plain, and PINs after 暗証番号, through REST, socket.io or LINE, to the
production set-up (PostgreSQL, two replicas) or to one server with the default SQLite
file. Then the whole database (pg_dump; the SQLite file's bytes and rows) and every
log line are searched. The servers log at DEBUG, where Rasa writes the user's text,
so the logs really are a test of the redaction; the labels that replace the numbers
must be found, so the checks cannot pass on an empty store or log.
"""

from __future__ import annotations

import random
import re
import sqlite3
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from myna.privacy import is_valid_my_number, redact
from tests.line.fake_line import FakeLineApi, user_id
from tests.servers import RasaServer, say, wait_until

from .chat_clients import SocketChat, line_say

MY_NUMBER_LABEL = "［マイナンバー削除］"
PIN_LABEL = "［暗証番号削除］"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_random = random.Random(20261121)  # seeded: each full run sends the same numbers


def letters(count: int) -> str:
    return "".join(_random.choices(string.ascii_lowercase, k=count))


def my_number() -> str:
    body = "".join(_random.choice("0123456789") for _ in range(11))
    return next(body + d for d in "0123456789" if is_valid_my_number(body + d))


def pin() -> str:
    # A leading 0: no process id, port, year or row id is written that way, so a
    # standalone 0xxx in a log or dump can only be the PIN.
    return f"0{_random.randint(100, 999)}"


@dataclass(frozen=True)
class Conversation:
    sender: str
    tag: str  # in every text, to find this conversation's lines in the logs
    texts: list[str]
    secrets: list[str]  # every form sent, and each one's plain digits


def conversation(sender: str) -> Conversation:
    tag = letters(10)  # no digits, so nothing in it looks like a number
    spaced, hyphens, full_width, plain = (my_number() for _ in range(4))
    typed_pin, full_width_pin = pin(), pin()
    forms = {
        spaced: f"{spaced[:4]} {spaced[4:8]} {spaced[8:]}",
        hyphens: f"{hyphens[:4]}-{hyphens[4:8]}-{hyphens[8:]}",
        full_width: full_width.translate(FULL_WIDTH),
        plain: plain,
        typed_pin: typed_pin,
        full_width_pin: full_width_pin.translate(FULL_WIDTH),
    }
    texts = [
        f"マイナンバーは{forms[spaced]}です。カードをなくしました {tag}",
        f"夫の番号は{forms[hyphens]}、子どもは{forms[full_width]}です {tag}",
        f"暗証番号は{typed_pin}です。念のため{plain}も控えました {tag}",
        f"暗証番号：{forms[full_width_pin]} {tag}",
    ]
    secrets = sorted(set(forms) | set(forms.values()))
    # The premises: the search finds every form in the texts as sent, and the
    # detector knows them all.
    assert set(leaked("\n".join(texts), secrets)) >= set(forms.values())
    assert not leaked("\n".join(redact(text) for text in texts), secrets)
    return Conversation(sender, tag, texts, secrets)


# ------------------------------------------------------------------ searching
# Any number of backslashes: pg_dump doubles the one of JSON's escape.
_ESCAPE = re.compile(r"\\+u([0-9a-fA-F]{4})")


def readable(text: str) -> str:
    """JSON's \\uXXXX escapes (Rasa stores and logs events with them) as characters."""
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def _pattern(secret: str) -> re.Pattern[str]:
    if not (secret.isascii() and secret.isdigit()):
        return re.compile(re.escape(secret))
    if len(secret) >= 12:  # not inside a longer run of digits (a float's, a timestamp's)
        return re.compile(rf"(?<![0-9.]){re.escape(secret)}(?![0-9])")
    # Four digits also occur by chance inside timestamps and ids: only a standalone
    # one counts (not after a decimal point or hyphen, as in a float or a UUID).
    return re.compile(rf"(?<![0-9A-Za-z０-９.\-]){re.escape(secret)}(?![0-9A-Za-z０-９\-])")


def leaked(haystack: str, secrets: list[str]) -> list[str]:
    text = readable(haystack)
    return [secret for secret in secrets if _pattern(secret).search(text)]


def user_events(rows: list[str], sender: str) -> list[str]:
    """The stored messages of `sender`, readable."""
    return [row for row in map(readable, rows) if sender in row and '"event": "user"' in row]


# ------------------------------------------------------------------ set-ups
@dataclass
class Setup:
    servers: list[RasaServer]  # REST messages alternate between them
    line_api: FakeLineApi
    stored: Callable[[], str]  # everything the database holds, as text
    rows: Callable[[], list[str]]  # one line per stored event, with its sender
    logs: Callable[[], str]


def sqlite_rows(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return [f"{sender}\t{data}" for sender, data in db.execute("SELECT sender_id, data FROM events")]


def sqlite_contents(path: Path) -> str:
    """The file's raw bytes (deleted pages too) and its journal, plus every row:
    a long row is split over overflow pages, so the bytes alone may cut a number."""
    files = [path, *path.parent.glob(path.name + "-*")]  # -journal, -wal, -shm
    raw = "\n".join(f.read_bytes().decode("utf-8", "replace") for f in files if f.exists())
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        dump = "\n".join(db.iterdump())
    return raw + "\n" + dump


@pytest.fixture
def setup(request, cluster):
    if request.param == "postgresql":
        return Setup(
            list(cluster.replicas),
            cluster.line_api,
            cluster.postgres.dump,
            lambda: cluster.postgres.dump().splitlines(),
            cluster.logs,
        )
    server = request.getfixturevalue("sqlite_server")
    return Setup(
        [server],
        cluster.line_api,
        lambda: sqlite_contents(server.db_path),
        lambda: sqlite_rows(server.db_path),
        lambda: server.log_path.read_text(errors="replace") + cluster.logs(),
    )


# ------------------------------------------------------------------ channels
def via_rest(setup: Setup, talk: Conversation) -> None:
    for turn, text in enumerate(talk.texts):
        assert say(setup.servers[turn % len(setup.servers)].base_url, talk.sender, text)


def via_socketio(setup: Setup, talk: Conversation) -> None:
    with SocketChat(setup.servers[-1].base_url, talk.sender) as chat:
        for text in talk.texts:
            assert chat.say(text)


def via_line(setup: Setup, talk: Conversation) -> None:
    for text in talk.texts:
        assert line_say(setup.line_api, setup.servers[0].port, talk.sender, text)


CHANNELS = {"rest": via_rest, "socketio": via_socketio, "line": via_line}


@pytest.mark.parametrize("setup", ["postgresql", "sqlite"], indirect=True)
@pytest.mark.parametrize("channel", list(CHANNELS))
def test_personal_numbers_are_neither_stored_nor_logged(setup, channel):
    run = letters(8)
    sender = user_id(f"privacy-{run}") if channel == "line" else f"privacy-{channel}-{run}"
    talk = conversation(sender)
    CHANNELS[channel](setup, talk)
    # Every turn is stored (the tracker is saved after the answer went out).
    wait_until(
        lambda: len(user_events(setup.rows(), sender)) == len(talk.texts), 60, "the conversation in the tracker store"
    )

    assert leaked(setup.stored(), talk.secrets) == []
    stored = user_events(setup.rows(), sender)
    assert all(MY_NUMBER_LABEL in row or PIN_LABEL in row for row in stored)
    logs = setup.logs()
    assert leaked(logs, talk.secrets) == []
    # DEBUG logs carry the conversation and the user's text, redacted.
    assert sender in logs
    lines = [line for line in readable(logs).splitlines() if talk.tag in line]
    assert any(MY_NUMBER_LABEL in line for line in lines) and any(PIN_LABEL in line for line in lines)
