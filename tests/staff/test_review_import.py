"""The review import's checks: a known topic (name or title), no personal number, not a
training or held-out example, no conflicting label; what passes is written as Rasa NLU
data that Rasa's own reader loads."""

from __future__ import annotations

import csv
import shutil
import subprocess

from rasa.shared.nlu.training_data.loading import load_data

from evaluation.heldout import load_examples
from staff.review import MESSAGE_COLUMN, REVIEW_COLUMNS, TOPIC_COLUMN, import_review
from tests.servers import ROOT, VENV_BIN


def _csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.DictWriter(out, REVIEW_COLUMNS)
        writer.writeheader()
        for text, topic in rows:
            writer.writerow({MESSAGE_COLUMN: text, TOPIC_COLUMN: topic, "件数": 1})
    return path


def _existing_training_example():
    return load_examples(ROOT / "data" / "nlu" / "card.yml")[0]


def _heldout_example():
    return load_examples(ROOT / "tests" / "nlu" / "heldout.yml")[0].text


def test_import_checks_each_row_and_writes_what_passes(tmp_path):
    nlu_dir = tmp_path / "nlu"
    shutil.copytree(ROOT / "data" / "nlu", nlu_dir)
    out = nlu_dir / "reviewed.yml"
    existing = _existing_training_example()
    source = _csv(
        tmp_path / "review.csv",
        [
            ("病院でピッてするやつの使いかた", "受付での使い方"),  # by its title
            ("駐車場はありますか", "out_of_scope"),  # by name
            ("駐車場は ありますか！", "out_of_scope"),  # the same message again
            ("まだ決めていない質問", ""),  # not labelled yet: left alone
            ("カードのことで質問", "存在しない話題"),
            ("私の番号は123456789018です", "number_seen"),
            ("暗証番号は［暗証番号削除］です", "pin_forgotten"),
            (existing.text, "greet" if existing.intent != "greet" else "thanks"),  # conflicts with the training data
            (_heldout_example(), "out_of_scope"),
            ("ちょっと聞きたいんだけど", "pii_guard"),  # set by a component, never learnt
        ],
    )
    result = import_review(
        source, out=out, domain=ROOT / "domain.yml", nlu_dir=nlu_dir, heldout=ROOT / "tests" / "nlu" / "heldout.yml"
    )
    assert [(e.text, e.intent) for e in result.accepted] == [
        ("病院でピッてするやつの使いかた", "how_to_use"),
        ("駐車場はありますか", "out_of_scope"),
    ]
    assert [line for line, *_ in result.skipped] == [4]
    reasons = {line: why for line, _, why in result.rejected}
    assert sorted(reasons) == [6, 7, 8, 9, 10, 11]
    assert "話題はありません" in reasons[6] and "個人の番号" in reasons[7] and "個人の番号" in reasons[8]
    assert "別の話題" in reasons[9] and "評価用" in reasons[10] and "話題はありません" in reasons[11]
    data = load_data(str(out))  # Rasa's reader
    assert sorted((m.get("text"), m.get("intent")) for m in data.intent_examples) == [
        ("病院でピッてするやつの使いかた", "how_to_use"),
        ("駐車場はありますか", "out_of_scope"),
    ]

    again = import_review(
        _csv(tmp_path / "again.csv", [("駐車場はありますか", "out_of_scope"), ("駐車場はありますか", "how_to_use")]),
        out=out,
        domain=ROOT / "domain.yml",
        nlu_dir=nlu_dir,
    )
    assert not again.accepted and len(again.skipped) == 1 and "見直し済み" in again.rejected[0][2]
    assert len(load_data(str(out)).intent_examples) == 2  # nothing lost, nothing doubled


def test_command_line_reports_rejections_in_japanese(tmp_path):
    source = _csv(tmp_path / "review.csv", [("カードのことで質問", "存在しない話題")])
    result = subprocess.run(
        [
            str(VENV_BIN / "python"),
            "-m",
            "staff",
            "review-import",
            str(source),
            "--out",
            str(tmp_path / "reviewed.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "取り込めません" in result.stdout and "0 件を追加" in result.stdout
    assert not (tmp_path / "reviewed.yml").exists()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    bad = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "staff", "review-import", str(wrong)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "列がありません" in bad.stderr
