"""A hand-made benchmark run for the report and target tests (nothing measured)."""

from pathlib import Path

from benchmarks.profiling import ProfileRow
from benchmarks.rest import RestFigures
from benchmarks.rest_load import Level
from benchmarks.rest_profile import MessagePathProfile
from benchmarks.results import Bench, Variant
from benchmarks.tokenizers import TokenizerSpeed
from evaluation.heldout import Example, Result

EXAMPLES = [
    Example("カードなくした", "lost_card", "plain"),
    Example("かーど なくした", "lost_card", "kana"),
    Example("暗証番号わすれた", "pin_forgotten", "plain"),
    Example("今日の天気", "out_of_scope", "casual"),
]


def result(predicted):
    outcome = Result()
    for example, intent in zip(EXAMPLES, predicted, strict=False):
        outcome.add(example, intent, 0.9)
    return outcome


def level(users, seconds, latency, answered, errors=0, rasa_cpu=1.0, machine_busy=0.5):
    return Level(
        users,
        seconds,
        [latency] * answered,
        errors,
        "HTTPError: 500" if errors else "",
        rasa_cpu=rasa_cpu,
        actions_cpu=0.1,
        client_cpu=0.05,
        machine_busy=machine_busy,
    )


def bench(levels=None, training_seconds=80.0):
    chosen = result(["lost_card", "lost_card", "pin_forgotten", "out_of_scope"])
    weaker = result(["lost_card", "nlu_fallback", "pin_forgotten", "lost_card"])
    variants = [
        Variant("chosen", "config.yml", chosen, [0.010] * 4, 700.0),
        Variant("baseline", "char n-grams", weaker, [0.004] * 4, None, 40.0),
        Variant("fugashi", "fugashi backend", chosen, [0.012] * 4, 690.0, 60.0),
        Variant("ginza", "ja_ginza | vectors", weaker, [0.020] * 4, 1100.0, 70.0),
    ]
    rest = RestFigures(
        Path("models/myna.tar.gz"),
        2.0,
        18.5,
        650.0,
        120.0,
        700.0,
        125.0,
        levels
        if levels is not None
        else [level(1, 20.0, 0.040, 400), level(10, 20.0, 0.300, 700, errors=2), level(50, 20.0, 1.500, 720)],
        MessagePathProfile(
            [0.030, 0.050],
            [ProfileRow("rasa/core/processor.py:_run_action", 30.0, 1.5)],
            [ProfileRow("jsonschema", 25.0, 0.4)],
            [ProfileRow("jsonschema/validators.py:iter_errors", 5.0, 1000.0)],
        ),
    )
    return Bench(
        {"date": "2026-11-21T20:00:00", "machine": "2 cores"},
        2,
        training_seconds,
        variants,
        [TokenizerSpeed("sudachi", 1000, 2000, 0.01), TokenizerSpeed("fugashi", 1100, 2000, 0.02)],
        rest,
        [ProfileRow("components/tfidf_intent_classifier.py:process", 4.5, 1.0)],
        [ProfileRow("sklearn", 2.0, 3.0)],
        [ProfileRow("<method 'tokenize' of 'sudachipy.tokenizer.Tokenizer' objects>", 0.4, 1.3)],
    )
