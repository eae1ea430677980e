"""Retention: delete whole conversations whose last event is older than N days.

A conversation still in use keeps all of its events (Rasa rebuilds it from them);
one that has been quiet for N days goes entirely. On SQLite the deleted rows are
overwritten (`secure_delete`), not only unlinked; PostgreSQL's autovacuum reclaims
them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Mapping, Optional

import sqlalchemy as sa

RETENTION_DAYS_VAR = "MYNA_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 90

_OLD_CONVERSATIONS = "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"


class RetentionError(ValueError):
    pass


def retention_days(env: Mapping[str, str], given: Optional[int] = None) -> int:
    """`given` (make purge DAYS=N), else MYNA_RETENTION_DAYS, else the default."""
    value = given if given is not None else env.get(RETENTION_DAYS_VAR) or DEFAULT_RETENTION_DAYS
    try:
        days = int(value)
    except ValueError:
        raise RetentionError(f"{RETENTION_DAYS_VAR} は日数 (1 以上の整数) にしてください: {value!r}") from None
    if days < 1:
        raise RetentionError(f"保存日数は 1 日以上にしてください / retention must be at least 1 day: {days}")
    return days


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int
    cutoff: float


def purge(engine: sa.engine.Engine, days: int, now: Optional[float] = None, dry_run: bool = False) -> PurgeResult:
    cutoff = (time.time() if now is None else now) - days * 86400
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA secure_delete = ON")
        ((conversations, events),) = connection.execute(
            sa.text(f"SELECT COUNT(DISTINCT sender_id), COUNT(*) FROM events WHERE sender_id IN ({_OLD_CONVERSATIONS})"),
            {"cutoff": cutoff},
        ).all()
        if not dry_run and conversations:
            connection.execute(
                sa.text(f"DELETE FROM events WHERE sender_id IN ({_OLD_CONVERSATIONS})"), {"cutoff": cutoff}
            )
    return PurgeResult(conversations, events, cutoff)
