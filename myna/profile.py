"""The insurer profile: load and validate settings/insurer.yml (pydantic v1 API: rasa pins pydantic<1.10.10).

No I/O at import time: load_profile() reads the file on first use and caches it per path.
The path is <repo>/settings/insurer.yml unless use_file() names another (myna.config sets
it once at start-up from MYNA_SETTINGS_FILE).
Any problem raises one ProfileError naming the file and the field(s).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import date, time
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConstrainedInt,
    ConstrainedStr,
    Extra,
    Field,
    ValidationError,
    root_validator,
    validator,
)

from myna.phone import is_display_form

__all__ = [
    "DEFAULT_PATH",
    "ProfileError",
    "Profile",
    "profile_path",
    "use_file",
    "load_profile",
    "clear_cache",
]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "settings" / "insurer.yml"


class ProfileError(ValueError):
    """The insurer profile file is missing or invalid. .path, .fields (dotted), .problems."""

    def __init__(self, path: str, problems: list[tuple[str, str]]):
        self.path = path
        self.problems = problems
        self.fields = [f for f, _ in problems]
        detail = "; ".join(f"{f}: {m}" for f, m in problems)
        super().__init__(f"invalid insurer profile {path}: {detail}")


# ---------------------------------------------------------------- field types
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PhoneNumber(str):
    """'0120-95-0178', '06-6941-5004' or '+81-3-6734-0170' (half-width, dashes)."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], Any]]:
        yield cls.validate

    @classmethod
    def validate(cls, v: Any) -> PhoneNumber:
        if not isinstance(v, str):
            raise ValueError(f"phone number must be a quoted string like 0120-95-0178, got {v!r}")
        if not is_display_form(v):
            raise ValueError(f"bad phone number format {v!r}; expected e.g. 0120-95-0178")
        return cls(v)


class IsoDate(date):
    """Strict YYYY-MM-DD (pydantic v1 would also take numbers as timestamps)."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], Any]]:
        yield cls.validate

    @classmethod
    def validate(cls, v: Any) -> date:
        if isinstance(v, date):
            return v
        if not isinstance(v, str) or not _DATE_RE.match(v.strip()):
            raise ValueError(f"bad date {v!r}; expected YYYY-MM-DD")
        try:
            return date.fromisoformat(v.strip())
        except ValueError:
            raise ValueError(f"impossible date {v!r}") from None


def _parse_hhmm(v: Any) -> time:
    if not isinstance(v, str) or not re.match(r"^\d{2}:\d{2}$", v):
        raise ValueError(f'bad time {v!r}; expected a quoted "HH:MM"')
    h, m = map(int, v.split(":"))
    if h > 24 or m > 59 or (h == 24 and m):
        raise ValueError(f"impossible time {v!r}")
    return time(23, 59, 59) if h == 24 else time(h, m)


def _parse_month_day(v: Any) -> tuple[int, int]:
    if not isinstance(v, str) or not re.match(r"^\d{2}-\d{2}$", v):
        raise ValueError(f'bad month-day {v!r}; expected a quoted "MM-DD"')
    m, d = map(int, v.split("-"))
    try:
        date(2000, m, d)
    except ValueError:
        raise ValueError(f"impossible month-day {v!r}") from None
    return m, d


class Text(ConstrainedStr):
    """A non-empty text (surrounding blanks stripped)."""

    strip_whitespace = True
    min_length = 1


Source = Text  # where a fact comes from: a leaflet and the place in it


class AsOf(ConstrainedStr):
    """YYYY-MM or YYYY-MM-DD."""

    strip_whitespace = True
    regex = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class MenuDigit(ConstrainedInt):
    """A phone menu's number (音声ガイダンス 0-9)."""

    ge = 0
    le = 9


class Years(ConstrainedInt):
    ge = 1
    le = 10


class Code(ConstrainedStr):
    regex = re.compile(r"^[a-z_]+$")


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


# ---------------------------------------------------------------- models
class SourcedText(_Model):
    value: Text
    source: Source


class PolicyDate(_Model):
    """A dated rule or measure: the answers change tense the day after `value`.
    as_of: when the source said so (YYYY-MM or YYYY-MM-DD), to know when to re-check."""

    value: IsoDate
    source: Source
    as_of: AsOf


class SourcedMenu(_Model):
    value: MenuDigit
    label: Text
    source: Source


class SourcedYears(_Model):
    value: Years
    source: Source


class Phone(_Model):
    label: Text
    number: PhoneNumber | None  # null allowed for the insurer (leaflet may print none)
    printed: Text | None = None  # the form printed in the leaflet, when it differs
    source: Source


class TimeRange(_Model):
    open: time
    close: time

    _hhmm = validator("open", "close", pre=True, allow_reuse=True)(_parse_hhmm)

    @root_validator(skip_on_failure=True)
    def _order(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values["close"] <= values["open"]:
            raise ValueError("close must be after open")
        return values


class Hours(_Model):
    always_open: bool = False
    weekdays: TimeRange | None = None
    weekends_holidays: TimeRange | None = None
    # Closure as printed (e.g. 年末年始). Its dates only when a source states them:
    # 002 prints 「年末年始を除く」 without dates, and no date is guessed.
    closed_text: Text | None = None
    closed_from: tuple[int, int] | None = None  # (month, day), inclusive
    closed_to: tuple[int, int] | None = None
    closed_source: Source | None = None
    text: Text | None = None  # wording as printed, e.g. 24時間対応
    source: Source

    _md = validator("closed_from", "closed_to", pre=True, allow_reuse=True)(_parse_month_day)

    @root_validator(skip_on_failure=True)
    def _complete(cls, values: dict[str, Any]) -> dict[str, Any]:
        if not values.get("always_open"):
            for key in ("weekdays", "weekends_holidays"):
                if values.get(key) is None:
                    raise ValueError(f"{key} is required unless always_open is true")
        if (values.get("closed_from") is None) != (values.get("closed_to") is None):
            raise ValueError("closed_from and closed_to go together")
        if values.get("closed_from") is not None and not values.get("closed_source"):
            raise ValueError("closed_from/closed_to need closed_source (the leaflet that states them)")
        return values


class NationalPhone(Phone):
    number: PhoneNumber  # national numbers are always printed


class Line(_Model):
    name: Text
    numbers: list[NationalPhone] = Field(..., min_items=1)
    menu: MenuDigit | None = None
    menu_label: Text | None = None
    menu_source: Source | None = None
    hours: Hours | None  # null = hours not printed in the leaflets

    @root_validator(skip_on_failure=True)
    def _menu_sourced(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("menu") is not None and not values.get("menu_source"):
            raise ValueError("menu needs menu_source")
        return values


class NationalLines(_Model):
    general: Line
    loss: Line
    ip_phone: Line
    foreign: Line
    abroad: Line
    smartphone_other_menu: SourcedMenu  # smartphone certificate: revocation and other questions


# Answers give at most this many of the insurer's numbers as buttons.
MAX_INSURER_CONTACTS = 3


class Practices(_Model):
    """What this insurer says it does itself (told as its practice, not as a rule)."""

    activation: SourcedText | None = None  # when the card works after joining
    records_checked: SourcedText | None = None  # its check of registered records


class Insurer(_Model):
    name: SourcedText
    example: bool = False  # a fictitious profile: its numbers are not real
    contacts: list[Phone] = Field(..., min_items=1)
    hours: Hours | None
    hours_source: Source | None = None
    practices: Practices = Practices()

    @validator("contacts")
    def _few_numbers(cls, contacts: list[Phone]) -> list[Phone]:
        if sum(1 for c in contacts if c.number) > MAX_INSURER_CONTACTS:
            raise ValueError(f"at most {MAX_INSURER_CONTACTS} numbers (they become buttons)")
        return contacts


class Recipient(_Model):
    code: Code
    text: Text
    source: Source


class Kakuninsho(_Model):
    insurer_valid_until: PolicyDate
    kouki_valid_until: PolicyDate
    max_years: SourcedYears
    automatic_recipients: list[Recipient] = Field(..., min_items=1)
    on_application: list[Recipient] = Field(..., min_items=1)


class LegacyCard(_Model):
    issuance_stopped: PolicyDate
    cutoff: PolicyDate

    @root_validator(skip_on_failure=True)
    def _order(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values["cutoff"].value <= values["issuance_stopped"].value:
            raise ValueError("cutoff must be after issuance_stopped")
        return values


class Profile(_Model):
    insurer: Insurer
    national_lines: NationalLines
    kakuninsho: Kakuninsho
    legacy_card: LegacyCard

    def policy_dates(self) -> dict[str, PolicyDate]:
        """Every dated rule or measure the answers rest on, by dotted name."""
        return {
            "kakuninsho.insurer_valid_until": self.kakuninsho.insurer_valid_until,
            "kakuninsho.kouki_valid_until": self.kakuninsho.kouki_valid_until,
            "legacy_card.issuance_stopped": self.legacy_card.issuance_stopped,
            "legacy_card.cutoff": self.legacy_card.cutoff,
        }


# ---------------------------------------------------------------- loading
class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit dates: bad dates then fail in pydantic, with a field name."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_file = DEFAULT_PATH


def use_file(path: Path) -> None:
    """The file load_profile() reads from now on."""
    global _file
    _file = path


def profile_path() -> Path:
    return _file


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(x) for x in loc if x != "__root__") or "<root>"


def parse_profile(raw: Any, path: str = "<memory>") -> Profile:
    if not isinstance(raw, dict):
        raise ProfileError(path, [("<root>", "the file must hold a YAML mapping")])
    try:
        return Profile.parse_obj(raw)
    except ValidationError as exc:
        raise ProfileError(path, [(_field(e["loc"]), e["msg"]) for e in exc.errors()]) from None


@cache
def _load_cached(path: str) -> Profile:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(path, [("<file>", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ProfileError(path, [("<yaml>", str(exc).replace("\n", " "))]) from None
    return parse_profile(raw, path)


def load_profile(path: str | os.PathLike[str] | None = None) -> Profile:
    """The validated profile; cached per resolved path (errors are not cached)."""
    return _load_cached(str(Path(path or profile_path()).resolve()))


def clear_cache() -> None:
    _load_cached.cache_clear()
