"""One trained model in a fresh process: its intents for the held-out messages, the
parse time of each message (one at a time, as the server parses them), its resident
memory, and optionally a profile of the parse."""

from __future__ import annotations

import asyncio
import cProfile
import os
import time
from dataclasses import dataclass, field

from benchmarks import processes
from benchmarks.isolated import run_isolated
from benchmarks.profiling import ProfileRow, by_package, rows
from evaluation.heldout import answered_intent


@dataclass
class NluProbe:
    # (the intent answered first, confidence), in the order of the texts: for several
    # concerns the first concern, scored as evaluation/heldout.py and `make test` score it
    predictions: list[tuple[str, float]]
    seconds: list[float]  # every parse of every round
    load_seconds: float
    rss_mb: float  # after loading and parsing
    components: list[ProfileRow] = field(default_factory=list)  # each graph step's `process`
    libraries: list[ProfileRow] = field(default_factory=list)
    own_time: list[ProfileRow] = field(default_factory=list)


async def _probe(model: str, texts: list[str], rounds: int, profile: bool) -> NluProbe:
    from rasa.core.agent import Agent  # heavy: only in the child process

    started = time.perf_counter()
    agent = Agent.load(model)
    load_seconds = time.perf_counter() - started
    await agent.parse_message(texts[0])  # the tokenizer loads its dictionary on first use

    predictions, seconds = [], []
    for round_number in range(rounds):
        for text in texts:
            started = time.perf_counter()
            parsed = await agent.parse_message(text)
            seconds.append(time.perf_counter() - started)
            if round_number == 0:
                confidence = float(parsed["intent"].get("confidence") or 0.0)
                predictions.append((answered_intent(parsed), confidence))
    result = NluProbe(predictions, seconds, load_seconds, processes.rss_mb(os.getpid()))

    if profile:  # a separate round: the profiler's overhead must not reach the timings
        profiler = cProfile.Profile()
        profiler.enable()
        for text in texts:
            await agent.parse_message(text)
        profiler.disable()
        result.components = rows(profiler, len(texts), "cumulative", 12, keep=lambda key: key[2] == "process")
        result.libraries = by_package(profiler, len(texts), 8)
        result.own_time = rows(profiler, len(texts), "own", 8)
    return result


def _run(model: str, texts: list[str], rounds: int, profile: bool) -> NluProbe:
    return asyncio.run(_probe(model, texts, rounds, profile))


def probe(model: str, texts: list[str], rounds: int, profile: bool = False) -> NluProbe:
    return run_isolated(_run, str(model), list(texts), rounds, profile)
