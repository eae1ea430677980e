"""Intent accuracy on the held-out file (never used for training) must reach 95%."""

import json
from pathlib import Path

from evaluation.heldout import evaluate, load_examples

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "myna.tar.gz"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
TRAINING = ROOT / "data" / "nlu"
MIN_ACCURACY = 0.95


def test_heldout_messages_are_not_training_examples():
    training = {e.text for f in TRAINING.glob("*.yml") for e in load_examples(f)}
    leaked = [e.text for e in load_examples(HELDOUT) if e.text in training]
    assert leaked == []


def test_heldout_intent_accuracy():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    result = evaluate(MODEL, HELDOUT)
    report = {
        "overall": result.accuracy(),
        "by_style": {s: result.accuracy(s) for s in result.styles()},
        "errors": [{"text": e.text, "expected": e.intent, "predicted": p} for e, p in result.errors()],
    }
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / "heldout_accuracy.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print("\n" + result.summary())
    assert result.accuracy() >= MIN_ACCURACY, result.summary()
