"""Tokens per second of the tokenizer's two backends on the same texts."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TokenizerSpeed:
    backend: str
    tokens: int
    characters: int
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds

    @property
    def characters_per_second(self) -> float:
        return self.characters / self.seconds


def measure(backend: str, settings: dict[str, Any], texts: Sequence[str], rounds: int) -> TokenizerSpeed:
    """The project's JapaneseTokenizer with `settings` (config.yml's) on `backend`."""
    from components.japanese_tokenizer import JapaneseTokenizer  # imports Rasa

    tokenizer = JapaneseTokenizer({**settings, "backend": backend})
    tokenizer.tokenize_text(texts[0])  # the dictionary loads on first use
    tokens = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            tokens += len(tokenizer.tokenize_text(text))
    seconds = time.perf_counter() - started
    return TokenizerSpeed(backend, tokens, rounds * sum(map(len, texts)), seconds)
