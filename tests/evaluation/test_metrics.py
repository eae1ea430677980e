"""Pure metric functions on small hand-made tables (no Rasa, no training)."""

import math

import pytest

from evaluation.metrics import (
    accuracy_by_style,
    confusion,
    macro_f1,
    mean_sd,
    out_of_scope_answered,
    stratified_folds,
)


def test_accuracy_by_style():
    rows = [
        ("plain", "a", "a"),
        ("plain", "b", "b"),
        ("plain", "a", "b"),
        ("plain", "b", "b"),
        ("kana", "a", "nlu_fallback"),
        ("kana", "b", "b"),
        ("dialect", "c", "c"),
    ]
    assert accuracy_by_style(rows) == {
        "dialect": (1.0, 1),
        "kana": (0.5, 2),
        "plain": (0.75, 4),
    }
    assert list(accuracy_by_style(rows)) == ["dialect", "kana", "plain"]


def test_macro_f1_averages_the_expected_intents():
    # a: P=1/1, R=1/2 -> F1=2/3; b: P=2/3, R=2/2 -> F1=0.8
    expected = ["a", "a", "b", "b"]
    predicted = ["a", "b", "b", "b"]
    assert macro_f1(expected, predicted) == pytest.approx((2 / 3 + 0.8) / 2)
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0


def test_macro_f1_fallback_costs_recall_but_is_not_a_class():
    # a: P=1, R=1/2 -> 2/3; b: 1; nlu_fallback not averaged in
    assert macro_f1(["a", "a", "b"], ["a", "nlu_fallback", "b"]) == pytest.approx((2 / 3 + 1) / 2)


def test_out_of_scope_answered_fraction():
    expected = ["out_of_scope"] * 4 + ["lost_card"]
    predicted = ["lost_card", "nlu_fallback", "out_of_scope", "greet", "lost_card"]
    faq = {"lost_card", "what_is"}
    assert out_of_scope_answered(expected, predicted, faq) == (0.25, 1, 4)


def test_out_of_scope_fallback_never_counts_even_if_listed():
    assert out_of_scope_answered(["out_of_scope"], ["nlu_fallback"], {"nlu_fallback"}) == (0.0, 0, 1)
    fraction, answered, total = out_of_scope_answered(["a"], ["a"], {"a"})
    assert math.isnan(fraction) and (answered, total) == (0, 0)


def test_confusion_rows_are_expected_columns_predicted():
    labels, matrix = confusion(["a", "a", "b"], ["a", "nlu_fallback", "b"])
    assert labels == ["a", "b", "nlu_fallback"]
    assert matrix == [[1, 0, 1], [0, 1, 0], [0, 0, 0]]


def _intents():
    # 6 intents with 5..10 examples each, interleaved
    intents = []
    for n in range(10):
        intents += [f"intent{i}" for i in range(6) if n < 5 + i]
    return intents


def test_folds_keep_every_intent_in_every_training_part():
    intents = _intents()
    folds = stratified_folds(intents, n_splits=5)
    assert len(folds) == 5
    for train, test in folds:
        assert {intents[i] for i in train} == set(intents)
        assert set(train).isdisjoint(test)
    tested = sorted(i for _, test in folds for i in test)
    assert tested == list(range(len(intents)))  # every example tested exactly once


def test_folds_are_deterministic_and_depend_on_the_seed():
    intents = _intents()
    assert stratified_folds(intents) == stratified_folds(intents)
    assert stratified_folds(intents, seed=1) != stratified_folds(intents, seed=2)


def test_mean_sd():
    mean, sd = mean_sd([0.9, 1.0, 0.8])
    assert mean == pytest.approx(0.9) and sd == pytest.approx(0.1)
    assert mean_sd([0.5]) == (0.5, 0.0)
