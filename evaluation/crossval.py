"""Stratified k-fold cross-validation of the project's NLU pipeline on data/nlu.

Each fold trains an NLU-only model (about 50 s here) into a temporary directory,
so a 5-fold run takes about 5 minutes: for `make eval`, not for the tests.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from evaluation.heldout import Example, evaluate_examples, load_examples
from evaluation.metrics import FOLD_SEED, accuracy, macro_f1, mean_sd, stratified_folds


@dataclass(frozen=True)
class FoldScore:
    fold: int
    train_size: int
    test_size: int
    accuracy: float
    macro_f1: float


def training_examples(nlu_dir: Path) -> list[Example]:
    return [e for f in sorted(Path(nlu_dir).glob("*.yml")) for e in load_examples(f)]


def write_nlu_yaml(examples: Sequence[Example], path: Path) -> None:
    """Rasa NLU YAML (version 3.1) with one block per intent, in first-seen order."""
    by_intent: dict[str, list[str]] = {}
    for example in examples:
        by_intent.setdefault(example.intent, []).append(example.text)
    nlu = [{"intent": intent, "examples": [{"text": text} for text in texts]} for intent, texts in by_intent.items()]
    Path(path).write_text(
        yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )


def cross_validate(
    config: Path, nlu_dir: Path, domain: Path, n_splits: int = 5, seed: int = FOLD_SEED
) -> list[FoldScore]:
    from rasa.model_training import train_nlu  # heavy: imported only when training

    examples = training_examples(nlu_dir)
    scores = []
    with tempfile.TemporaryDirectory(prefix="myna-cv-") as tmp:
        for number, (train_idx, test_idx) in enumerate(
            stratified_folds([e.intent for e in examples], n_splits, seed), start=1
        ):
            fold_dir = Path(tmp) / f"fold{number}"
            fold_dir.mkdir()
            train_file = fold_dir / "train.yml"
            write_nlu_yaml([examples[i] for i in train_idx], train_file)
            model = train_nlu(
                config=str(config),
                nlu_data=str(train_file),
                output=str(fold_dir),
                fixed_model_name=f"fold{number}",
                domain=str(domain),
            )
            if not model:
                raise RuntimeError(f"training fold {number} failed")
            test = [examples[i] for i in test_idx]
            result = evaluate_examples(Path(model), test)
            expected = [e.intent for e, _ in result.predictions]
            predicted = [p for _, p in result.predictions]
            scores.append(
                FoldScore(
                    number, len(train_idx), len(test), accuracy(expected, predicted), macro_f1(expected, predicted)
                )
            )
            print(f"fold {number}: accuracy {scores[-1].accuracy:.3f} macro-F1 {scores[-1].macro_f1:.3f}", flush=True)
    return scores


def summarise(scores: Sequence[FoldScore]) -> dict[str, tuple]:
    return {
        "accuracy": mean_sd([s.accuracy for s in scores]),
        "macro_f1": mean_sd([s.macro_f1 for s in scores]),
    }
