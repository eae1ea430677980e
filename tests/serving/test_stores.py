"""The stores of endpoints.yml, in process, on a real SQLite file; and the launcher's
start-up errors for stores that are wrong or do not answer."""

import asyncio
import json
import subprocess
import sys

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from serving.lock_store import ConfiguredLockStore
from serving.store_checks import StoreUnavailable
from serving.tracker_store import RedactingSQLTrackerStore
from tests.servers import ROOT, free_port

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def test_events_are_stored_redacted_and_read_back(tmp_path, runtime_env):
    database = tmp_path / "tracker.db"
    runtime_env(MYNA_DATABASE_URL=f"sqlite:///{database}")
    store = RedactingSQLTrackerStore(domain=DOMAIN)
    tracker = DialogueStateTracker.from_events(
        "member",
        [
            ActionExecuted("action_listen"),
            UserUttered(
                "マイナンバーは1234-5678-9018、暗証番号は4821です",
                parse_data={
                    "text": "マイナンバーは1234-5678-9018、暗証番号は4821です",
                    "intent": {"name": "pii_guard", "confidence": 1.0},
                },
            ),
            BotUttered("送らないでください"),
        ],
    )
    asyncio.run(store.save(tracker))
    raw = database.read_bytes()
    assert b"9018" not in raw and b"4821" not in raw
    # The conversation itself is kept (stored as JSON with \\u escapes).
    assert json.dumps("送らないでください").strip('"').encode() in raw
    stored = asyncio.run(store.retrieve("member"))
    user = [e for e in stored.events if isinstance(e, UserUttered)][0]
    assert user.text == "マイナンバーは［マイナンバー削除］、暗証番号は［暗証番号削除］です"
    assert user.intent_name == "pii_guard"
    # The tracker in memory is untouched: only what is written is redacted.
    assert "9018" in tracker.latest_message.text


def test_an_unreachable_database_is_an_error_not_a_fallback(runtime_env):
    runtime_env(MYNA_DATABASE_URL=f"postgresql://u:p@127.0.0.1:{free_port()}/x", MYNA_STORE_WAIT_SECONDS="1")
    with pytest.raises(StoreUnavailable, match="PostgreSQL"):
        RedactingSQLTrackerStore(domain=DOMAIN)


def test_lock_store_in_memory_without_redis(runtime_env):
    runtime_env(MYNA_REDIS_URL=None)
    store = ConfiguredLockStore()
    ticket = store.issue_ticket("member")
    assert store.is_someone_waiting("member")
    store.cleanup("member", ticket)
    assert store.get_lock("member") is None


def test_an_unreachable_redis_is_an_error(runtime_env):
    runtime_env(MYNA_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", MYNA_STORE_WAIT_SECONDS="1")
    with pytest.raises(StoreUnavailable, match="Redis"):
        ConfiguredLockStore()


@pytest.mark.parametrize(
    "env, message",
    [
        ({"MYNA_DATABASE_URL": "mysql://u:secret@db/x"}, "MYNA_DATABASE_URL"),
        ({"MYNA_DATABASE_URL": "sqlite:////no/such/folder/t.db"}, "SQLite"),
        ({"MYNA_REDIS_URL": "redis://127.0.0.1:1/0", "MYNA_STORE_WAIT_SECONDS": "1"}, "Redis"),
        ({"MYNA_CORS_ORIGINS": "*"}, "MYNA_CORS_ORIGINS"),
        ({"MYNA_SETTINGS_FILE": "/no/such/file.yml"}, "file.yml"),
    ],
)
def test_the_launcher_stops_with_a_clear_message(env, message):
    result = subprocess.run(
        [sys.executable, "-m", "serving", "server"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false", **env},
    )
    assert result.returncode == 2
    assert "起動できません" in result.stderr and message in result.stderr
    assert "secret" not in result.stderr


def _store(tmp_path, runtime_env) -> RedactingSQLTrackerStore:
    runtime_env(MYNA_DATABASE_URL=f"sqlite:///{tmp_path / 'tracker.db'}")
    return RedactingSQLTrackerStore(domain=DOMAIN)


def _greeting(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [ActionExecuted("action_listen"), UserUttered("こんにちは")])


def test_a_row_the_database_cannot_take_fails_alone_and_does_not_exit(tmp_path, runtime_env):
    # A lone surrogate makes SQLAlchemy raise UnicodeEncodeError, a ValueError, which
    # Rasa's session_scope took for a missing schema: sys.exit(1).
    store = _store(tmp_path, runtime_env)
    with pytest.raises(Exception) as raised:
        asyncio.run(store.save(_greeting("sur\udc00x")))
    assert not isinstance(raised.value, SystemExit)
    asyncio.run(store.save(_greeting("next-member")))
    assert asyncio.run(store.retrieve("next-member")) is not None


def test_rows_are_redacted_whatever_path_writes_them(tmp_path, runtime_env):
    """The redaction is on the row class, not on Rasa's save(): a row added directly
    is stored redacted too. Checked on the file's bytes."""
    store = _store(tmp_path, runtime_env)
    with store.session_scope() as session:
        session.add(
            store.SQLEvent(
                sender_id="direct",
                type_name="user",
                timestamp=1.0,
                intent_name="pii_guard",
                action_name=None,
                data=json.dumps({"event": "user", "text": "暗証番号は4821、番号は1234 5678 9018"}),
            )
        )
        session.commit()
    raw = (tmp_path / "tracker.db").read_bytes()
    assert b"4821" not in raw and b"9018" not in raw
    assert json.dumps("［暗証番号削除］").strip('"').encode() in raw


def test_the_start_of_a_number_finished_by_the_next_message_is_blanked_in_storage(tmp_path, runtime_env):
    from serving.conversation_context import SPLIT_NUMBER_KEY

    store = _store(tmp_path, runtime_env)
    tracker = DialogueStateTracker.from_events(
        "split", [ActionExecuted("action_listen"), UserUttered("番号は1234 5678")]
    )
    asyncio.run(store.save(tracker))
    # The processor blanked the second part before Rasa stored it, and said so.
    tracker.update(UserUttered("［マイナンバー削除］です", metadata={SPLIT_NUMBER_KEY: True}))
    asyncio.run(store.save(tracker))
    raw = (tmp_path / "tracker.db").read_bytes()
    assert b"5678" not in raw
    texts = [e.text for e in asyncio.run(store.retrieve("split")).events if isinstance(e, UserUttered)]
    assert texts == ["番号は［マイナンバー削除］", "［マイナンバー削除］です"]


def test_each_store_is_checked_once_per_process(runtime_env):
    """The launcher checks the stores before the port opens; the stores Rasa then
    builds from endpoints.yml do not check again (they did: two pings per start)."""
    import redis

    from serving.store_checks import check_stores
    from tests.integration.stores import RedisServer

    server = RedisServer()
    try:
        config = runtime_env(MYNA_REDIS_URL=server.url)
        observer = redis.Redis(port=server.port, socket_timeout=5)
        before = observer.info("stats")["total_connections_received"]
        check_stores(config)  # python -m serving
        ConfiguredLockStore()  # Rasa, from endpoints.yml
        assert observer.info("stats")["total_connections_received"] - before == 1
        observer.close()
    finally:
        server.close()
