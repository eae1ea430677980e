"""Fold files of the cross-validation (writing only; no training)."""

from evaluation.crossval import write_nlu_yaml
from evaluation.heldout import Example, load_examples


def test_fold_files_are_rasa_yaml_that_load_back(tmp_path):
    examples = [
        Example("マイナ保険証って何", "what_is", "plain"),
        Example("a: b | c", "what_is", "plain"),
        Example("カードなくした", "lost_card", "plain"),
    ]
    path = tmp_path / "fold.yml"
    write_nlu_yaml(examples, path)
    assert load_examples(path) == examples
