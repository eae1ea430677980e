"""The review loop end to end: a message the assistant does not understand → the report
lists it in review.csv → staff write its topic → import → retrain → the same message is
now answered with that topic. The retrain is the project's `rasa train` on a copy of
data/ (so data/nlu/reviewed.yml of the repository is not touched)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import yaml

from tests.servers import ROOT, VENV_BIN, RasaServer

from .conversations import first_not_understood, read_csv, run_report, today_in_tokyo

# Ways of asking how to use the card at the reception that the model may not know.
CANDIDATES = ["病院の窓口でピッてするやつ何", "ぴっとするあれ", "病院でピッてやるあれはどうやるの", "窓口のピッのやつ"]
TOPIC_TITLE = "受付での使い方"  # staff may write the title instead of the intent name
TOPIC = "how_to_use"


def _first_line_of_answer(topic: str) -> str:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"][f"utter_{topic}"][0]["text"].splitlines()[0]


def _answer_intent_and_action(rasa: RasaServer, sender: str):
    events = rasa.tracker(sender)["events"]
    intent = [e for e in events if e["event"] == "user"][-1]["parse_data"]["intent"]["name"]
    actions = [e["name"] for e in events if e["event"] == "action"]
    return intent, actions


def test_a_reviewed_message_is_answered_after_retraining(actions, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    before = RasaServer(tmp_path, actions.port, database_url=database_url, log_name="before.log")
    try:
        message = first_not_understood(before, CANDIDATES)
        before.say("loop-before", message)
        assert _answer_intent_and_action(before, "loop-before")[0] == "nlu_fallback"
    finally:
        before.stop()

    today = today_in_tokyo()
    run_report(database_url, tmp_path / "reports", today, today)
    rows = read_csv(tmp_path / "reports" / "review.csv")
    assert any(row["メッセージ"] == message for row in rows)
    for row in rows:  # what staff do in a spreadsheet
        if row["メッセージ"] == message:
            row["正しい話題"] = TOPIC_TITLE
    labelled = tmp_path / "labelled.csv"
    with open(labelled, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.DictWriter(out, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    reviewed = data / "nlu" / "reviewed.yml"
    python = str(VENV_BIN / "python")
    imported = subprocess.run(
        [python, "-m", "staff", "review-import", str(labelled), "--out", str(reviewed), "--nlu-dir", str(data / "nlu")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "1 件を追加" in imported.stdout, imported.stdout
    subprocess.run(
        [
            str(VENV_BIN / "rasa"),
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "models"),
            "--fixed-model-name",
            "reviewed",
        ],
        cwd=ROOT,
        env=dict(os.environ, RASA_TELEMETRY_ENABLED="false"),
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )

    after = RasaServer(
        tmp_path,
        actions.port,
        database_url=database_url,
        log_name="after.log",
        model=tmp_path / "models" / "reviewed.tar.gz",
    )
    try:
        replies = after.say("loop-after", message)
        intent, answered = _answer_intent_and_action(after, "loop-after")
        assert intent == TOPIC and f"utter_{TOPIC}" in answered
        answer_start = _first_line_of_answer(TOPIC)
        assert any((r.get("text") or "").startswith(answer_start) for r in replies), replies
    finally:
        after.stop()
