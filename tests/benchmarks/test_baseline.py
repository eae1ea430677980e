"""The baseline's text normalisation, and the baseline on a tiny training set."""

import pytest

from benchmarks.baseline import normalize, run
from evaluation.heldout import Example


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ＡＴＭ", "atm"),
        ("ATM", "atm"),
        ("ｶｰﾄﾞ", "カード"),
        ("ﾏｲﾅ保険証", "マイナ保険証"),
        ("１２３４", "1234"),
        ("  カード  ", "カード"),
        ("㍻", "平成"),
        ("かーど", "かーど"),  # hiragana stays hiragana: no readings in the baseline
        ("", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_low_confidence_becomes_fallback_and_is_scored_wrong():
    train = [
        Example("カードをなくした", "lost_card", "plain"),
        Example("カード紛失", "lost_card", "plain"),
        Example("暗証番号を忘れた", "pin_forgotten", "plain"),
        Example("暗証番号わからない", "pin_forgotten", "plain"),
    ]
    test = [Example("ｶｰﾄﾞをなくした", "lost_card", "kana")]
    assert run(train, test, fallback_threshold=0.0).result.accuracy() == 1.0
    unsure = run(train, test, fallback_threshold=0.99).result
    assert unsure.predictions[0][1] == "nlu_fallback"
    assert unsure.accuracy() == 0.0
