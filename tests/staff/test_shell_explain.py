"""`make shell` with MYNA_SHELL_EXPLAIN=1: under each answer, the topic, its confidence,
the runner-up and the leaflet. Off by default; the patched Rasa function is pinned with
the others (tests/serving/test_rasa_patches.py)."""

from __future__ import annotations

import os
import signal

import pexpect
import pytest
from rasa.core.channels import console

from serving import rasa_patches
from staff.shell_explain import ExplainUnsupported, explain, install_if_requested
from staff.topics import Topics
from tests.servers import ROOT, free_port

TOPICS = Topics.from_domain(ROOT / "domain.yml")


def _user(intent, confidence, ranking):
    return {
        "event": "user",
        "text": "…",
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "intent_ranking": ranking},
    }


def _bot(source=None):
    return {"event": "bot", "text": "…", "metadata": {"metadata": {"source": source} if source else {}}}


def test_explanation_of_an_answer():
    events = [
        _user("greet", 0.9, []),
        _bot(),
        _user(
            "lost_card",
            0.87,
            [{"name": "lost_card", "confidence": 0.87}, {"name": "smartphone_lost", "confidence": 0.05}],
        ),
        _bot("004.txt Q2"),
        _bot(),
        _bot("004.txt Q2"),
    ]
    assert explain(events, TOPICS) == [
        "〔説明〕話題: カードをなくした (lost_card) 確信度 0.87",
        "〔説明〕次点: スマホをなくした (smartphone_lost) 確信度 0.05",
        "〔説明〕出典: 004.txt Q2",
    ]


def test_explanation_of_a_message_not_understood():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.15},
        {"name": "greet", "confidence": 0.11},
        {"name": "thanks", "confidence": 0.05},
    ]
    lines = explain([_user("nlu_fallback", 0.15, ranking), _bot()], TOPICS)
    assert lines == [
        "〔説明〕話題: 理解できず（最有力 greet 確信度 0.11）",
        "〔説明〕次点: thanks 確信度 0.05",
        "〔説明〕出典: なし（資料によらない応答）",
    ]


def test_off_by_default_and_the_patched_function_is_pinned():
    original = console._send_message_receive_stream
    assert install_if_requested(False) is False
    assert console._send_message_receive_stream is original
    assert "rasa.core.channels.console:_send_message_receive_stream" in rasa_patches.PINNED_SIGNATURES


def test_a_refused_patch_names_the_switch(monkeypatch):
    def refuse(_explanation):
        raise rasa_patches.PatchError("another Rasa version")

    monkeypatch.setattr(rasa_patches, "explain_shell_replies", refuse)
    with pytest.raises(ExplainUnsupported, match="MYNA_SHELL_EXPLAIN: another Rasa version"):
        install_if_requested(True, ROOT / "domain.yml")


def test_make_shell_explains_each_answer(tmp_path):
    env = dict(
        os.environ,
        RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()),
        RASA_TELEMETRY_ENABLED="false",
        MYNA_SHELL_EXPLAIN="1",
        MYNA_DATABASE_URL=f"sqlite:///{tmp_path / 'tracker.db'}",
    )
    shell = pexpect.spawn(
        "make", ["shell"], cwd=str(ROOT), env=env, encoding="utf-8", timeout=240, dimensions=(50, 200)
    )
    try:
        shell.expect("Your input ->")
        shell.sendline("カードをなくしました")
        shell.expect("0120-95-0178", timeout=90)
        shell.expect(r"〔説明〕話題: カードをなくした \(lost_card\) 確信度 [01]\.\d\d", timeout=30)
        shell.expect(r"〔説明〕次点: \S+", timeout=10)
        shell.expect(r"〔説明〕出典: \S*\.txt", timeout=10)
    finally:
        # End make, run.sh, the action server and Rasa together (one process group).
        if shell.isalive():
            os.killpg(shell.pid, signal.SIGTERM)
            shell.expect(pexpect.EOF, timeout=60)
