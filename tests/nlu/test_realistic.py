"""The realistic sets (tests/nlu/realistic/, written from BRIEF.md by writers who never
saw the training data), turn by turn through the model, the rules and the running
action server.

`test4.yml` is the final set: written after the design was fixed and scored once
(README, "NLU pipeline"). It met the issue's targets, so its floors are the targets
(overall ≥ 0.92, near-topic ≥ 0.90, every loss answered first, no date in a question
starting the form, follow-ups ≥ 0.85). `dev.yml`, `dev2.yml` (the two-concern messages
and conversations of the retired final sets, whose single-topic messages are training
data) and `dev3.yml` are the development sets the choices were made on: their floors
are the measured figures less 0.03, to catch a regression.
"""

import json
from pathlib import Path

import pytest

from evaluation.realistic import evaluate_sets

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "myna.tar.gz"
SETS = ROOT / "tests" / "nlu" / "realistic"
TRAINING = ROOT / "data" / "nlu"

# development sets: measured at the final model less 0.03 (README); the final set: the
# issue's targets
FLOORS = {
    "dev.yml": {"overall": 0.92, "near_topic": 0.97, "suspension": 0.97, "follow_ups": 0.87, "form_starts": 0},
    "dev2.yml": {"overall": 0.85, "near_topic": 0.97, "suspension": 0.97, "follow_ups": 0.84, "form_starts": 0},
    "dev3.yml": {"overall": 0.92, "near_topic": 0.97, "suspension": 0.97, "follow_ups": 0.81, "form_starts": 0},
    "test4.yml": {"overall": 0.92, "near_topic": 0.90, "suspension": 1.0, "follow_ups": 0.85, "form_starts": 0},
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    return evaluate_sets(MODEL, [SETS / name for name in FLOORS], tmp_path_factory.mktemp("realistic"))


def test_no_realistic_message_is_a_training_example():
    from evaluation.heldout import load_examples
    from evaluation.realistic import load_set

    training = {e.text for f in TRAINING.glob("*.yml") for e in load_examples(f)}
    leaked = [p.text for name in FLOORS for p in load_set(SETS / name) if p.text in training]
    assert leaked == []


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_realistic_set(results, name):
    result, floor = results[name], FLOORS[name]
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / f"realistic_{Path(name).stem}.json").write_text(
        json.dumps(
            {
                "summary": result.summary(),
                "errors": [
                    {
                        "category": s.probe.category,
                        "text": s.probe.text,
                        "expected": s.probe.expect,
                        "intent": s.turn.intent,
                        "answered": s.turn.topics,
                    }
                    for s in result.errors()
                ],
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"\n{name}\n{result.summary()}")
    assert result.dates_in_questions_starting_the_form() <= floor["form_starts"], result.summary()
    assert result.accuracy() >= floor["overall"], result.summary()
    assert result.near_topic_without_faq_answer() >= floor["near_topic"], result.summary()
    assert result.suspension_present() >= floor["suspension"], result.summary()
    assert result.follow_ups_resolved() >= floor["follow_ups"], result.summary()
