"""The realistic sets (tests/nlu/realistic/): whole turns through the trained model,
the dialogue rules and the running action server, scored on what the user was answered.

A set (see tests/nlu/realistic/BRIEF.md) holds single `messages`, each with a category
and the expected topics, and follow-up `conversations`. A turn is judged by the FAQ
answers the bot gave (`utter_<topic>` actions whose response has a title) and by
whether the personal-dates form started:

- one expected topic: the first FAQ answer of the turn is that topic (or one of `also`);
  `personal_validity` is answered when the personal-dates form starts or answers;
- `out_of_scope`: no FAQ answer at all;
- several topics (two concerns): every one of them is answered;
- `date_in_question` messages that are not `personal_validity` must not start the form,
  unless the writer allowed `personal_validity` in `also` (the user quoted a date of
  their own card and asked whether it still holds: the form answers that too);
- `pii_guard`: the privacy warning was given.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from myna.faq_topics import faq_intents

FORM = "personal_dates_form"
PERSONAL = "personal_validity"
OUT_OF_SCOPE = "out_of_scope"
PII_GUARD = "pii_guard"
SUSPENSION_TOPICS = ("lost_card", "smartphone_lost")
PERSONAL_ANSWERS = {"utter_personal_dates", "utter_ask_birth_date", "utter_ask_card_issued"}


@dataclass(frozen=True)
class Probe:
    """One user message to send and what it must get."""

    text: str
    category: str
    expect: tuple
    also: tuple = ()
    conversation: int | None = None  # index of its conversation, None for single messages
    turn: int = 0


@dataclass
class Turn:
    """What the assistant did with one message."""

    intent: str | None
    topics: list[str] = field(default_factory=list)  # FAQ answers, in order
    form_started: bool = False
    personal_answer: bool = False


def load_set(path: Path) -> list[Probe]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    probes = []
    for entry in data.get("messages") or []:
        probes.append(
            Probe(entry["text"].strip(), entry["category"], tuple(entry["expect"]), tuple(entry.get("also") or ()))
        )
    for index, conversation in enumerate(data.get("conversations") or []):
        for position, turn in enumerate(conversation["turns"]):
            expect = turn["expect"]
            expect = tuple(expect) if isinstance(expect, list) else (expect,)
            probes.append(
                Probe(
                    turn["text"].strip(),
                    "follow_up" if position else "follow_up_first",
                    expect,
                    tuple(turn.get("also") or ()),
                    index,
                    position,
                )
            )
    return probes


def judge(probe: Probe, turn: Turn) -> bool:
    expected = probe.expect
    if expected == (OUT_OF_SCOPE,):
        return not turn.topics
    if expected == (PERSONAL,):
        return turn.form_started or turn.personal_answer
    if len(expected) > 1:
        return all(topic in turn.topics for topic in expected)
    if probe.category == "date_in_question" and turn.form_started:
        return PERSONAL in probe.also
    if not turn.topics:
        return False
    # Conversation intents (thanks, greet...) have no FAQ answer: judged on the intent.
    return turn.topics[0] in (expected[0], *probe.also)


def _conversation_intent_ok(probe: Probe, turn: Turn, faq: set[str]) -> bool | None:
    """Turns expecting a conversation intent (thanks, goodbye...) are judged on the intent.
    The privacy warning may be followed by the answer to the question the number came
    with (「…これで登録されてるか見て」), so `pii_guard` is judged on the warning alone."""
    if probe.expect[0] in faq or probe.expect[0] in (OUT_OF_SCOPE, PERSONAL) or len(probe.expect) > 1:
        return None
    if probe.expect[0] == PII_GUARD:
        return turn.intent == PII_GUARD
    return turn.intent == probe.expect[0] and not turn.topics


@dataclass
class Scored:
    probe: Probe
    turn: Turn
    correct: bool


@dataclass
class RealisticResult:
    scored: list[Scored]

    def _of(self, category: str | None = None) -> list[Scored]:
        return [s for s in self.scored if category is None or s.probe.category == category]

    def accuracy(self, category: str | None = None) -> float:
        chosen = self._of(category)
        return sum(s.correct for s in chosen) / len(chosen) if chosen else float("nan")

    def categories(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for s in self.scored:
            counts[s.probe.category] += 1
        return dict(sorted(counts.items()))

    def near_topic_without_faq_answer(self) -> float:
        chosen = [s for s in self.scored if s.probe.expect == (OUT_OF_SCOPE,)]
        return sum(not s.turn.topics for s in chosen) / len(chosen) if chosen else float("nan")

    def suspension_present(self) -> float:
        """Share of several-concern messages with a lost card or phone whose turn
        answered the loss first."""
        chosen = [s for s in self.scored if len(s.probe.expect) > 1 and set(s.probe.expect) & set(SUSPENSION_TOPICS)]
        ok = [s for s in chosen if s.turn.topics and s.turn.topics[0] in SUSPENSION_TOPICS]
        return len(ok) / len(chosen) if chosen else float("nan")

    def dates_in_questions_starting_the_form(self) -> int:
        return sum(
            1
            for s in self.scored
            if s.probe.category == "date_in_question"
            and PERSONAL not in (*s.probe.expect, *s.probe.also)
            and s.turn.form_started
        )

    def follow_ups_resolved(self) -> float:
        return self.accuracy("follow_up")

    def errors(self) -> list[Scored]:
        return [s for s in self.scored if not s.correct]

    def summary(self) -> str:
        lines = [f"overall {self.accuracy():.3f} ({len(self.scored)} turns)"]
        for category, count in self.categories().items():
            lines.append(f"  {category:18} {self.accuracy(category):.3f} ({count})")
        lines += [
            f"  near-topic given no FAQ answer  {self.near_topic_without_faq_answer():.3f}",
            f"  suspension first (lost + other) {self.suspension_present():.3f}",
            f"  dates in questions starting the form  {self.dates_in_questions_starting_the_form()}",
            f"  follow-ups resolved             {self.follow_ups_resolved():.3f}",
        ]
        return "\n".join(lines)


def _turn(events: Iterable, faq: set[str]) -> Turn:
    from rasa.shared.core.events import ActiveLoop, BotUttered, UserUttered

    turn = Turn(intent=None)
    for event in events:
        if isinstance(event, UserUttered):
            turn.intent = event.intent_name
        elif isinstance(event, ActiveLoop) and event.name == FORM:
            turn.form_started = True
        elif isinstance(event, BotUttered):
            action = (event.metadata or {}).get("utter_action") or ""
            topic = action[len("utter_") :]
            if topic in faq:
                turn.topics.append(topic)
            if action in PERSONAL_ANSWERS:
                turn.personal_answer = True
    return turn


async def _run(model: Path, action_url: str, probes: Sequence[Probe]) -> list[Scored]:
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    agent = Agent.load(str(model), action_endpoint=EndpointConfig(url=action_url))
    faq = faq_intents(agent.domain.as_dict())
    run = uuid.uuid4().hex[:8]
    scored = []
    for index, probe in enumerate(probes):
        key = f"c{probe.conversation}" if probe.conversation is not None else f"m{index}"
        sender = f"eval-{run}-{key}"
        before = len((await agent.tracker_store.get_or_create_tracker(sender)).events)
        await agent.handle_text(probe.text, sender_id=sender)
        tracker = await agent.tracker_store.retrieve(sender)
        turn = _turn(list(tracker.events)[before:], faq)
        verdict = _conversation_intent_ok(probe, turn, faq)
        scored.append(Scored(probe, turn, judge(probe, turn) if verdict is None else verdict))
    return scored


class _ActionServer:
    """`python -m actions` on a free loopback port, for the evaluation's turns."""

    def __init__(self, log_path: Path):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = dict(os.environ, ACTION_PORT=str(self.port), RASA_TELEMETRY_ENABLED="false")
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "actions"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the action server exited; see {log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        self.close()
        raise RuntimeError(f"the action server did not start in 120 s; see {log_path}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()


def evaluate_sets(model: Path, paths: Sequence[Path], log_dir: Path) -> dict[str, RealisticResult]:
    """Each set's result, by file name; one action server serves them all."""
    log_dir.mkdir(parents=True, exist_ok=True)
    server = _ActionServer(log_dir / "realistic-actions.log")
    try:
        return {Path(p).name: RealisticResult(asyncio.run(_run(model, server.url, load_set(p)))) for p in paths}
    finally:
        server.close()
