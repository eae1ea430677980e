"""No input stops the server: conversation ids the database cannot take (a lone
surrogate, NUL, control characters) are refused by every channel, a store error fails
its request alone, and a message with a lone surrogate gets an answer. On the
PostgreSQL replicas and on the SQLite server.

Before these checks, `{"sender": "sur\\udc00x", ...}` made SQLAlchemy raise
UnicodeEncodeError (a ValueError), which Rasa's SQL store took for a missing schema:
sys.exit(1), for every user of the server.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from myna.messages import text as message_text
from serving.tracker_store import RedactingSQLTrackerStore
from tests.line.fake_line import post_webhook, text_event
from tests.servers import ROOT, say

from .chat_clients import SocketChat, reply_texts, request

# As a client would send them: JSON escapes, which decode to a lone surrogate, NUL...
BAD_IDS = {
    "lone low surrogate": "sur\\udc00x",
    "lone high surrogate": "\\ud800",
    "NUL": "a\\u0000b",
    "escape character": "a\\u001b[31m",
    "newline": "a\\nb",
}


def still_answers(server) -> None:
    assert request(f"{server.base_url}/", content_type=None)[0] == 200
    assert say(server.base_url, f"alive-{uuid.uuid4().hex[:8]}", "カードをなくしました")


def rest(server, body: str):
    return request(f"{server.base_url}/webhooks/rest/webhook", body.encode())


@pytest.mark.parametrize("bad_id", list(BAD_IDS.values()), ids=list(BAD_IDS))
def test_rest_refuses_an_id_the_store_cannot_take(server, bad_id):
    status, body = rest(server, f'{{"sender": "{bad_id}", "message": "hi"}}')
    assert status == 400 and b"printable" in body
    still_answers(server)


def test_a_message_with_a_lone_surrogate_gets_an_answer(server):
    status, body = rest(server, f'{{"sender": "surrogate-{uuid.uuid4().hex[:8]}", "message": "\\ud800abc"}}')
    assert status == 200 and reply_texts(json.loads(body))
    still_answers(server)


@pytest.mark.parametrize("bad_id", list(BAD_IDS.values()), ids=list(BAD_IDS))
def test_socketio_refuses_an_id_the_store_cannot_take(server, bad_id):
    session_id = json.loads(f'"{bad_id}"')
    with SocketChat(server.base_url, "", session_request={"session_id": session_id}) as chat:
        assert len(chat.session_id) == 32  # a new session of Rasa's instead
        replies = chat.emit({"message": "こんにちは", "session_id": session_id})
        assert message_text("chat.unreadable") in reply_texts(replies)
        assert chat.say("\ud800abc")
    still_answers(server)


@pytest.mark.parametrize("bad_id", list(BAD_IDS.values()), ids=list(BAD_IDS))
def test_line_drops_an_event_with_an_id_the_store_cannot_take(server, bad_id):
    event = text_event("こんにちは", json.loads(f'"U{bad_id}"'))
    body = json.dumps({"destination": "x", "events": [event]}).encode()  # \u escapes, as LINE writes
    assert post_webhook(server.port, body)[0] == 200
    still_answers(server)


def test_a_store_error_fails_one_save_and_the_store_goes_on(cluster, tmp_path, runtime_env):
    """Below the channels: on PostgreSQL a NUL in an id raises a ValueError inside the
    store; on SQLite a lone surrogate does. Neither may end the process."""
    domain = Domain.load(str(ROOT / "domain.yml"))
    for url, bad in ((cluster.postgres.url, "a\x00b"), (f"sqlite:///{tmp_path / 't.db'}", "a\udc00b")):
        runtime_env(MYNA_DATABASE_URL=url)
        store = RedactingSQLTrackerStore(domain=domain)
        tracker = DialogueStateTracker.from_events(bad, [ActionExecuted("action_listen"), UserUttered("hi")])
        with pytest.raises(Exception) as raised:
            asyncio.run(store.save(tracker))
        assert not isinstance(raised.value, SystemExit)
        good = DialogueStateTracker.from_events(f"good-{uuid.uuid4().hex[:6]}", tracker.events)
        asyncio.run(store.save(good))
        assert asyncio.run(store.retrieve(good.sender_id)) is not None
        store.engine.dispose()
