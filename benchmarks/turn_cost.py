"""The cost of a turn as one conversation grows: one conversation of 400 messages to
the Rasa server, the median answer time around turns 1, 100, 200 and 400.

Rasa loads and replays the whole session on every message; sessions end after
serving.conversation_context.MAX_SESSION_USER_MESSAGES user messages, so the cost
should stay flat. FAQ questions only: a form in progress keeps its session open."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from benchmarks.stats import percentile

MARKS = (1, 100, 200, 400)
AROUND = 5  # turns measured at each mark: the mark and the ones before it
QUESTIONS = [
    "カードをなくしました",
    "資格確認書って何ですか",
    "顔認証がうまくいきません",
    "暗証番号を忘れました",
    "マイナ保険証はどこで使えますか",
    "ありがとう",
]


def turn_costs(
    say: Callable[[str, str], object], sender: str, questions: Sequence[str] = QUESTIONS, marks: Sequence[int] = MARKS
) -> dict[int, float]:
    """Median milliseconds of the AROUND turns ending at each mark (turn numbers from 1)."""
    seconds: list[float] = []
    for turn in range(max(marks)):
        started = time.perf_counter()
        say(sender, questions[turn % len(questions)])
        seconds.append(time.perf_counter() - started)
    return {
        mark: 1000 * percentile(seconds[max(0, mark - AROUND) : mark] if mark > 1 else seconds[:1], 50)
        for mark in marks
    }


def describe(costs: dict[int, float]) -> str:
    return ", ".join(f"turn {mark}: {ms:.0f} ms" for mark, ms in costs.items())
