"""The tracker store named in endpoints.yml: Rasa's SQL tracker store, with

- the database from MYNA_DATABASE_URL (SQLite file by default, PostgreSQL when set);
- personal numbers redacted from every event before it is written;
- connections checked before use, and a bounded wait while the database restarts,
  instead of Rasa's fallback to memory (which would fork the conversation).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Iterator, Optional, TypeVar

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from privacy import redact_value
from serving.store_checks import check_database
from serving.store_settings import database_settings, wait_seconds

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _connection_lost(error: sqlalchemy.exc.DBAPIError) -> bool:
    return error.connection_invalidated or isinstance(
        error, (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError)
    )


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Optional[Domain] = None,
        event_broker: Optional[EventBroker] = None,
        **_endpoint_keys: Any,  # the database comes from the environment only
    ) -> None:
        settings = database_settings(os.environ)
        self.wait_seconds = wait_seconds(os.environ)
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
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        logger.info("Conversations are stored in %s.", settings.describe())

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

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await self._patiently(super().retrieve, sender_id)

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        return await self._patiently(super().retrieve_full_tracker, conversation_id)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield Event.from_parameters(redact_value(event.as_dict()))
