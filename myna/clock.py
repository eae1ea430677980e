"""The clock: Tokyo time, and a fixed "now" for tests and demos (pure).

The instant is set once at start-up from MYNA_FIXED_NOW by myna.config.install()."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

__all__ = ["TOKYO", "fix", "now", "in_tokyo"]


def _tokyo() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Tokyo")
    except Exception:  # no tz database: Japan has had no DST since 1951
        return timezone(timedelta(hours=9), "JST")


TOKYO = _tokyo()
_fixed: datetime | None = None


def fix(at: datetime | None) -> None:
    """From now on, now() is `at` (None: the real clock again)."""
    global _fixed
    _fixed = None if at is None else in_tokyo(at)


def now() -> datetime:
    """Aware datetime in Asia/Tokyo: the fixed instant if one is set."""
    return _fixed if _fixed is not None else datetime.now(TOKYO)


def in_tokyo(at: datetime) -> datetime:
    return at.replace(tzinfo=TOKYO) if at.tzinfo is None else at.astimezone(TOKYO)
