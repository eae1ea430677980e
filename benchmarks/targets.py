"""The issue's targets for the chosen pipeline, checked against the figures: met or
missed, by how much, and what the figures say limits it."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.profiling import ProfileRow
from benchmarks.rest_load import Level
from evaluation.heldout import Result

REST_P95_MS = 60.0  # at 1 user
MIN_PER_SECOND = 30.0  # at 10 users, per server process, without errors
MAX_TRAINING_SECONDS = 300.0
# A single-threaded server busier than this (cores) is computing, not waiting.
CPU_BOUND = 0.8


@dataclass(frozen=True)
class Target:
    goal: str
    measured: str
    met: bool
    shortfall: str = ""  # by how much it is missed
    limit: str = ""  # what limits it, when missed


def accuracy_above_baseline(chosen: Result, baseline: Result) -> Target:
    gaps = {style: chosen.accuracy(style) - baseline.accuracy(style) for style in chosen.styles()}
    behind = [
        f"{style}: {chosen.accuracy(style):.3f} against {baseline.accuracy(style):.3f}"
        for style, gap in gaps.items()
        if gap <= 0
    ]
    return Target(
        "accuracy above the baseline on every style",
        ", ".join(f"{style} {gap:+.3f}" for style, gap in gaps.items()),
        not behind,
        "; ".join(behind),
        "the chosen pipeline's errors by style are listed by `make eval` (reports/eval.md)" if behind else "",
    )


def cpu_limit(level: Level, cores: int, libraries: list[ProfileRow]) -> str:
    """Which resource the level ran out of, from the CPU times, and where the
    profiled message path spends its time."""
    busy = level.rasa_cpu / level.seconds
    per_message = 1000 * level.rasa_cpu / max(level.answered, 1)
    text = (
        f"Rasa server {busy:.2f} cores busy, {per_message:.0f} ms CPU per message; action server "
        f"{level.actions_cpu / level.seconds:.2f}, load generator {level.client_cpu / level.seconds:.2f}; "
        f"machine {100 * level.machine_busy:.0f}% of {cores} cores busy. "
    )
    if busy >= CPU_BOUND:
        text += f"The server's one process is CPU-bound: at most ~{1000 / per_message:.0f} msg/s. "
    elif level.machine_busy >= 0.9:
        text += "The machine's cores are saturated (other processes included). "
    else:
        text += "The server waits more than it computes (tracker store, action server). "
    if libraries:
        text += (
            "Most time of the profiled message path goes to "
            + ", ".join(f"{row.function} ({row.ms_per_message:.0f} ms)" for row in libraries[:3])
            + " per message."
        )
    return text


def rest_p95(level: Level, cores: int, libraries: list[ProfileRow]) -> Target:
    p95 = level.latency.p95
    met = p95 <= REST_P95_MS
    return Target(
        f"REST p95 ≤ {REST_P95_MS:.0f} ms at {level.users} user",
        f"{p95:.0f} ms",
        met,
        "" if met else f"{p95 - REST_P95_MS:.0f} ms over ({p95 / REST_P95_MS:.1f}× the target)",
        "" if met else cpu_limit(level, cores, libraries),
    )


def throughput(level: Level, cores: int, libraries: list[ProfileRow]) -> Target:
    rate = level.per_second
    met = rate >= MIN_PER_SECOND and level.errors == 0
    shortfall = []
    if rate < MIN_PER_SECOND:
        shortfall.append(f"{MIN_PER_SECOND - rate:.1f} msg/s short ({rate / MIN_PER_SECOND:.0%} of the target)")
    if level.errors:
        shortfall.append(f"{level.errors} errors, first: {level.first_error}")
    return Target(
        f"≥ {MIN_PER_SECOND:.0f} msg/s without errors at {level.users} users (one server process)",
        f"{rate:.1f} msg/s, {level.errors} errors",
        met,
        "; ".join(shortfall),
        "" if met else cpu_limit(level, cores, libraries),
    )


def training(seconds: float) -> Target:
    met = seconds <= MAX_TRAINING_SECONDS
    return Target(
        f"training ≤ {MAX_TRAINING_SECONDS / 60:.0f} minutes",
        f"{seconds:.0f} s",
        met,
        "" if met else f"{seconds - MAX_TRAINING_SECONDS:.0f} s over",
    )


def level_with(levels: list[Level], users: int) -> Level | None:
    return next((level for level in levels if level.users == users), None)
