"""`make bench-report`: the report's time and peak memory over a large store.

Generates N conversations (default 100,000) over 30 days into a new SQLite tracker
store, with the event shapes the assistant writes (session start with its slots,
FAQ answers with their leaflet metadata and `last_topic`, feedback, the phone
hand-off's slots, not-understood messages with suggestions, the personal-dates form),
then runs `python -m staff report` on it in a child process and prints the wall time
and the child's peak resident memory. A figure, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered

from staff.usage import Period

DAYS = 30
TIME_TOKEN = 1234567890.5  # replaced by each event's own time
INSERT = (
    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) " "VALUES (?, ?, ?, ?, ?, ?)"
)


class _Templates:
    """Event rows as the tracker store writes them, built with Rasa's own event classes."""

    def __init__(self, domain_path: Path, seed: int) -> None:
        domain = yaml.safe_load(domain_path.read_text(encoding="utf-8"))
        self.responses = domain["responses"]
        self.topics = [
            r[len("utter_") :] for r, v in self.responses.items() if (v[0].get("metadata") or {}).get("title")
        ]
        self.random = random.Random(seed)

    def _row(self, event) -> tuple:
        data = event.as_dict()
        return (
            data["event"],
            (data.get("parse_data") or {}).get("intent", {}).get("name"),
            data.get("name") if data["event"] == "action" else None,
            json.dumps(data, ensure_ascii=False),
        )

    def _ranking(self, first: str, confidence: float) -> list:
        others = self.random.sample([t for t in self.topics if t != first], 9)
        rest = (1 - confidence) / 9
        return [{"name": first, "confidence": confidence}, *({"name": o, "confidence": rest} for o in others)]

    def user(self, text: str, intent: str, confidence: float, channel: str) -> tuple:
        ranking = self._ranking(intent, confidence)
        parse = {
            "intent": ranking[0],
            "entities": [],
            "text": text,
            "message_id": uuid.uuid4().hex,
            "metadata": {},
            "intent_ranking": ranking,
        }
        return self._row(
            UserUttered(
                text,
                intent=ranking[0],
                parse_data=parse,
                input_channel=channel,
                timestamp=TIME_TOKEN,
                message_id=parse["message_id"],
            )
        )

    def utter(self, name: str) -> list[tuple]:
        response = self.responses.get(name, [{"text": "…"}])[0]
        metadata = {"metadata": response.get("metadata") or {}, "utter_action": name}
        return [
            self._row(ActionExecuted(name, policy="RulePolicy", confidence=1.0, timestamp=TIME_TOKEN)),
            self._row(
                BotUttered(response.get("text"), {"buttons": response.get("buttons")}, metadata, timestamp=TIME_TOKEN)
            ),
        ]

    def action(self, name: str) -> tuple:
        return self._row(ActionExecuted(name, policy="RulePolicy", confidence=1.0, timestamp=TIME_TOKEN))

    def slot(self, name: str, value) -> tuple:
        return self._row(SlotSet(name, value, timestamp=TIME_TOKEN))

    def active_loop(self, name) -> tuple:
        return self._row(ActiveLoop(name, timestamp=TIME_TOKEN))

    def session_start(self) -> list[tuple]:
        return [
            self.action("action_session_start"),
            self._row(SessionStarted(timestamp=TIME_TOKEN)),
            self.slot("insurer_name", "大阪薬業健康保険組合"),
            self.slot("kakuninsho_valid_until", "2026-12-01"),
            self.slot("kakuninsho_expired", "false"),
            self.action("action_listen"),
        ]


def _conversation(t: _Templates, rng: random.Random) -> list[tuple]:
    channel = rng.choice(["rest", "socketio", "socketio", "line"])
    rows = t.session_start()
    shape = rng.random()
    if shape < 0.2:  # not understood, suggestions offered
        text = f"よくわからない質問その{rng.randrange(3000)}"
        rows += [
            t.user(text, "nlu_fallback", 0.15, channel),
            t.action("action_suggest_topics"),
            *[t.slot(f"suggestion_{i}", rng.choice(t.topics)) for i in (1, 2, 3)],
            *t.utter("utter_ask_rephrase"),
            t.action("action_listen"),
        ]
    elif shape < 0.35:  # personal dates
        rows += [
            t.user("私のカードはいつまで使えますか", "personal_validity", 0.95, channel),
            t.action("personal_dates_form"),
            t.active_loop("personal_dates_form"),
            t.slot("requested_slot", "birth_date"),
            *t.utter("utter_ask_birth_date"),
            t.action("action_listen"),
            t.user("昭和30年7月8日です", "inform", 0.96, channel),
            t.slot("birth_date", "1955-07-08"),
            t.slot("requested_slot", "card_issued"),
            *t.utter("utter_ask_card_issued"),
            t.action("action_listen"),
        ]
        if rng.random() < 0.7:
            rows += [
                t.user("令和2年3月1日に受け取りました", "inform", 0.96, channel),
                t.slot("card_issued", "2020-03-01"),
                t.active_loop(None),
                t.action("action_compute_personal_dates"),
                *[t.slot(f"pd_{name}", "…") for name in ("today", "birth", "issued", "card_expires", "cert_expires")],
                *t.utter("utter_personal_dates"),
                t.action("action_listen"),
            ]
    for _ in range(rng.choice([1, 1, 2, 3])):  # FAQ turns, some with the phone hand-off and feedback
        topic = rng.choice(t.topics)
        rows += [
            t.user(f"{topic}について教えて{rng.randrange(5)}", topic, rng.uniform(0.2, 0.99), channel),
            *t.utter(f"utter_{topic}"),
        ]
        if topic in ("lost_card", "smartphone_lost", "contact_hours", "human_handoff"):
            rows += [
                t.action("action_choose_hotline"),
                t.slot("hotline_state", "open"),
                t.slot("hotline_name", f"{topic}の窓口"),
                t.slot("hotline_number", "0120-00-0000"),
                *t.utter("utter_hotline"),
            ]
        rows += [t.slot("last_topic", topic), t.action("action_listen")]
        if rng.random() < 0.4:
            feedback = rng.choice(["feedback_resolved", "feedback_unresolved"])
            rows += [
                t.user(f"/{feedback}", feedback, 1.0, channel),
                *t.utter("utter_ask_anything_else"),
                t.action("action_listen"),
            ]
    return rows


def generate(db: Path, conversations: int, period: Period, seed: int = 14) -> int:
    """Writes `conversations` conversations into a new SQLite store; the number of events."""
    SQLTrackerStore(dialect="sqlite", db=str(db)).engine.dispose()  # Rasa creates its own schema
    templates = _Templates(Path("domain.yml"), seed)
    rng = random.Random(seed)
    shapes = [_conversation(templates, rng) for _ in range(500)]  # reused with new ids and times
    span = period.end - period.start - 3600
    total = 0
    connection = sqlite3.connect(db)
    batch = []
    token = repr(TIME_TOKEN)
    for _ in range(conversations):
        sender = uuid.uuid4().hex
        start = period.start + rng.random() * span
        for offset, (kind, intent, action, data) in enumerate(rng.choice(shapes)):
            at = start + offset * 2.0
            batch.append((sender, kind, at, intent, action, data.replace(token, repr(at))))
        if len(batch) >= 100_000:
            connection.executemany(INSERT, batch)
            total += len(batch)
            batch = []
    connection.executemany(INSERT, batch)
    connection.commit()
    connection.close()
    return total + len(batch)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m staff.bench")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the store here and keep it (default: a temporary file)")
    args = parser.parse_args(argv)
    until = date(2026, 11, 30)
    period = Period(until - timedelta(days=DAYS - 1), until)
    with tempfile.TemporaryDirectory(prefix="myna-bench-report-") as folder:
        db = args.keep or Path(folder) / "tracker.db"
        started = time.monotonic()
        events = generate(db, args.conversations, period)
        print(
            f"generated {args.conversations:,} conversations, {events:,} events, "
            f"{db.stat().st_size / 2**20:,.0f} MiB in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "staff",
                "report",
                "--since",
                period.since.isoformat(),
                "--until",
                period.until.isoformat(),
                "--out",
                str(Path(folder) / "reports"),
            ],
            env=dict(os.environ, MYNA_DATABASE_URL=f"sqlite:///{db}"),
            check=True,
        )
        seconds = time.monotonic() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: KiB
    print(
        f"report over {args.conversations:,} conversations ({DAYS} days, SQLite): "
        f"{seconds:.1f} s, peak memory {peak_mib:.0f} MiB (targets: under 60 s, under 500 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
