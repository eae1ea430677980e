"""The tracker store named in endpoints.yml: Rasa's SQL tracker store, with

- the database from MYNA_DATABASE_URL (SQLite file by default, PostgreSQL when set),
  through the runtime configuration (myna/config.py `current()`);
- personal numbers redacted from every event row before it is written (a SQLAlchemy
  `before_insert`/`before_update` listener on the row class, so it holds whatever
  path Rasa's `save()` takes to write);
- no exit on a bad row: Rasa's `session_scope` takes any `ValueError` (a lone
  surrogate in an id raises `UnicodeEncodeError`) for a missing PostgreSQL schema and
  exits the process; here the error fails that request only;
- connections checked before use, and a bounded wait while the database restarts,
  instead of Rasa's fallback to memory (which would fork the conversation).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from myna.config import current
from myna.privacy import redact, redact_value
from myna.privacy.personal_numbers import redact_trailing_digits
from serving import rasa_patches
from serving.conversation_context import SPLIT_NUMBER_KEY
from serving.store_checks import check_database

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _connection_lost(error: sqlalchemy.exc.DBAPIError) -> bool:
    return error.connection_invalidated or isinstance(
        error, (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError)
    )


def _redact_row(_mapper: Any, _connection: Any, row: Any) -> None:
    """Every text column of an event row, as it goes to the database."""
    row.data = json.dumps(redact_value(json.loads(row.data))) if row.data else row.data
    row.intent_name = redact(row.intent_name) if row.intent_name else row.intent_name
    row.action_name = redact(row.action_name) if row.action_name else row.action_name


def _install_row_redaction() -> None:
    for when in ("before_insert", "before_update"):
        if not sa.event.contains(SQLTrackerStore.SQLEvent, when, _redact_row):
            sa.event.listen(SQLTrackerStore.SQLEvent, when, _redact_row)


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        **_endpoint_keys: Any,  # the database comes from the runtime configuration only
    ) -> None:
        _install_row_redaction()
        rasa_patches.install()  # for every entry point that loads endpoints.yml (see there)
        config = current()
        settings = config.database
        self.wait_seconds = config.store_wait_seconds
        check_database(settings, self.wait_seconds)
        super().__init__(
            domain=domain,
            dialect=settings.dialect,
            host=settings.host,
            port=settings.port,
            db=settings.db,
            username=settings.username,
            password=settings.password,
            event_broker=event_broker,
        )
        # Pooled connections die with a PostgreSQL restart: test each before use.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        if settings.dialect == "sqlite":
            # A row rewritten redacted (see save) leaves no copy of its old bytes in the file.
            sa.event.listen(
                self.engine, "connect", lambda connection, _: connection.execute("PRAGMA secure_delete = ON")
            )
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        logger.info("Conversations are stored in %s.", settings.describe())

    @contextlib.contextmanager
    def session_scope(self) -> Generator[sa.orm.Session, None, None]:
        # Rasa's version exits on any ValueError (see the module docstring); the
        # schema check it runs is for POSTGRESQL_SCHEMA, which this store does not use.
        session = self.sessionmaker()
        try:
            yield session
        finally:
            session.close()

    async def _patiently(self, operation: Callable[..., Awaitable[T]], *args: Any) -> T:
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                return await operation(*args)
            except sqlalchemy.exc.DBAPIError as error:
                if not _connection_lost(error) or time.monotonic() >= deadline:
                    raise
                logger.warning("Tracker store unreachable (%s); retrying.", type(error).__name__)
                await asyncio.sleep(1)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._patiently(super().save, tracker)
        users = [event for event in tracker.events if isinstance(event, UserUttered)]
        if users and (users[-1].metadata or {}).get(SPLIT_NUMBER_KEY):
            await self._patiently(self._blank_end_of_previous_message, tracker)

    async def _blank_end_of_previous_message(self, tracker: DialogueStateTracker) -> None:
        """The latest message finished a My Number begun at the end of the one before,
        which is stored already: its row is rewritten with that part blanked."""
        users = [event for event in tracker.events if isinstance(event, UserUttered)]
        if len(users) < 2:
            return
        with self.session_scope() as session:
            rows = session.query(self.SQLEvent).filter(
                self.SQLEvent.sender_id == tracker.sender_id,
                self.SQLEvent.type_name == UserUttered.type_name,
                self.SQLEvent.timestamp == users[-2].timestamp,
            )
            for row in rows:
                data = json.loads(row.data)
                data["text"] = redact_trailing_digits(data.get("text") or "")
                parse_data = data.get("parse_data") or {}
                if isinstance(parse_data.get("text"), str):
                    parse_data["text"] = redact_trailing_digits(parse_data["text"])
                row.data = json.dumps(data)
            session.commit()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._patiently(super().retrieve, sender_id)

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self._patiently(super().retrieve_full_tracker, conversation_id)
