"""The issue's targets: met or missed, and by how much."""

import pytest

from benchmarks import targets
from benchmarks.profiling import ProfileRow

from .fakes import level, result


def test_accuracy_must_beat_the_baseline_on_every_style():
    chosen = result(["lost_card", "lost_card", "pin_forgotten", "out_of_scope"])
    baseline = result(["lost_card", "nlu_fallback", "pin_forgotten", "out_of_scope"])
    met = targets.accuracy_above_baseline(chosen, baseline)
    # plain is 1.0 for both: not above
    assert not met.met
    assert "plain: 1.000 against 1.000" in met.shortfall
    assert "kana +1.000" in met.measured

    clearly = targets.accuracy_above_baseline(chosen, result(["x", "x", "x", "x"]))
    assert clearly.met and clearly.shortfall == "" and clearly.limit == ""


@pytest.mark.parametrize(
    "seconds, met, shortfall",
    [
        (0.050, True, ""),
        (0.060, True, ""),
        (0.090, False, "30 ms over (1.5× the target)"),
    ],
)
def test_rest_p95(seconds, met, shortfall):
    target = targets.rest_p95(level(1, 10.0, seconds, 100), 2, [])
    assert (target.met, target.shortfall) == (met, shortfall)
    assert (target.limit == "") == met


def test_throughput_needs_the_rate_and_no_errors():
    assert targets.throughput(level(10, 10.0, 0.2, 400), 2, []).met
    slow = targets.throughput(level(10, 10.0, 0.5, 200), 2, [])
    assert not slow.met and slow.shortfall == "10.0 msg/s short (67% of the target)"
    failing = targets.throughput(level(10, 10.0, 0.2, 400, errors=1), 2, [])
    assert not failing.met and failing.shortfall == "1 errors, first: HTTPError: 500"


def test_training():
    assert targets.training(299).met
    assert targets.training(360).shortfall == "60 s over"


@pytest.mark.parametrize(
    "rasa_cpu, machine_busy, verdict",
    [
        (9.5, 0.6, "CPU-bound: at most ~21 msg/s"),  # 9.5 s CPU for 200 messages: 47.5 ms each
        (8.0, 0.6, "CPU-bound: at most ~25 msg/s"),  # 0.8 cores
        (4.0, 0.95, "cores are saturated"),
        (4.0, 0.5, "waits more than it computes"),
    ],
)
def test_cpu_limit_names_the_resource(rasa_cpu, machine_busy, verdict):
    libraries = [ProfileRow("jsonschema", 40.0, 0.4), ProfileRow("sqlalchemy", 5.0, 3.0)]
    text = targets.cpu_limit(level(10, 10.0, 0.5, 200, rasa_cpu=rasa_cpu, machine_busy=machine_busy), 2, libraries)
    assert verdict in text
    assert "goes to jsonschema (40 ms), sqlalchemy (5 ms) per message." in text


def test_level_with():
    levels = [level(1, 1.0, 0.1, 1), level(10, 1.0, 0.1, 1)]
    assert targets.level_with(levels, 10) is levels[1]
    assert targets.level_with(levels, 50) is None
