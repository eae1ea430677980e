"""`python -m staff purge`: conversations quiet for more than N days are deleted, whole,
from SQLite and PostgreSQL; newer ones, and old conversations still in use, are kept
with every event."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from myna.config import parse_database_url
from tests.integration.stores import PostgresServer
from tests.servers import ROOT, VENV_BIN

from .stored import save, user

DAY = 86400


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer()
    yield server
    server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        database = f"purge_{os.getpid()}_{int(time.time() * 1000)}"
        postgres = request.getfixturevalue("postgres")
        postgres.sql(f"CREATE DATABASE {database} OWNER myna")
        url = postgres.url.rsplit("/", 1)[0] + f"/{database}"
    s = parse_database_url(url)
    rasa_store = SQLTrackerStore(
        dialect=s.dialect, host=s.host, port=s.port, db=s.db, username=s.username, password=s.password
    )
    yield url, rasa_store
    rasa_store.engine.dispose()


def _purge(url, *args):
    return subprocess.run(
        [str(VENV_BIN / "python"), "-m", "staff", "purge", *args],
        cwd=ROOT,
        env=dict(os.environ, MYNA_DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _senders(store):
    with store.engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")).all())


def test_purge_deletes_whole_conversations_older_than_n_days(store):
    url, rasa_store = store
    now = time.time()
    save(
        rasa_store,
        {
            "old": [
                user("こんにちは", "greet", 0.9, now - 40 * DAY),
                user("ありがとう", "thanks", 0.9, now - 31 * DAY),
            ],
            # Began long ago, still in use: kept, with its old events.
            "resumed": [
                user("こんにちは", "greet", 0.9, now - 60 * DAY),
                user("また来ました", "greet", 0.9, now - DAY),
            ],
            "new": [user("こんにちは", "greet", 0.9, now - 29 * DAY)],
        },
    )
    before = _senders(rasa_store)
    dry = _purge(url, "--days", "30", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "1 件" in dry.stdout and _senders(rasa_store) == before
    done = _purge(url, "--days", "30")
    assert done.returncode == 0, done.stderr
    assert "1 件" in done.stdout and "削除しました" in done.stdout
    assert _senders(rasa_store) == {"resumed": before["resumed"], "new": before["new"]}


def test_the_scheduled_job_reads_its_days_from_the_environment(store):
    url, rasa_store = store
    now = time.time()
    save(
        rasa_store,
        {
            "a": [user("こんにちは", "greet", 0.9, now - 8 * DAY)],
            "b": [user("こんにちは", "greet", 0.9, now - 6 * DAY)],
        },
    )
    job = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "staff", "purge"],
        cwd=ROOT,
        timeout=120,
        env=dict(os.environ, MYNA_DATABASE_URL=url, MYNA_RETENTION_DAYS="7"),
        capture_output=True,
        text=True,
    )
    assert job.returncode == 0, job.stderr
    assert set(_senders(rasa_store)) == {"b"}


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["--days", "0"], {}, "1 日以上"),
        ([], {"MYNA_RETENTION_DAYS": "ten"}, "MYNA_RETENTION_DAYS"),
    ],
)
def test_bad_retention_days_are_refused(tmp_path, args, env, message):
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "staff", "purge", *args],
        cwd=ROOT,
        timeout=120,
        env=dict(os.environ, MYNA_DATABASE_URL=f"sqlite:///{tmp_path / 't.db'}", **env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and message in result.stderr


def test_a_missing_store_is_a_clear_error(tmp_path):
    result = _purge(f"sqlite:///{tmp_path / 'none.db'}", "--days", "30")
    assert result.returncode == 2 and "見つかりません" in result.stderr
