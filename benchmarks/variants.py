"""The pipelines compared with the chosen one, derived from config.yml so that they
differ from it in one step only."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

TOKENIZER = "components.japanese_tokenizer.JapaneseTokenizer"
CLASSIFIER = "components.tfidf_intent_classifier.TfidfIntentClassifier"
FALLBACK = "FallbackClassifier"
GINZA_FEATURIZER = "benchmarks.ginza_vectors.GinzaVectorsFeaturizer"
GINZA_CLASSIFIER = "benchmarks.ginza_vectors.TfidfVectorsIntentClassifier"

Config = dict[str, Any]


def load_config(path: Path) -> Config:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def write_config(config: Config, path: Path) -> Path:
    Path(path).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Path(path)


def _index(config: Config, name: str) -> int:
    for index, step in enumerate(config["pipeline"]):
        if step["name"] == name:
            return index
    raise ValueError(f"the pipeline has no {name}: the benchmark's variants need it")


def step(config: Config, name: str) -> dict[str, Any]:
    return config["pipeline"][_index(config, name)]


def tokenizer_settings(config: Config) -> dict[str, Any]:
    """The tokenizer's configuration, without its name."""
    return {k: v for k, v in step(config, TOKENIZER).items() if k != "name"}


def fallback_threshold(config: Config) -> float:
    return float(step(config, FALLBACK)["threshold"])


def fugashi(config: Config) -> Config:
    """The tokenizer on fugashi + unidic-lite; everything else unchanged."""
    variant = copy.deepcopy(config)
    tokenizer = step(variant, TOKENIZER)
    tokenizer["backend"] = "fugashi"
    tokenizer.pop("sudachi_split_mode", None)  # a Sudachi setting
    return variant


def ginza(config: Config) -> Config:
    """ja_ginza's sentence vector next to the counts, before the classifier, which is
    swapped for the one that passes dense features by its TF-IDF."""
    variant = copy.deepcopy(config)
    classifier = _index(variant, CLASSIFIER)
    variant["pipeline"][classifier]["name"] = GINZA_CLASSIFIER
    variant["pipeline"].insert(classifier, {"name": GINZA_FEATURIZER})
    return variant
