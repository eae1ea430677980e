"""Which phone number to give, and is it open now? (pure logic; no Rasa import)

    choose_line("general", at=now()) -> LineChoice(numbers=..., menu=5, open_now=..., next_open=...)

Numbers, menus and hours come from settings/insurer.yml. Japanese public holidays come from
holidays.Japan (weekend hours apply on them). The clock is myna/clock.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from myna.clock import TOKYO, in_tokyo, now
from myna.dates import format_hm, format_md
from myna.messages import text as message_text
from myna.profile import Hours, Line, Profile, TimeRange, load_profile

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = [
    "KINDS",
    "PhoneChoice",
    "LineChoice",
    "is_holiday",
    "hours_on",
    "is_open",
    "next_opening",
    "choose_line",
    "HAND_OFF_TOPICS",
    "kind_for_intent",
]


KINDS = ("loss", "general", "ip_phone", "foreign", "abroad", "insurer")
_SEARCH_DAYS = 40  # enough to cross a year-end closure


@lru_cache(maxsize=64)
def _japan_holidays(year: int) -> HolidayBase:
    import holidays  # lazy: the session slots import this module for hours_text_ja only

    return holidays.country_holidays("JP", years=[year])


def is_holiday(d: date) -> bool:
    """A Japanese public holiday (incl. substitute and citizens' holidays)."""
    return d in _japan_holidays(d.year)


def _between(d: date, lo: tuple[int, int], hi: tuple[int, int]) -> bool:
    md = (d.month, d.day)
    return lo <= md <= hi if lo <= hi else (md >= lo or md <= hi)


def _in_closure(hours: Hours, d: date) -> bool:
    return (
        hours.closed_from is not None
        and hours.closed_to is not None
        and _between(d, hours.closed_from, hours.closed_to)
    )


# An undated 年末年始 closure ("年末年始を除く" without dates) may fall on any of these
# days: on them the assistant says neither open nor closed (it never guesses dates).
_UNDATED_YEAR_END = ((12, 26), (1, 6))


def _uncertain(hours: Hours | None, d: date) -> bool:
    """The day may be in a closure whose dates no source gives."""
    return (
        hours is not None
        and hours.closed_text is not None
        and hours.closed_from is None
        and _between(d, *_UNDATED_YEAR_END)
    )


def hours_on(hours: Hours | None, d: date) -> TimeRange | None:
    """The TimeRange the line keeps on day d, or None when closed all day."""
    if hours is None or hours.always_open:
        return None
    if _in_closure(hours, d):
        return None
    if d.weekday() >= 5 or is_holiday(d):
        return hours.weekends_holidays
    return hours.weekdays


def is_open(hours: Hours | None, at: datetime) -> bool | None:
    """None when the hours are unknown, or the day may be in an undated closure."""
    if hours is None:
        return None
    if hours.always_open:
        return True
    at = in_tokyo(at)
    if _uncertain(hours, at.date()):
        return None
    r = hours_on(hours, at.date())
    return r is not None and r.open <= at.time() < r.close


def next_opening(hours: Hours | None, at: datetime) -> datetime | None:
    """Next opening time after `at` (None when open now, always open, hours unknown, or
    the next opening may fall in an undated closure)."""
    if hours is None or hours.always_open or is_open(hours, at) is not False:
        return None
    at = in_tokyo(at)
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


def _closes_at(hours: Hours | None, at: datetime) -> datetime | None:
    if hours is None or hours.always_open or not is_open(hours, at):
        return None
    at = in_tokyo(at)
    today = hours_on(hours, at.date())
    return None if today is None else datetime.combine(at.date(), today.close, TOKYO)


def hours_text_ja(hours: Hours | None) -> str | None:
    """'平日 9:30～20:00、土日祝 9:30～17:30、年末年始を除く', '24時間365日' (as printed), or None.
    A closure is given by its dates only when the profile states them with a source."""
    if hours is None:
        return None
    if hours.text:
        return hours.text
    if hours.always_open:
        return message_text("hours.always_open")
    wd, we = hours.weekdays, hours.weekends_holidays
    assert wd is not None and we is not None  # the profile requires both unless always open
    s = message_text(
        "hours.weekly",
        weekday_open=format_hm(wd.open),
        weekday_close=format_hm(wd.close),
        weekend_open=format_hm(we.open),
        weekend_close=format_hm(we.close),
    )
    if hours.closed_from is not None and hours.closed_to is not None:
        (m1, d1), (m2, d2) = hours.closed_from, hours.closed_to
        s += message_text("hours.closed_days", closed_from=format_md(m1, d1), closed_to=format_md(m2, d2))
    elif hours.closed_text:
        s += message_text("hours.closed_as_printed", closed=hours.closed_text)
    return s


@dataclass(frozen=True)
class PhoneChoice:
    label: str
    number: str
    printed: str | None = None  # as printed in the leaflet when it differs


@dataclass(frozen=True)
class LineChoice:
    kind: str
    name: str
    numbers: tuple[PhoneChoice, ...]  # empty when no number is configured
    menu: int | None
    always_open: bool
    hours_known: bool
    open_now: bool | None  # None = hours unknown
    next_open: datetime | None  # None when open now / always / unknown
    closes_at: datetime | None  # today's closing time when open now
    hours_ja: str | None

    @property
    def available(self) -> bool:
        return bool(self.numbers)


def choose_line(kind: str, at: datetime | None = None, profile: Profile | None = None) -> LineChoice:
    """The line for a topic kind (see KINDS) and its state at `at` (default: now())."""
    if kind not in KINDS:
        raise ValueError(f"unknown hotline kind {kind!r}; expected one of {KINDS}")
    if profile is None:
        profile = load_profile()
    at = now() if at is None else in_tokyo(at)

    if kind == "insurer":
        ins = profile.insurer
        phones = tuple(
            PhoneChoice(p.label, p.number, p.printed) for p in ins.contacts if p.number
        )  # null numbers are skipped
        hours, name, menu = ins.hours, ins.name.value, None
    else:
        line: Line = getattr(profile.national_lines, kind)
        phones = tuple(PhoneChoice(p.label, p.number, p.printed) for p in line.numbers)
        hours, name, menu = line.hours, line.name, line.menu

    return LineChoice(
        kind=kind,
        name=name,
        numbers=phones,
        menu=menu,
        always_open=bool(hours is not None and hours.always_open),
        hours_known=hours is not None,
        open_now=is_open(hours, at),
        next_open=next_opening(hours, at),
        closes_at=_closes_at(hours, at),
        hours_ja=hours_text_ja(hours),
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


def kind_for_intent(intent: str | None) -> str:
    return _INTENT_KIND.get(intent or "", "general")
