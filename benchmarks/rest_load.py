"""Concurrent users on the REST channel: each user thread holds short conversations of
held-out messages, sending the next message as soon as all replies to the last one
are in, until the level's time is up."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from benchmarks import processes
from benchmarks.stats import Latency, latency_ms
from tests.servers import say

SEED = 42
CONVERSATION_LENGTH = 5


def conversations(texts: Sequence[str], seed: int, length: int = CONVERSATION_LENGTH) -> Iterator[list[str]]:
    """Endless conversations of `length` distinct messages, the same for the same seed."""
    rng = random.Random(seed)
    while True:
        yield rng.sample(list(texts), length)


@dataclass
class Level:
    users: int
    seconds: float  # from the first request to the last reply
    latencies: list[float] = field(default_factory=list)  # answered messages only
    errors: int = 0
    first_error: str = ""
    rasa_cpu: float = 0.0  # CPU seconds of the Rasa server's process tree during the level
    actions_cpu: float = 0.0
    client_cpu: float = 0.0  # this process: the user threads
    machine_busy: float = 0.0  # share of all cores busy, whoever used them

    @property
    def answered(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else float("nan")

    @property
    def latency(self) -> Latency:
        return latency_ms(self.latencies)


def run_level(
    base_url: str, users: int, seconds: float, texts: Sequence[str], rasa_pid: int, actions_pid: int
) -> Level:
    lock = threading.Lock()
    level = Level(users, 0.0)
    deadline = time.monotonic() + seconds

    def user(number: int) -> None:
        for conversation, messages in enumerate(conversations(texts, SEED * 1000 + number)):
            sender = f"bench-{users}-{number}-{conversation}"
            for text in messages:
                if time.monotonic() >= deadline:
                    return
                started = time.perf_counter()
                try:
                    replies = say(base_url, sender, text)
                    error = "" if replies else f"no reply to {text!r}"
                except Exception as exception:  # counted, and the user carries on
                    error = f"{type(exception).__name__}: {exception}"
                elapsed = time.perf_counter() - started
                with lock:
                    if error:
                        level.errors += 1
                        level.first_error = level.first_error or error
                    else:
                        level.latencies.append(elapsed)

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    cpu_before = (processes.cpu_seconds(rasa_pid), processes.cpu_seconds(actions_pid), time.process_time())
    machine_before = processes.machine_ticks()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    level.seconds = time.perf_counter() - started
    cpu_after = (processes.cpu_seconds(rasa_pid), processes.cpu_seconds(actions_pid), time.process_time())
    level.rasa_cpu, level.actions_cpu, level.client_cpu = (a - b for a, b in zip(cpu_after, cpu_before, strict=False))
    busy, total = (a - b for a, b in zip(processes.machine_ticks(), machine_before, strict=False))
    level.machine_busy = busy / total if total else float("nan")
    return level
