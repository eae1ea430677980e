"""Conversations sent through the running servers for the report's tests, and what
the report must then say, read back independently through Rasa's HTTP API."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.integration.chat_clients import SocketChat
from tests.servers import API_TOKEN, ROOT, VENV_BIN, RasaServer

TOKYO = timezone(timedelta(hours=9))
MY_NUMBER = "1234-5678-9018"  # a valid check digit: redacted before storage
MY_NUMBER_DIGITS = "123456789018"
PIN = "4831"
# Nonsense: the first of these the model does not understand is sent (twice).
UNCLEAR_CANDIDATES = ["ぷにょぷにょ", "もにょもにょ", "ぴっとするあれ", "あわわわ", "ほにゃらら", "んー"]
UNCLEAR = "{unclear}"
RESOLVED = "/feedback_resolved"
UNRESOLVED = "/feedback_unresolved"

# (channel, messages): REST conversations and socket.io (widget) ones.
SCRIPT: list[tuple[str, list[str]]] = [
    ("rest", ["カードをなくしました", UNRESOLVED]),
    ("rest", ["資格確認書ってなんですか", RESOLVED]),
    ("rest", ["カードをなくしました", UNRESOLVED, "資格確認書ってなんですか", RESOLVED]),
    ("rest", [f"マイナンバーは{MY_NUMBER}です。暗証番号は{PIN}です", UNCLEAR, UNCLEAR]),
    ("rest", ["自分のカードの有効期限を調べたい", "やめる"]),
    ("socketio", ["こんにちは", "フリーダイヤルの受付時間を教えてください"]),
    ("socketio", ["私のカードはいつまで使えますか", "昭和30年7月8日です", "令和2年3月1日に受け取りました"]),
]


def parse(rasa: RasaServer, text: str) -> dict:
    """The NLU's reading of `text`, through the HTTP API: no conversation is stored."""
    request = urllib.request.Request(
        f"{rasa.base_url}/model/parse?token={API_TOKEN}",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def first_not_understood(rasa: RasaServer, candidates) -> str:
    for text in candidates:
        if parse(rasa, text)["intent"]["name"] == "nlu_fallback":
            return text
    raise AssertionError(f"the model understands all of {candidates}")


@dataclass
class Sent:
    unclear: str = ""
    senders: list[str] = field(default_factory=list)
    messages: Counter = field(default_factory=Counter)  # channel -> messages
    conversations: Counter = field(default_factory=Counter)  # channel -> conversations
    intents: Counter = field(default_factory=Counter)  # as the trackers say
    conversations_by_intent: dict[str, set] = field(default_factory=dict)
    handoffs: Counter = field(default_factory=Counter)
    form_started: int = 0
    form_finished: int = 0


def send_script(rasa: RasaServer, script=SCRIPT) -> Sent:
    sent = Sent(unclear=first_not_understood(rasa, UNCLEAR_CANDIDATES))
    run = uuid.uuid4().hex[:8]
    for number, (channel, template) in enumerate(script):
        messages = [text.format(unclear=sent.unclear) for text in template]
        sender = f"staff-{run}-{number}"
        if channel == "rest":
            for text in messages:
                assert rasa.say(sender, text), f"no reply to {text!r}"
        else:
            with SocketChat(rasa.base_url, sender) as chat:
                for text in messages:
                    assert chat.say(text), f"no reply to {text!r}"
                sender = chat.session_id
        sent.senders.append(sender)
        sent.messages[channel] += len(messages)
        sent.conversations[channel] += 1
        _read_back(rasa, sender, sent)
    return sent


def _read_back(rasa: RasaServer, sender: str, sent: Sent) -> None:
    """What the conversation's tracker holds, through Rasa's HTTP API (not the SQL)."""
    events = rasa.tracker(sender)["events"]
    for event in events:
        if event["event"] == "user":
            intent = event["parse_data"]["intent"]["name"]
            sent.intents[intent] += 1
            sent.conversations_by_intent.setdefault(intent, set()).add(sender)
        elif event["event"] == "slot" and event["name"] == "hotline_name":
            sent.handoffs[event["value"]] += 1
    sent.form_started += any(e["event"] == "active_loop" and e.get("name") == "personal_dates_form" for e in events)
    sent.form_finished += any(
        e["event"] == "action" and e.get("name") == "action_compute_personal_dates" for e in events
    )


def today_in_tokyo() -> str:
    return datetime.now(TOKYO).date().isoformat()


def run_report(database_url: str, out_dir: Path, since: str, until: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "python"), "-m", "staff", "report", "--since", since, "--until", until, "--out", str(out_dir)],
        cwd=ROOT,
        env=dict(os.environ, MYNA_DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as source:
        return list(csv.DictReader(source))
