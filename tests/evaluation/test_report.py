"""The report writer on a tiny fake Result (no model, no training)."""

from evaluation.heldout import Example, Result
from evaluation.report import MATRIX_NAME, REPORT_NAME, write_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _result():
    result = Result()
    result.add(Example("マイナ保険証って何", "what_is", "plain"), "what_is", 0.91)
    result.add(Example("かーど なくした", "lost_card", "kana"), "lost_card", 0.80)
    result.add(Example("カードなくしてもうた | どないしよ", "lost_card", "dialect"), "what_is", 0.42)
    result.add(Example("今日の天気は", "out_of_scope", "casual"), "lost_card", 0.33)
    result.add(Example("株価を教えて", "out_of_scope", "plain"), "nlu_fallback", 0.10)
    return result


def test_report_has_the_sections_and_a_png(tmp_path):
    cv_folds = [
        {"fold": n, "train_size": 8, "test_size": 2, "accuracy": a, "macro_f1": a} for n, a in ((1, 0.9), (2, 1.0))
    ]
    report = write_report(
        tmp_path,
        _result(),
        {"what_is", "lost_card"},
        cv_folds=cv_folds,
        cv_summary={"accuracy": (0.95, 0.07), "macro_f1": (0.95, 0.07)},
    )
    assert report == tmp_path / REPORT_NAME
    text = report.read_text(encoding="utf-8")
    for heading in (
        "# NLU evaluation",
        "## Held-out summary",
        "## Accuracy by style",
        "## Out-of-scope messages",
        "## Confusion matrix",
        "## Errors (3)",
        "## Cross-validation on the training data",
    ):
        assert heading in text, heading
    assert "| intent accuracy | 0.400 |" in text
    assert "| out_of_scope answered with an FAQ | 0.500 (1/2) |" in text
    assert "| dialect | 0.000 | 1 |" in text
    assert "| kana | 1.000 | 1 |" in text
    assert "| カードなくしてもうた \\| どないしよ | dialect | lost_card | what_is | 0.420 |" in text
    assert "**0.950 ± 0.070**" in text
    assert f"![confusion matrix]({MATRIX_NAME})" in text
    png = (tmp_path / MATRIX_NAME).read_bytes()
    assert png.startswith(PNG_SIGNATURE) and len(png) > 1000


def test_report_without_cross_validation(tmp_path):
    text = write_report(tmp_path / "new", _result(), set()).read_text(encoding="utf-8")
    assert "Not run." in text
    assert "| out_of_scope answered with an FAQ | 0.000 (0/2) |" in text


def test_result_without_confidences_still_reports(tmp_path):
    result = Result(predictions=[(Example("x", "a", "plain"), "b")])
    text = write_report(tmp_path, result, set()).read_text(encoding="utf-8")
    assert "| x | plain | a | b | nan |" in text
