"""ja_ginza word vectors for the pipeline, as measured by `make bench` (not in config.yml;
its packages, spaCy and GiNZA, are in requirements/bench.in only).

Rasa's SpacyFeaturizer needs SpacyTokenizer, so `GinzaVectorsFeaturizer` keeps the
project's tokenizer and adds ja_ginza's sentence vector (the mean of its word vectors,
ja_ginza's own tokenization) as a dense sentence feature. The vectors have negative
components, which TfidfIntentClassifier's sublinear TF would take the log of, so
`TfidfVectorsIntentClassifier` weighs only the sparse columns and passes the vector
through.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.compose import ColumnTransformer

from components.tfidf_intent_classifier import TfidfIntentClassifier


@functools.cache
def _load_vectors(package: str) -> Any:
    """The installed spaCy package with its tokenizer and vectors only, loaded once
    per process (training and the unit tests create the component more than once)."""
    import spacy

    return spacy.load(package, enable=[])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class GinzaVectorsFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "package": "ja_ginza"}

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy", "ja_ginza"]

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self._nlp = _load_vectors(self._config["package"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GinzaVectorsFeaturizer:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    @property
    def dimensions(self) -> int:
        return int(self._nlp.vocab.vectors_length)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            # A blank text (empty, or blanked by MessageLengthLimit) gets no features,
            # as with CountVectorsFeaturizer.
            if text and not text.isspace():
                vector = self._nlp.make_doc(text).vector
                self.add_features_to_message(None, np.asarray(vector).reshape(1, -1), TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfVectorsIntentClassifier(TfidfIntentClassifier):
    """TfidfIntentClassifier whose TF-IDF sees the sparse columns only."""

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if examples:
            # The parent's X puts the sparse sentence features first, then the dense ones.
            # A slice, not a list: indexing by ~9,000 listed columns costs ~9 ms a message.
            sparse = examples[0].get_sparse_features(attribute=TEXT)[1]
            columns = slice(0, sparse.features.shape[-1] if sparse else 0)
            tfidf = self.clf.named_steps["tfidf"]
            # Always sparse out, as the parent's clause search expects.
            self.clf.steps[0] = (
                "tfidf",
                ColumnTransformer([("sparse", tfidf, columns)], remainder="passthrough", sparse_threshold=1.0),
            )
        return super().train(training_data)

    def _predict_spans(self, matrix: scipy.sparse.csr_matrix, spans: list[tuple[int, int]]):
        # A clause has token counts but no sentence vector of its own: its dense columns
        # are zero, so a clause is read on its words (and the message's, as context).
        dense = self.clf.named_steps["tfidf"].n_features_in_ - matrix.shape[1]
        padded = scipy.sparse.hstack([matrix, scipy.sparse.csr_matrix((matrix.shape[0], dense))]).tocsr()
        return super()._predict_spans(padded, spans)
