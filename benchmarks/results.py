"""What one `make bench` run measured, as handed to the report."""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.profiling import ProfileRow
from benchmarks.rest import RestFigures
from benchmarks.stats import Latency, latency_ms
from benchmarks.tokenizers import TokenizerSpeed
from evaluation.heldout import Result


@dataclass
class Variant:
    """A pipeline (or the baseline) on the held-out file."""

    name: str
    description: str
    result: Result
    parse_seconds: list[float]  # one message at a time
    rss_mb: float | None = None  # a process with the model loaded
    training_seconds: float | None = None

    @property
    def latency(self) -> Latency:
        return latency_ms(self.parse_seconds)


@dataclass
class Bench:
    setup: dict[str, str]
    cores: int
    training_seconds: float  # `rasa train` of config.yml: dialogue and NLU, empty cache
    variants: list[Variant]  # the chosen pipeline first
    tokenizers: list[TokenizerSpeed]  # the configured backend first
    rest: RestFigures
    nlu_components: list[ProfileRow] = field(default_factory=list)
    nlu_libraries: list[ProfileRow] = field(default_factory=list)
    nlu_own_time: list[ProfileRow] = field(default_factory=list)

    @property
    def chosen(self) -> Variant:
        return self.variants[0]

    def variant(self, name: str) -> Variant:
        return next(v for v in self.variants if v.name == name)
