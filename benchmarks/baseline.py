"""The afternoon baseline: TF-IDF of character n-grams of the NFKC text and a logistic
regression, scikit-learn only, trained on the same examples as the pipeline and
scored the same way (below the pipeline's fallback threshold the answer is
`nlu_fallback`, which is never the expected intent)."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from evaluation.heldout import Example, Result
from evaluation.metrics import FALLBACK_INTENT

SEED = 42
# The chosen classifier's regularisation, so that the comparison is of the features.
C = 30.0


def normalize(text: str) -> str:
    """Full-/half-width and case folded: ＡＴＭ, ATM and atm are one string."""
    return unicodedata.normalize("NFKC", text).lower().strip()


@dataclass
class BaselineRun:
    result: Result
    seconds: list[float]  # prediction time of each message, one at a time
    training_seconds: float


def run(train: Sequence[Example], test: Sequence[Example], fallback_threshold: float) -> BaselineRun:
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), preprocessor=normalize, sublinear_tf=True),
        LogisticRegression(C=C, max_iter=2000, random_state=SEED),
    )
    started = time.perf_counter()
    model.fit([e.text for e in train], [e.intent for e in train])
    training_seconds = time.perf_counter() - started

    result, seconds = Result(), []
    for example in test:
        started = time.perf_counter()
        probabilities = model.predict_proba([example.text])[0]
        seconds.append(time.perf_counter() - started)
        best = probabilities.argmax()
        confidence = float(probabilities[best])
        intent = model.classes_[best] if confidence >= fallback_threshold else FALLBACK_INTENT
        result.add(example, intent, confidence)
    return BaselineRun(result, seconds, training_seconds)
