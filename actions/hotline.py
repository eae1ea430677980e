"""Which phone number to give, and is it open now? (pure logic; no Rasa import)

    choose_line("general", at=now()) -> LineChoice(numbers=..., menu=5, open_now=..., next_open=...)

Numbers, menus and hours come from settings/insurer.yml. Japanese public holidays come from
holidays.Japan (weekend hours apply on them). The clock is injectable: now() reads
MYNA_FIXED_NOW (ISO datetime; naive = Tokyo time) when set.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, Dict, Optional, Tuple

__all__ = [
    "TOKYO",
    "ENV_NOW",
    "KINDS",
    "PhoneChoice",
    "LineChoice",
    "now",
    "is_holiday",
    "hours_on",
    "is_open",
    "next_opening",
    "choose_line",
    "HAND_OFF_TOPICS",
    "kind_for_intent",
]


def _tokyo() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Tokyo")
    except Exception:  # no tz database: Japan has had no DST since 1951
        return timezone(timedelta(hours=9), "JST")


TOKYO = _tokyo()
ENV_NOW = "MYNA_FIXED_NOW"
KINDS = ("loss", "general", "ip_phone", "foreign", "abroad", "insurer")
_SEARCH_DAYS = 40  # enough to cross a year-end closure


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


def _in_tokyo(at: datetime) -> datetime:
    return at.replace(tzinfo=TOKYO) if at.tzinfo is None else at.astimezone(TOKYO)


@lru_cache(maxsize=64)
def _japan_holidays(year: int):
    import holidays  # lazy: only the hotline needs it

    return holidays.Japan(years=[year])


def is_holiday(d: date) -> bool:
    """A Japanese public holiday (incl. substitute and citizens' holidays)."""
    return d in _japan_holidays(d.year)


def _between(d: date, lo: Tuple[int, int], hi: Tuple[int, int]) -> bool:
    md = (d.month, d.day)
    return lo <= md <= hi if lo <= hi else (md >= lo or md <= hi)


def _in_closure(hours, d: date) -> bool:
    return hours.closed_from is not None and _between(d, hours.closed_from, hours.closed_to)


# An undated 年末年始 closure ("年末年始を除く" without dates) may fall on any of these
# days: on them the assistant says neither open nor closed (it never guesses dates).
_UNDATED_YEAR_END = ((12, 26), (1, 6))


def _uncertain(hours, d: date) -> bool:
    """The day may be in a closure whose dates no source gives."""
    return (hours is not None and hours.closed_text is not None and hours.closed_from is None
            and _between(d, *_UNDATED_YEAR_END))


def hours_on(hours, d: date):
    """The TimeRange the line keeps on day d, or None when closed all day."""
    if hours is None or hours.always_open:
        return None
    if _in_closure(hours, d):
        return None
    if d.weekday() >= 5 or is_holiday(d):
        return hours.weekends_holidays
    return hours.weekdays


def is_open(hours, at: datetime) -> Optional[bool]:
    """None when the hours are unknown, or the day may be in an undated closure."""
    if hours is None:
        return None
    if hours.always_open:
        return True
    at = _in_tokyo(at)
    if _uncertain(hours, at.date()):
        return None
    r = hours_on(hours, at.date())
    return r is not None and r.open <= at.time() < r.close


def next_opening(hours, at: datetime) -> Optional[datetime]:
    """Next opening time after `at` (None when open now, always open, hours unknown, or
    the next opening may fall in an undated closure)."""
    if hours is None or hours.always_open or is_open(hours, at) is not False:
        return None
    at = _in_tokyo(at)
    for i in range(_SEARCH_DAYS):
        d = at.date() + timedelta(days=i)
        if _uncertain(hours, d):
            return None
        r = hours_on(hours, d)
        if r is None:
            continue
        opening = datetime.combine(d, r.open, TOKYO)
        if opening > at:
            return opening
    return None


def _closes_at(hours, at: datetime) -> Optional[datetime]:
    if hours is None or hours.always_open or not is_open(hours, at):
        return None
    at = _in_tokyo(at)
    return datetime.combine(at.date(), hours_on(hours, at.date()).close, TOKYO)


def clock_text(t: time) -> str:
    """9:30, 20:00: a time of day as the answers write it."""
    return f"{t.hour}:{t.minute:02d}"


def hours_text_ja(hours) -> Optional[str]:
    """'平日 9:30～20:00、土日祝 9:30～17:30、年末年始を除く', '24時間365日' (as printed), or None.
    A closure is given by its dates only when the settings state them with a source."""
    if hours is None:
        return None
    if hours.text:
        return hours.text
    if hours.always_open:
        return "24時間"
    wd, we = hours.weekdays, hours.weekends_holidays
    s = f"平日 {clock_text(wd.open)}～{clock_text(wd.close)}、土日祝 {clock_text(we.open)}～{clock_text(we.close)}"
    if hours.closed_from is not None:
        (m1, d1), (m2, d2) = hours.closed_from, hours.closed_to
        s += f"（{m1}月{d1}日～{m2}月{d2}日は休み）"
    elif hours.closed_text:
        s += f"、{hours.closed_text}を除く"
    return s


@dataclass(frozen=True)
class PhoneChoice:
    label: str
    number: str
    printed: Optional[str] = None  # as printed in the leaflet when it differs


@dataclass(frozen=True)
class LineChoice:
    kind: str
    name: str
    numbers: Tuple[PhoneChoice, ...]  # empty when no number is configured
    menu: Optional[int]
    menu_label: Optional[str]
    always_open: bool
    hours_known: bool
    open_now: Optional[bool]  # None = hours unknown
    next_open: Optional[datetime]  # None when open now / always / unknown
    closes_at: Optional[datetime]  # today's closing time when open now
    hours_ja: Optional[str]
    source: str

    @property
    def available(self) -> bool:
        return bool(self.numbers)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "numbers": [{"label": p.label, "number": p.number, "printed": p.printed}
                        for p in self.numbers],
            "menu": self.menu,
            "menu_label": self.menu_label,
            "always_open": self.always_open,
            "hours_known": self.hours_known,
            "open_now": self.open_now,
            "next_open": self.next_open.isoformat() if self.next_open else None,
            "closes_at": self.closes_at.isoformat() if self.closes_at else None,
            "hours_ja": self.hours_ja,
            "available": self.available,
            "source": self.source,
        }


def choose_line(kind: str, at: Optional[datetime] = None, settings=None) -> LineChoice:
    """The line for a topic kind (see KINDS) and its state at `at` (default: now())."""
    if kind not in KINDS:
        raise ValueError(f"unknown hotline kind {kind!r}; expected one of {KINDS}")
    if settings is None:
        from actions.settings import load_settings

        settings = load_settings()
    at = now() if at is None else _in_tokyo(at)

    if kind == "insurer":
        ins = settings.insurer
        phones = tuple(PhoneChoice(p.label, p.number, p.printed)
                       for p in ins.contacts if p.number)  # null numbers are skipped
        hours, name, menu, menu_label = ins.hours, ins.name.value, None, None
        sources = [p.source for p in ins.contacts if p.number] + (
            [ins.hours_source] if ins.hours_source else [])
    else:
        line = getattr(settings.national_lines, kind)
        phones = tuple(PhoneChoice(p.label, p.number, p.printed) for p in line.numbers)
        hours, name, menu, menu_label = line.hours, line.name, line.menu, line.menu_label
        sources = [p.source for p in line.numbers]
        if line.menu_source:
            sources.append(line.menu_source)
        if hours is not None:
            sources.append(hours.source)

    return LineChoice(
        kind=kind,
        name=name,
        numbers=phones,
        menu=menu,
        menu_label=menu_label,
        always_open=bool(hours is not None and hours.always_open),
        hours_known=hours is not None,
        open_now=is_open(hours, at),
        next_open=next_opening(hours, at),
        closes_at=_closes_at(hours, at),
        hours_ja=hours_text_ja(hours),
        source="; ".join(dict.fromkeys(sources)),
    )


# Default hand-off per intent (fixed names from the spec); anything else -> "general".
_INTENT_KIND = {
    "lost_card": "loss",
    "smartphone_lost": "loss",
    "foreign_language": "foreign",
    "overseas": "abroad",
    # matters the insurer itself handles (004): applications, its own notices, its cards
    "registration_cancel": "insurer",
    "shikaku_kakuninsho": "insurer",
    "shikaku_joho_oshirase": "insurer",
    "job_change": "insurer",
    "kogaku_ryoyohi": "insurer",
    "linkage_check": "insurer",
    "legacy_card_validity": "insurer",
    "old_card_disposal": "insurer",
    "kakuninsho_not_arrived": "insurer",
    "what_to_show": "insurer",
    "oos_insurer": "insurer",
}


# Topics whose answer is followed by the phone hand-off card (utter_hotline): the
# answer's text leaves the number, menu and hours to it (said once per turn).
HAND_OFF_TOPICS = frozenset(
    {"lost_card", "smartphone_lost", "contact_hours", "foreign_language", "overseas", "human_handoff"}
)


def kind_for_intent(intent: Optional[str]) -> str:
    return _INTENT_KIND.get(intent or "", "general")
