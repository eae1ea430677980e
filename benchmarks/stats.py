"""Pure summaries of timings and comparisons: percentiles and ratios."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Latency:
    """Percentiles of a set of timings, in milliseconds."""

    count: int
    p50: float
    p95: float
    p99: float
    mean: float


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), interpolated linearly between the nearest ranks;
    NaN for no values."""
    return float(np.percentile(values, q)) if len(values) else float("nan")


def latency_ms(seconds: Sequence[float]) -> Latency:
    ms = [s * 1000 for s in seconds]
    mean = sum(ms) / len(ms) if ms else float("nan")
    return Latency(len(ms), percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), mean)


def ratio(value: float | None, reference: float | None) -> float:
    """value / reference, NaN when either is missing or the reference is 0."""
    if value is None or reference is None or reference == 0 or math.isnan(reference):
        return float("nan")
    return value / reference


def format_ratio(value: float | None, reference: float | None) -> str:
    """`×0.93`; `—` when there is nothing to compare."""
    r = ratio(value, reference)
    return "—" if math.isnan(r) else f"×{r:.2f}"
