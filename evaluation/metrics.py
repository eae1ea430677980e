"""Pure metric functions on (expected, predicted) labels; no Rasa import.

Inputs are plain sequences so that the tests can use small hand-made tables.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sklearn.metrics import confusion_matrix as _confusion_matrix
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
FOLD_SEED = 42


def accuracy(expected: Sequence[str], predicted: Sequence[str]) -> float:
    pairs = list(zip(expected, predicted, strict=False))
    return sum(e == p for e, p in pairs) / len(pairs) if pairs else float("nan")


def accuracy_by_style(rows: Iterable[tuple[str, str, str]]) -> dict[str, tuple[float, int]]:
    """(style, expected, predicted) rows -> {style: (accuracy, count)}, styles sorted."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for style, expected, predicted in rows:
        groups[style].append((expected, predicted))
    return {
        style: (accuracy([e for e, _ in pairs], [p for _, p in pairs]), len(pairs))
        for style, pairs in sorted(groups.items())
    }


def macro_f1(expected: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro-F1 over the expected intents (a predicted-only label such as
    `nlu_fallback` lowers recall but gets no F1 of its own)."""
    labels = sorted(set(expected))
    return float(f1_score(expected, predicted, labels=labels, average="macro", zero_division=0))


def out_of_scope_answered(
    expected: Sequence[str], predicted: Sequence[str], faq_intents: Iterable[str]
) -> tuple[float, int, int]:
    """Fraction of out_of_scope messages that got an FAQ answer: (fraction, answered, total).

    A message is answered when its predicted intent is an FAQ topic; `nlu_fallback`
    and any non-FAQ intent (including out_of_scope itself) count as not answered.
    """
    faq = set(faq_intents) - {FALLBACK_INTENT}
    oos = [p for e, p in zip(expected, predicted, strict=False) if e == OUT_OF_SCOPE_INTENT]
    answered = sum(p in faq for p in oos)
    return (answered / len(oos) if oos else float("nan")), answered, len(oos)


def confusion(expected: Sequence[str], predicted: Sequence[str]) -> tuple[list[str], list[list[int]]]:
    """Labels (expected and predicted, sorted) and the matrix, rows = expected."""
    labels = sorted(set(expected) | set(predicted))
    matrix = _confusion_matrix(expected, predicted, labels=labels)
    return labels, matrix.tolist()


def stratified_folds(
    intents: Sequence[str], n_splits: int = 5, seed: int = FOLD_SEED
) -> list[tuple[list[int], list[int]]]:
    """Deterministic stratified k-fold: [(train indices, test indices)] per fold."""
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    placeholder = [[0]] * len(intents)
    return [(train.tolist(), test.tolist()) for train, test in splitter.split(placeholder, list(intents))]


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 for a single value)."""
    values = list(values)
    if not values:
        return float("nan"), float("nan")
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, 0.0
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
