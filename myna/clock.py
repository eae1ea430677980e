"""The clock: Tokyo time, and MYNA_FIXED_NOW to fix "now" in tests and demos (pure)."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone, tzinfo

__all__ = ["TOKYO", "ENV_NOW", "now", "in_tokyo"]


def _tokyo() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Tokyo")
    except Exception:  # no tz database: Japan has had no DST since 1951
        return timezone(timedelta(hours=9), "JST")


TOKYO = _tokyo()
ENV_NOW = "MYNA_FIXED_NOW"


def now() -> datetime:
    """Aware datetime in Asia/Tokyo; MYNA_FIXED_NOW (ISO) overrides the real clock."""
    raw = os.environ.get(ENV_NOW, "").strip()
    if not raw:
        return datetime.now(TOKYO)
    try:
        dt = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{ENV_NOW}={raw!r} is not an ISO datetime") from None
    return dt.replace(tzinfo=TOKYO) if dt.tzinfo is None else dt.astimezone(TOKYO)


def in_tokyo(at: datetime) -> datetime:
    return at.replace(tzinfo=TOKYO) if at.tzinfo is None else at.astimezone(TOKYO)
