"""Messages to review, grouped so that similar questions sit together. Pure Python.

Identical messages (after NFKC, case, spaces and punctuation) are one row with a
count; rows whose character bigrams overlap enough with a group's most frequent
message join that group. Greedy, most frequent first: the same input always gives
the same groups.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

SIMILARITY = 0.4  # Jaccard of character bigrams: カードをなくした ~ カードをなくしました (0.78)

NOT_UNDERSTOOD = "not_understood"
LOW_CONFIDENCE = "low_confidence"
UNRESOLVED = "unresolved"
KIND_LABELS = {NOT_UNDERSTOOD: "理解できず", LOW_CONFIDENCE: "確信度が低い", UNRESOLVED: "「解決しない」"}


def comparison_key(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in normal if unicodedata.category(ch)[0] not in "PZSC")


def _bigrams(key: str) -> frozenset[str]:
    return frozenset(key[i : i + 2] for i in range(len(key) - 1)) or frozenset([key])


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


@dataclass
class ReviewMessage:
    text: str  # as first seen (already redacted)
    kinds: Counter = field(default_factory=Counter)  # kind -> count
    guesses: Counter = field(default_factory=Counter)  # best-guess topic -> count
    conversation_ref: str = ""  # hashed id of one conversation it came from

    @property
    def count(self) -> int:
        return sum(self.kinds.values())

    @property
    def guess(self) -> str | None:
        return self.guesses.most_common(1)[0][0] if self.guesses else None


@dataclass
class ReviewGroup:
    number: int
    messages: list[ReviewMessage]

    @property
    def count(self) -> int:
        return sum(m.count for m in self.messages)


def merge_identical(rows: Iterable[tuple[str, str, str | None, int, str]]) -> list[ReviewMessage]:
    """Rows of (text, kind, guess, count, conversation_ref) -> one message per key."""
    by_key: dict[str, ReviewMessage] = {}
    for text, kind, guess, count, ref in rows:
        key = comparison_key(text)
        message = by_key.setdefault(key, ReviewMessage(text=text, conversation_ref=ref))
        message.kinds[kind] += count
        if guess:
            message.guesses[guess] += count
    return list(by_key.values())


def group_similar(messages: list[ReviewMessage], limit: int) -> list[ReviewGroup]:
    """The `limit` most frequent messages, in groups of similar ones, largest first."""
    ordered = sorted(messages, key=lambda m: (-m.count, m.text))[:limit]
    leaders: list[frozenset[str]] = []
    groups: list[list[ReviewMessage]] = []
    for message in ordered:
        grams = _bigrams(comparison_key(message.text))
        scores = [similarity(grams, leader) for leader in leaders]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        if best is not None and scores[best] >= SIMILARITY:
            groups[best].append(message)
        else:
            leaders.append(grams)
            groups.append([message])
    groups.sort(key=lambda members: -sum(m.count for m in members))
    return [ReviewGroup(number, members) for number, members in enumerate(groups, 1)]
