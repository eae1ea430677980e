"""Japanese date parsing (西暦 and 和暦) and every date and time format the answers,
the pages and the staff report show (one function per shape).

Pure logic: no Rasa import, no I/O.

    extract_dates("平成元年5月3日生まれで、平成30年11月20日に受け取りました")
        -> [date(1989, 5, 3), date(2018, 11, 20)]
    parse_date("S30.7.8") -> date(1955, 7, 8)
    format_date_ja(date(1955, 7, 8)) -> "1955年（昭和30年）7月8日"

Impossible dates raise ParseError; its .message_ja says what is wrong in Japanese
(the words are in the message catalogue, myna/catalogue/ja.yml, under "date.").
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from myna.messages import WordedError
from myna.phone import DASH

__all__ = [
    "ERAS",
    "Era",
    "ParseError",
    "DateMention",
    "scan",
    "extract_dates",
    "parse_date",
    "era_of",
    "to_wareki",
    "format_ymd",
    "format_wareki",
    "format_date_ja",
    "format_md",
    "format_hm",
    "format_md_weekday_hm",
    "format_ymd_hm",
    "kanji_to_int",
    "normalize",
]


@dataclass(frozen=True)
class Era:
    name: str
    initial: str
    start: date
    end: date | None  # last day; None for the current era

    def year_of(self, d: date) -> int:
        return d.year - self.start.year + 1

    def label(self, era_year: int) -> str:
        return f"{self.name}{'元' if era_year == 1 else era_year}年"


# Official start dates (brief). Meiji: the Gregorian date of 明治改元.
ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23), date(1912, 7, 29)),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", date(2019, 5, 1), None),
)
_BY_KEY = {}
for _e in ERAS:
    _BY_KEY[_e.name] = _e
    _BY_KEY[_e.initial] = _e
    _BY_KEY[_e.initial.lower()] = _e
for _e in ERAS[2:]:
    _BY_KEY[_e.name[0]] = _e  # 昭30.7.8 style; not 明/大 ("最大5年" is no date)


class ParseError(WordedError):
    """A date the user wrote is missing, incomplete or impossible.

    code (what is wrong, for the caller): not_found | incomplete | bad_month | bad_day |
          era_year_zero | after_era_end | before_era_start | no_era | era_missing | era_mismatch
    message, params: its words (myna/messages.py WordedError); text: the date as written.
    """

    def __init__(self, code: str, message: str, text: str = "", **params: object):
        super().__init__(message, params)
        self.code = code
        self.text = text

    def __str__(self) -> str:
        return self.message_ja


@dataclass(frozen=True)
class DateMention:
    """One date-like span of the normalised text (see normalize())."""

    start: int
    end: int
    text: str
    era: str | None
    era_year: int | None
    year: int | None  # Gregorian
    month: int | None
    day: int | None
    value: date | None
    error: ParseError | None


# ---------------------------------------------------------------- numerals
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}


def kanji_to_int(s: str) -> int:
    """'三十' -> 30, '二〇一二' -> 2012, '千九百五十五' -> 1955, '元' -> 1, '12' -> 12."""
    s = s.strip()
    if not s:
        raise ValueError("empty numeral")
    if s == "元":
        return 1
    if s.isascii() and s.isdigit():
        return int(s)
    if all(c in _KANJI_DIGITS for c in s):  # positional: 二〇一二
        return int("".join(str(_KANJI_DIGITS[c]) for c in s))
    total, current = 0, 0
    for c in s:
        if c in _KANJI_DIGITS:
            current = current * 10 + _KANJI_DIGITS[c]
        elif c in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[c]
            current = 0
        elif c.isascii() and c.isdigit():
            current = current * 10 + int(c)
        else:
            raise ValueError(f"not a numeral: {s!r}")
    return total + current


# ---------------------------------------------------------------- normalising
# Dates written in kana ("しょうわ30ねん7がつ8にち"): era names before a year, units
# right after a number.
_KANA_ERAS = {"めいじ": "明治", "たいしょう": "大正", "しょうわ": "昭和", "へいせい": "平成", "れいわ": "令和"}
_KANA_ERA_RE = re.compile(rf"({'|'.join(_KANA_ERAS)})\s*(?=[0-9〇一二三四五六七八九十]|がんねん|元)")
_KANA_UNIT_RE = re.compile(r"(?<=[0-9〇一二三四五六七八九十])\s*(ねん|がつ|にち)")
_KANA_UNITS = {"ねん": "年", "がつ": "月", "にち": "日"}


def normalize(text: str) -> str:
    """NFKC (full-width digits/letters, ㍼ -> 昭和), kana eras and units read as kanji,
    dashes between digits unified."""
    t = unicodedata.normalize("NFKC", text)
    t = _KANA_ERA_RE.sub(lambda m: _KANA_ERAS[m.group(1)], t)
    t = t.replace("がんねん", "元年")
    t = _KANA_UNIT_RE.sub(lambda m: _KANA_UNITS[m.group(1)], t)
    return re.sub(rf"(?<=[0-9])\s*{DASH}\s*(?=[0-9])", "-", t)


_NUM = r"[0-9〇零一二三四五六七八九十百千]+"
_SEP = r"[./\-・]"
_ERA_FULL = r"明治|大正|昭和|平成|令和"
# Initials (S30.7.8) and one-kanji abbreviations (昭30.7.8) only right before ASCII
# digits and not inside a word, to avoid false hits.
_ERA_RE = re.compile(
    rf"(?:(?P<era>{_ERA_FULL})\s*(?P<ey>{_NUM}|元)"
    rf"|(?:(?<![A-Za-z])(?P<abbr>[MTSHRmtshr])\.?|(?<![一-龥々])(?P<kabbr>[昭平令]))"
    rf"(?P<ay>[0-9]{{1,2}}|元))"
    rf"\s*(?:"
    rf"年(?:\s*(?P<m1>{_NUM})\s*月(?:\s*(?P<d1>{_NUM})\s*日?)?)?"
    rf"|{_SEP}\s*(?P<m2>[0-9]{{1,2}})(?:\s*{_SEP}\s*(?P<d2>[0-9]{{1,2}}))?(?![0-9])"
    rf")"
)
_WEST_KANJI_RE = re.compile(
    rf"(?<![0-9])(?P<y>[0-9]{{4}}|[〇零一二三四五六七八九十百千]{{3,}})\s*年"
    rf"(?:\s*(?P<m>{_NUM})\s*月(?:\s*(?P<d>{_NUM})\s*日?)?)?"
)
_WEST_NUM_RE = re.compile(
    rf"(?<![0-9.\-/])(?P<y>1[89][0-9]{{2}}|2[01][0-9]{{2}})\s*(?P<s>{_SEP})\s*"
    rf"(?P<m>[0-9]{{1,2}})\s*(?P=s)\s*(?P<d>[0-9]{{1,2}})(?![0-9])"
)
# Our own answer format: "1955年（昭和30年）7月8日" (NFKC turns the brackets half-width).
_BOTH_RE = re.compile(
    rf"(?<![0-9])(?P<y>[0-9]{{4}})\s*年\s*\(\s*(?P<era>{_ERA_FULL})\s*(?P<ey>{_NUM}|元)\s*年\s*\)"
    rf"\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日"
)
# "7月8日" with no year at all.
_MD_RE = re.compile(rf"(?<![0-9年])(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日")
# "30年7月8日" with no era and a short year: ambiguous, so we ask which era.
_NO_ERA_RE = re.compile(
    rf"(?<![0-9A-Za-z])(?P<y>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*年\s*"
    rf"(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日"
)


# ---------------------------------------------------------------- eras
def era_of(d: date) -> Era | None:
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    return None


def to_wareki(d: date) -> tuple[str, int]:
    """(era name, era year) in force on d; ValueError before 明治."""
    era = era_of(d)
    if era is None:
        raise ValueError(f"{d.isoformat()} is before 明治")
    return era.name, era.year_of(d)


def format_ymd(d: date) -> str:
    """'2026年3月31日' (西暦, no leading zeros): the policy dates, the notice window."""
    return f"{d.year}年{format_md(d.month, d.day)}"


def format_wareki(d: date) -> str:
    """'昭和30年7月8日' ('平成元年5月3日' for year 1); before 明治 as format_ymd."""
    era = era_of(d)
    if era is None:
        return format_ymd(d)
    return f"{era.label(era.year_of(d))}{format_md(d.month, d.day)}"


def format_date_ja(d: date) -> str:
    """'1955年（昭和30年）7月8日' for answers to elderly readers; before 明治 as format_ymd."""
    era = era_of(d)
    if era is None:
        return format_ymd(d)
    return f"{d.year}年（{era.label(era.year_of(d))}）{format_md(d.month, d.day)}"


def format_md(month: int, day: int) -> str:
    """'12月29日' (a yearly date such as a closure's first day)."""
    return f"{month}月{day}日"


def format_hm(at: time | datetime) -> str:
    """'9:30' (hours without a leading zero, minutes with)."""
    return f"{at.hour}:{at.minute:02d}"


_WEEKDAYS = "月火水木金土日"


def format_md_weekday_hm(at: datetime) -> str:
    """'11月24日（火）9:30': when a closed line opens next."""
    return f"{format_md(at.month, at.day)}（{_WEEKDAYS[at.weekday()]}）{format_hm(at)}"


def format_ymd_hm(at: datetime) -> str:
    """'2026年11月24日 9:30': when a staff report was made."""
    return f"{format_ymd(at.date())} {format_hm(at)}"


# ---------------------------------------------------------------- checking
def _check_md(y: int, m: int | None, d: int | None, shown: str) -> ParseError | None:
    if m is not None and not 1 <= m <= 12:
        return ParseError("bad_month", "date.bad_month", shown, shown=shown)
    if m is not None and d is not None:
        last = calendar.monthrange(y, m)[1]
        if not 1 <= d <= last:
            return ParseError("bad_day", "date.bad_day", shown, shown=shown, month=m, last=last)
    return None


def _incomplete(shown: str) -> ParseError:
    return ParseError("incomplete", "date.no_month_day", shown, shown=shown)


def _resolve_era(
    era: Era, ey: int, m: int | None, d: int | None, shown: str
) -> tuple[int | None, date | None, ParseError | None]:
    if ey == 0:
        return None, None, ParseError("era_year_zero", "date.era_year_zero", shown, era=era.name)
    y = era.start.year + ey - 1
    if era.end is not None and y > era.end.year:
        last = era.year_of(era.end)
        return (
            None,
            None,
            ParseError(
                "after_era_end",
                "date.year_after_era_end",
                shown,
                era=era.name,
                era_year=ey,
                last_era_year=last,
                end_year=era.end.year,
                end_month=era.end.month,
                end_day=era.end.day,
            ),
        )
    err = _check_md(y, m, d, shown)
    if err:
        return y, None, err
    if m is None or d is None:
        return y, None, _incomplete(shown)
    value = date(y, m, d)
    if value < era.start:
        start = {
            "shown": shown,
            "era": era.name,
            "start_year": era.start.year,
            "start_month": era.start.month,
            "start_day": era.start.day,
        }
        if era_of(value):
            return (
                y,
                None,
                ParseError(
                    "before_era_start", "date.before_era_start_in_era", shown, **start, wareki=format_wareki(value)
                ),
            )
        return y, None, ParseError("before_era_start", "date.before_era_start", shown, **start)
    if era.end is not None and value > era.end:
        return (
            y,
            None,
            ParseError(
                "after_era_end",
                "date.day_after_era_end",
                shown,
                shown=shown,
                era=era.name,
                end_year=era.end.year,
                end_month=era.end.month,
                end_day=era.end.day,
                wareki=format_wareki(value),
            ),
        )
    return y, value, None


def _num(s: str | None) -> int | None:
    return None if s is None else kanji_to_int(s)


# ---------------------------------------------------------------- scanning
def scan(text: str) -> list[DateMention]:
    """All date-like spans in order (never raises). Spans refer to normalize(text)."""
    t = normalize(text)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _BOTH_RE.finditer(t):
        era = _BY_KEY[m.group("era")]
        y, ey = int(m.group("y")), kanji_to_int(m.group("ey"))
        mo, dy = _num(m.group("m")), _num(m.group("d"))
        shown = m.group(0).strip()
        ey_y, value, err = _resolve_era(era, ey, mo, dy, shown)
        if err is None and ey_y != y:
            value, err = None, ParseError("era_mismatch", "date.era_mismatch", shown, shown=shown)
        taken.append(m.span())
        out.append(DateMention(m.start(), m.end(), shown, era.name, ey, y, mo, dy, value, err))

    for m in _ERA_RE.finditer(t):
        if not free(*m.span()):
            continue
        era = _BY_KEY[m.group("era") or m.group("abbr") or m.group("kabbr")]
        ey = kanji_to_int(m.group("ey") or m.group("ay"))
        mo = _num(m.group("m1") or m.group("m2"))
        dy = _num(m.group("d1") or m.group("d2"))
        shown = m.group(0).strip()
        year, value, err = _resolve_era(era, ey, mo, dy, shown)
        taken.append(m.span())
        out.append(DateMention(m.start(), m.end(), shown, era.name, ey, year, mo, dy, value, err))

    for rx in (_WEST_NUM_RE, _WEST_KANJI_RE):
        for m in rx.finditer(t):
            if not free(*m.span()):
                continue
            y = kanji_to_int(m.group("y"))
            if y < 1000:  # "三十年" is a duration, not a year
                continue
            mo, dy = _num(m.group("m")), _num(m.group("d"))
            shown = m.group(0).strip()
            err = _check_md(y, mo, dy, shown)
            value = None
            if err is None and mo is not None and dy is not None:
                value = date(y, mo, dy)
            if y < ERAS[0].start.year or (value is not None and value < ERAS[0].start):
                first = ERAS[0]
                err, value = (
                    ParseError(
                        "no_era",
                        "date.before_first_era",
                        shown,
                        shown=shown,
                        era=first.name,
                        start_year=first.start.year,
                        start_month=first.start.month,
                        start_day=first.start.day,
                    ),
                    None,
                )
            elif err is None and value is None:
                err = _incomplete(shown)
            taken.append(m.span())
            out.append(DateMention(m.start(), m.end(), shown, None, None, y, mo, dy, value, err))

    for m in _NO_ERA_RE.finditer(t):
        if not free(*m.span()):
            continue
        shown = m.group(0).strip()
        taken.append(m.span())
        out.append(
            DateMention(
                m.start(),
                m.end(),
                shown,
                None,
                _num(m.group("y")),
                None,
                _num(m.group("m")),
                _num(m.group("d")),
                None,
                ParseError("era_missing", "date.era_missing", shown, shown=shown),
            )
        )

    for m in _MD_RE.finditer(t):
        if not free(*m.span()):
            continue
        shown = m.group(0).strip()
        mo, dy = _num(m.group("m")), _num(m.group("d"))
        err = _check_md(2000, mo, dy, shown)  # a leap year: 2月29日 is possible
        if err is None:
            err = ParseError("incomplete", "date.no_year", shown, shown=shown)
        taken.append(m.span())
        out.append(DateMention(m.start(), m.end(), shown, None, None, None, mo, dy, None, err))

    out.sort(key=lambda x: x.start)
    return out


def extract_dates(text: str) -> list[date]:
    """Complete dates in the order written.

    Raises ParseError for the first impossible date. Incomplete ones ("令和2年") raise
    only when no complete date is present (so the caller can ask for the missing part).
    """
    mentions = scan(text)
    for mt in mentions:
        if mt.error is not None and mt.error.code != "incomplete":
            raise mt.error
    values = [mt.value for mt in mentions if mt.value is not None]
    if not values:
        for mt in mentions:
            if mt.error is not None:
                raise mt.error
    return values


def parse_date(text: str) -> date:
    """The first date in text; ParseError when none or when it is impossible."""
    values = extract_dates(text)
    if not values:
        raise ParseError("not_found", "date.not_found", text)
    return values[0]
