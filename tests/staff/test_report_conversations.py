"""The report over real conversations through the running servers, on SQLite and on
PostgreSQL: its counts equal what was sent (read back through Rasa's HTTP API), no
personal number and no conversation id appears in any report file, feedback is
counted per topic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.integration.stores import PostgresServer
from tests.servers import ROOT, RasaServer

from .conversations import (
    MY_NUMBER,
    MY_NUMBER_DIGITS,
    PIN,
    read_csv,
    run_report,
    send_script,
    today_in_tokyo,
)

TOPIC = "話題"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def reported(request, actions, tmp_path_factory):
    """Conversations sent to a Rasa server on that store, then `python -m staff report`."""
    work_dir = tmp_path_factory.mktemp(f"report-{request.param}")
    postgres = PostgresServer() if request.param == "postgresql" else None
    database_url = postgres.url if postgres else f"sqlite:///{work_dir / 'tracker.db'}"
    rasa = RasaServer(work_dir, actions.port, credentials=_credentials(), database_url=database_url)
    try:
        sent = send_script(rasa)
        today = today_in_tokyo()
        run_report(database_url, work_dir / "reports", today, today)
        yesterday = (date.fromisoformat(today) - timedelta(days=1)).isoformat()
        run_report(database_url, work_dir / "reports-before", yesterday, yesterday)
        yield sent, work_dir
    finally:
        rasa.stop()
        if postgres:
            postgres.close()


def _credentials() -> str:
    return (ROOT / "credentials.local.yml").read_text()  # REST and socket.io


def _by(rows, key):
    return {row[key]: row for row in rows}


def test_conversations_and_messages_per_channel_and_day(reported):
    sent, work_dir = reported
    channels = _by(read_csv(work_dir / "reports" / "usage_channels.csv"), "チャネル")
    assert {c: int(r["メッセージ数"]) for c, r in channels.items()} == dict(sent.messages)
    assert {c: int(r["会話数"]) for c, r in channels.items()} == dict(sent.conversations)
    daily = read_csv(work_dir / "reports" / "usage_daily.csv")
    assert {r["日付"] for r in daily} == {today_in_tokyo()}
    assert sum(int(r["メッセージ数"]) for r in daily) == sum(sent.messages.values())
    assert read_csv(work_dir / "reports-before" / "usage_daily.csv") == []  # the day before: nothing


def test_topics_handoffs_and_personal_dates_equal_the_trackers(reported):
    sent, work_dir = reported
    reports = work_dir / "reports"
    topics = read_csv(reports / "usage_topics.csv")
    asked = {row[TOPIC].split(" (")[-1].rstrip(")"): int(row["質問数"]) for row in topics if int(row["質問数"])}
    expected = {
        i: n for i, n in sent.intents.items() if i not in ("nlu_fallback", "feedback_resolved", "feedback_unresolved")
    }
    assert asked == expected
    assert [int(r["質問数"]) for r in topics] == sorted((int(r["質問数"]) for r in topics), reverse=True)
    rates = _by(read_csv(reports / "usage_rates.csv"), "")
    assert int(rates["理解できなかった"]["件数"]) == sent.intents["nlu_fallback"] == 2
    handoffs = {r["電話窓口"]: int(r["案内した回数"]) for r in read_csv(reports / "usage_handoffs.csv")}
    assert handoffs == dict(sent.handoffs) and len(handoffs) >= 2
    form = {r["有効期限の計算"]: int(r["会話数"]) for r in read_csv(reports / "usage_personal_dates.csv")}
    assert form == {"始めた会話": sent.form_started, "結果まで進んだ会話": sent.form_finished}
    assert (sent.form_started, sent.form_finished) == (2, 1)


def test_not_understood_messages_are_listed_with_their_count(reported):
    sent, work_dir = reported
    review = read_csv(work_dir / "reports" / "review.csv")
    unclear = [row for row in review if row["メッセージ"] == sent.unclear]
    assert len(unclear) == 1 and unclear[0]["件数"] == "2" and "理解できず" in unclear[0]["種類"]
    assert unclear[0]["正しい話題"] == ""


def test_no_personal_number_and_no_conversation_id_in_any_report_file(reported):
    sent, work_dir = reported
    files = list((work_dir / "reports").iterdir())
    assert len(files) >= 9
    for path in files:
        content = path.read_text(encoding="utf-8-sig")
        for secret in (MY_NUMBER, MY_NUMBER_DIGITS, PIN):
            assert secret not in content, f"{secret} in {path.name}"
        for sender in sent.senders:
            assert sender not in content, f"a conversation id in {path.name}"


def test_feedback_is_counted_per_topic(reported):
    """Needs the feedback buttons of the dialogue (issue 14 item 1): `last_topic` set
    after each FAQ answer, intents feedback_resolved / feedback_unresolved."""
    _, work_dir = reported
    topics = {
        row[TOPIC].split(" (")[-1].rstrip(")"): row for row in read_csv(work_dir / "reports" / "usage_topics.csv")
    }
    assert (topics["lost_card"]["解決した"], topics["lost_card"]["解決しない"]) == ("0", "2")
    assert topics["lost_card"]["解決しないの割合"] == "100.0%"
    assert (topics["shikaku_kakuninsho"]["解決した"], topics["shikaku_kakuninsho"]["解決しない"]) == ("2", "0")
    review = read_csv(work_dir / "reports" / "review.csv")
    rated = [row for row in review if "「解決しない」" in row["種類"]]
    assert [(r["メッセージ"], r["件数"]) for r in rated] == [("カードをなくしました", "2")]
    assert "lost_card" in rated[0]["推定した話題"]
