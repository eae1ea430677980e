"""The server's work for one message without HTTP: Rasa's Agent in a fresh process
with the model, the running action server and Rasa's SQLite tracker store, timed and
then profiled on the load test's conversations. The project's changes to Rasa
(serving/rasa_patches.py, the response check among them) are applied as in
production: loading the model installs them."""

from __future__ import annotations

import asyncio
import cProfile
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.isolated import run_isolated
from benchmarks.profiling import ProfileRow, by_package, rows
from benchmarks.rest_load import CONVERSATION_LENGTH, SEED, conversations

RASA = "/site-packages/rasa/"


@dataclass
class MessagePathProfile:
    seconds: list[float]  # each message, not profiled
    cumulative: list[ProfileRow]  # Rasa's steps, below the wrappers every message passes through
    libraries: list[ProfileRow]
    own_time: list[ProfileRow]


async def _profile(model: str, action_url: str, database: str, texts: list[str], messages: int) -> MessagePathProfile:
    from rasa.core.agent import Agent  # heavy: only in the child process
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.utils.endpoints import EndpointConfig

    agent = Agent.load(
        model,
        action_endpoint=EndpointConfig(url=action_url),
        tracker_store=SQLTrackerStore(dialect="sqlite", db=database),
    )
    sequence = list(itertools.islice(itertools.chain.from_iterable(conversations(texts, SEED)), messages))

    async def converse(prefix: str, seconds: list[float]) -> None:
        for number, text in enumerate(sequence):
            started = time.perf_counter()
            await agent.handle_text(text, sender_id=f"{prefix}-{number // CONVERSATION_LENGTH}")
            seconds.append(time.perf_counter() - started)

    await converse("warm-up", [])
    seconds: list[float] = []
    await converse("timed", seconds)
    profiler = cProfile.Profile()
    profiler.enable()
    await converse("profiled", [])
    profiler.disable()
    return MessagePathProfile(
        seconds,
        rows(profiler, messages, "cumulative", 12, keep=lambda key: RASA in key[0], below=0.9),
        by_package(profiler, messages, 8),
        rows(profiler, messages, "own", 8),
    )


def _run(*args) -> MessagePathProfile:
    return asyncio.run(_profile(*args))


def profile(model: Path, action_url: str, work_dir: Path, texts: Sequence[str], messages: int) -> MessagePathProfile:
    database = str(Path(work_dir) / "profile.db")
    return run_isolated(_run, str(model), action_url, database, list(texts), messages)
