"""The REST figures: the action server and the Rasa server started as the tests start
them (tests/servers.py), cold start, resident memory, the load levels, and the
profile of one message's path while the action server is up."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import processes, rest_load, rest_profile, turn_cost
from tests.servers import MODEL, ActionServer, RasaServer


@dataclass
class RestFigures:
    model: Path
    actions_start_seconds: float  # spawn to /health answering
    cold_start_seconds: float  # spawn of the Rasa server to its first answer
    rasa_rss_idle_mb: float = 0.0  # after the warm-up
    actions_rss_idle_mb: float = 0.0
    rasa_rss_loaded_mb: float = 0.0  # after the last level
    actions_rss_loaded_mb: float = 0.0
    levels: list[rest_load.Level] = field(default_factory=list)
    message_path: rest_profile.MessagePathProfile | None = None
    turn_costs: dict[int, float] = field(default_factory=dict)  # turn number -> median ms


def measure(
    work_dir: Path, texts: Sequence[str], users: Sequence[int], seconds: float, warm_up: int, profile_messages: int
) -> RestFigures:
    actions = ActionServer(work_dir)
    started = time.perf_counter()
    actions.start()
    try:
        actions_start = time.perf_counter() - started
        started = time.perf_counter()
        server = RasaServer(work_dir, actions.port)
        try:
            server.say("bench-cold-start", texts[0])
            figures = RestFigures(MODEL, actions_start, time.perf_counter() - started)
            print(
                f"action server up in {actions_start:.1f} s; Rasa server: first answer "
                f"{figures.cold_start_seconds:.1f} s after spawning",
                flush=True,
            )
            for number, text in enumerate(texts[1 : warm_up + 1]):
                server.say(f"bench-warm-up-{number}", text)
            figures.turn_costs = turn_cost.turn_costs(server.say, "bench-long-conversation")
            print(
                f"one conversation of {max(turn_cost.MARKS)} messages: " f"{turn_cost.describe(figures.turn_costs)}",
                flush=True,
            )
            rasa_pid, actions_pid = server.process.pid, actions.process.pid
            figures.rasa_rss_idle_mb = processes.rss_mb(rasa_pid)
            figures.actions_rss_idle_mb = processes.rss_mb(actions_pid)
            for count in users:
                level = rest_load.run_level(server.base_url, count, seconds, texts, rasa_pid, actions_pid)
                figures.levels.append(level)
                latency = level.latency
                print(
                    f"{count:3} users: {level.per_second:6.1f} msg/s, p50 {latency.p50:7.1f} ms, "
                    f"p95 {latency.p95:7.1f} ms, p99 {latency.p99:7.1f} ms, {level.errors} errors",
                    flush=True,
                )
            figures.rasa_rss_loaded_mb = processes.rss_mb(rasa_pid)
            figures.actions_rss_loaded_mb = processes.rss_mb(actions_pid)
        finally:
            server.stop()
        figures.message_path = rest_profile.profile(
            MODEL, f"http://127.0.0.1:{actions.port}/webhook", work_dir, texts, profile_messages
        )
    finally:
        actions.stop()
    return figures
