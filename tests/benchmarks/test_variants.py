"""The variant configs differ from the chosen one in one step only."""

import pytest

from benchmarks import variants

CONFIG = {
    "language": "ja",
    "pipeline": [
        {
            "name": "components.japanese_tokenizer.JapaneseTokenizer",
            "backend": "sudachi",
            "sudachi_split_mode": "A",
            "lemma_form": "reading",
        },
        {"name": "CountVectorsFeaturizer"},
        {"name": "components.tfidf_intent_classifier.TfidfIntentClassifier", "C": 30.0, "random_state": 42},
        {"name": "FallbackClassifier", "threshold": 0.15},
    ],
    "policies": [{"name": "RulePolicy"}],
}


def names(config):
    return [step["name"] for step in config["pipeline"]]


def test_fugashi_changes_the_backend_only():
    variant = variants.fugashi(CONFIG)
    assert variant["pipeline"][0] == {"name": variants.TOKENIZER, "backend": "fugashi", "lemma_form": "reading"}
    assert variant["pipeline"][1:] == CONFIG["pipeline"][1:]
    assert CONFIG["pipeline"][0]["backend"] == "sudachi"  # the original is untouched


def test_ginza_adds_the_vectors_before_the_classifier_and_swaps_the_classifier():
    variant = variants.ginza(CONFIG)
    assert names(variant) == [
        variants.TOKENIZER,
        "CountVectorsFeaturizer",
        variants.GINZA_FEATURIZER,
        variants.GINZA_CLASSIFIER,
        "FallbackClassifier",
    ]
    assert variant["pipeline"][3] == {"name": variants.GINZA_CLASSIFIER, "C": 30.0, "random_state": 42}
    assert names(CONFIG)[2] == variants.CLASSIFIER


def test_settings_read_from_the_config():
    assert variants.fallback_threshold(CONFIG) == 0.15
    assert variants.tokenizer_settings(CONFIG) == {
        "backend": "sudachi",
        "sudachi_split_mode": "A",
        "lemma_form": "reading",
    }


def test_a_missing_step_is_named():
    with pytest.raises(ValueError, match="FallbackClassifier"):
        variants.fallback_threshold({"pipeline": [{"name": "CountVectorsFeaturizer"}]})


def test_write_and_load_round_trip(tmp_path):
    path = variants.write_config(variants.ginza(CONFIG), tmp_path / "ginza.yml")
    assert variants.load_config(path) == variants.ginza(CONFIG)
