"""Retention: delete whole conversations whose last event is older than N days.

A conversation still in use keeps all of its events (Rasa rebuilds it from them);
one that has been quiet for N days goes entirely. On SQLite the deleted rows are
overwritten (`secure_delete`), not only unlinked; PostgreSQL's autovacuum reclaims
them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa

_OLD_CONVERSATIONS = "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int
    cutoff: float


def purge(engine: sa.engine.Engine, days: int, now: float | None = None, dry_run: bool = False) -> PurgeResult:
    cutoff = (time.time() if now is None else now) - days * 86400
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA secure_delete = ON")
        ((conversations, events),) = connection.execute(
            sa.text(
                f"SELECT COUNT(DISTINCT sender_id), COUNT(*) FROM events WHERE sender_id IN ({_OLD_CONVERSATIONS})"
            ),
            {"cutoff": cutoff},
        ).all()
        if not dry_run and conversations:
            connection.execute(
                sa.text(f"DELETE FROM events WHERE sender_id IN ({_OLD_CONVERSATIONS})"), {"cutoff": cutoff}
            )
    return PurgeResult(conversations, events, cutoff)
