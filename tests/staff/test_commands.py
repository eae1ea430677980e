"""The staff's commands through make and python -m staff: what they say when something
is wrong, and `make report` / `make purge` on a store."""

from __future__ import annotations

import os
import subprocess

from rasa.core.tracker_store import SQLTrackerStore

from tests.servers import ROOT, VENV_BIN

from .stored import at, save, user


def _staff(*args, env=None):
    return subprocess.run(
        [str(VENV_BIN / "python"), "-m", "staff", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, **(env or {})),
    )


def test_report_errors_are_explained_in_japanese(tmp_path):
    missing = _staff("report", env={"MYNA_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"})
    assert missing.returncode == 2 and "見つかりません" in missing.stderr
    bad_url = _staff("report", env={"MYNA_DATABASE_URL": "mysql://x/y"})
    assert bad_url.returncode == 2 and "MYNA_DATABASE_URL" in bad_url.stderr
    backwards = _staff("report", "--since", "2026-11-05", "--until", "2026-11-01")
    assert backwards.returncode == 2 and "より後" in backwards.stderr
    bad_date = _staff("report", "--since", "11/05")
    assert bad_date.returncode == 2 and "2026-11-01 の形" in bad_date.stderr


def test_make_report_and_make_purge(tmp_path):
    db = tmp_path / "tracker.db"
    save(
        SQLTrackerStore(dialect="sqlite", db=str(db)),
        {
            "old": [user("こんにちは", "greet", 0.9, at("2020-01-01 10:00"))],
            "recent": [user("ありがとう", "thanks", 0.9, at("2026-11-02 10:00"))],
        },
    )
    env = dict(os.environ, MYNA_DATABASE_URL=f"sqlite:///{db}")
    out = tmp_path / "reports"
    report = subprocess.run(
        ["make", "-s", "report", "SINCE=2026-11-01", "UNTIL=2026-11-30", f"REPORT_DIR={out}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert report.returncode == 0, report.stderr
    assert "会話 1 件" in report.stdout and (out / "usage.html").exists()
    purge = subprocess.run(
        ["make", "-s", "purge", "DAYS=365"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert purge.returncode == 0, purge.stderr
    assert "1 件" in purge.stdout and "削除しました" in purge.stdout
