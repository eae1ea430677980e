"""benchmarks.ginza_vectors with the installed ja_ginza: the dense sentence feature,
creation through the graph-component API, and the classifier that combines it with
the sparse counts (trained, persisted and loaded)."""

import uuid

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from benchmarks.ginza_vectors import GinzaVectorsFeaturizer, TfidfVectorsIntentClassifier
from components.japanese_tokenizer import JapaneseTokenizer

EXAMPLES = [
    ("マイナ保険証をなくしました", "lost_card"),
    ("カードを落としてしまった", "lost_card"),
    ("暗証番号を忘れました", "pin_forgotten"),
    ("パスワードが思い出せない", "pin_forgotten"),
]


def _context():
    return ExecutionContext(GraphSchema({}), uuid.uuid4().hex)


@pytest.fixture(scope="module")
def featurizer(tmp_path_factory):
    return GinzaVectorsFeaturizer.create(
        GinzaVectorsFeaturizer.get_default_config(),
        LocalModelStorage(tmp_path_factory.mktemp("storage")),
        Resource("ginza"),
        _context(),
    )


def test_one_dense_sentence_feature_and_no_sequence_feature(featurizer):
    message = Message(data={TEXT: "ﾏｲﾅ保険証をなくしました"})
    featurizer.process([message])
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None
    assert sentence.features.shape == (1, featurizer.dimensions)
    assert featurizer.dimensions == 300
    assert np.abs(sentence.features).sum() > 0
    assert message.get_sparse_features(TEXT) == (None, None)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_blank_text_gets_no_features(featurizer, text):
    message = Message(data={TEXT: text})
    featurizer.process([message])
    assert message.get_dense_features(TEXT) == (None, None)


def test_created_twice_gives_the_same_vector(featurizer, tmp_path):
    """Nothing is persisted: a component created from the config alone is the same."""
    again = GinzaVectorsFeaturizer.create({}, LocalModelStorage(tmp_path), Resource("ginza2"), _context())
    a, b = Message(data={TEXT: "顔認証がうまくいかない"}), Message(data={TEXT: "顔認証がうまくいかない"})
    featurizer.process([a])
    again.process([b])
    assert np.array_equal(a.get_dense_features(TEXT)[1].features, b.get_dense_features(TEXT)[1].features)


def test_classifier_combines_counts_and_vectors_and_loads_back(featurizer, tmp_path):
    storage, resource, context = LocalModelStorage(tmp_path), Resource("classifier"), _context()
    tokenizer = JapaneseTokenizer(JapaneseTokenizer.get_default_config())
    counts = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("counts"), context
    )
    train = TrainingData([Message(data={TEXT: text, INTENT: intent}) for text, intent in EXAMPLES])
    tokenizer.process_training_data(train)
    counts.train(train)
    counts.process_training_data(train)
    featurizer.process_training_data(train)

    config = {**TfidfVectorsIntentClassifier.get_default_config(), "random_state": 42}
    TfidfVectorsIntentClassifier.create(config, storage, resource, context).train(train)
    loaded = TfidfVectorsIntentClassifier.load(config, storage, resource, context)

    message = Message(data={TEXT: "マイナ保険証を落としました"})
    loaded.process(featurizer.process(counts.process(tokenizer.process([message]))))
    intent = message.get(INTENT)
    assert intent["name"] == "lost_card"
    assert 0 < intent["confidence"] <= 1

    # The clause search (several concerns) reads a message of two clauses too: a clause
    # has no vector of its own (this raised a feature-count error before).
    two = Message(data={TEXT: "マイナ保険証を落としました。それと顔認証がうまくいかない"})
    loaded.process(featurizer.process(counts.process(tokenizer.process([two]))))
    assert two.get(INTENT)["name"] in {intent for _, intent in EXAMPLES}
