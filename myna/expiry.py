"""Personal-dates rules engine (pure logic; no Rasa import).

Main entry point: compute(birth_date, card_issued=..., insurance=..., today=...) -> PersonalDates.
Sources: 000 P3/P5/P18, 001, 004 Q8/Q12/Q15 (see settings/insurer.yml for the dates).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from myna.clock import now
from myna.dates import era_of, format_date_ja
from myna.messages import WordedError
from myna.profile import Profile, load_profile

__all__ = [
    "INSURANCE_TYPES",
    "MY_NUMBER_CARD_START",
    "ADULT_AGE_CHANGE",
    "InputError",
    "NoticeWindow",
    "LegacyCardResult",
    "PersonalDates",
    "birthday_in_year",
    "age_on",
    "is_minor_on",
    "nth_birthday_after",
    "card_expiry",
    "certificate_expiry",
    "add_months",
    "notice_window",
    "legacy_card_expiry",
    "kakuninsho_info",
    "normalize_insurance",
    "validate_birth_date",
    "validate_card_issued",
    "validate_certificate_renewed",
    "validate_inputs",
    "compute",
]

INSURANCE_TYPES = ("employee", "kokuho", "kouki")
MY_NUMBER_CARD_START = date(2016, 1, 1)  # cards were first issued in January 2016
ADULT_AGE_CHANGE = date(2022, 4, 1)  # age of majority 20 -> 18


class InputError(WordedError):
    """Bad user input. .field (python name), .flag (CLI flag); .message and .params
    are its words (myna/messages.py WordedError)."""

    def __init__(self, field_name: str, message: str, **params: object):
        super().__init__(message, params)
        self.field = field_name
        self.flag = "--" + field_name.replace("_", "-")

    def __str__(self) -> str:
        return f"{self.flag}: {self.message_ja}"


# ---------------------------------------------------------------- birthdays
def birthday_in_year(birth: date, year: int) -> date:
    """The birthday in `year`; 29 Feb becomes 28 Feb in common years."""
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birth.replace(year=year)


def age_on(birth: date, day: date) -> int:
    """Completed years on `day` (the birthday itself counts)."""
    return day.year - birth.year - (1 if day < birthday_in_year(birth, day.year) else 0)


def is_minor_on(birth: date, day: date) -> bool:
    """Under 20 before 2022-04-01, under 18 from then."""
    return age_on(birth, day) < (20 if day < ADULT_AGE_CHANGE else 18)


def nth_birthday_after(birth: date, day: date, n: int) -> date:
    """The n-th birthday strictly after `day` (a birthday on `day` itself does not count)."""
    first_year = day.year if birthday_in_year(birth, day.year) > day else day.year + 1
    return birthday_in_year(birth, first_year + n - 1)


def card_expiry(birth: date, issued: date) -> date:
    """10th birthday after issue; 5th if a minor on the issue day (000 P3, 004 Q12)."""
    return nth_birthday_after(birth, issued, 5 if is_minor_on(birth, issued) else 10)


def certificate_expiry(birth: date, issued: date) -> date:
    """Electronic certificate: 5th birthday after issue, whatever the age (000 P3/P5)."""
    return nth_birthday_after(birth, issued, 5)


# ---------------------------------------------------------------- notice window
def add_months(d: date, months: int) -> date:
    """Shift by whole months, clamping to the month end (31 May - 3 months = 28/29 Feb)."""
    y, m = divmod(d.year * 12 + (d.month - 1) + months, 12)
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


@dataclass(frozen=True)
class NoticeWindow:
    """When the 有効期限通知書 should arrive: 2-3 months before expiry (000 P3, 004 Q12)."""

    start: date
    end: date
    started: bool  # today >= start
    passed: bool  # today > end

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "started": self.started,
            "passed": self.passed,
        }


def notice_window(expiry: date, today: date) -> NoticeWindow:
    start, end = add_months(expiry, -3), add_months(expiry, -2)
    return NoticeWindow(start, end, today >= start, today > end)


# ---------------------------------------------------------------- old paper card
@dataclass(frozen=True)
class LegacyCardResult:
    """Last valid day of the old paper insurance card.

    expires: the day, or None when the inputs do not allow (see rule).
    rule: why -- printed_expiry | age70 | age75 | residence_expiry | cutoff
          | insurance_unknown | printed_expiry_missing
    latest: the latest it can be (known even when expires is None).
    expired: today > (expires or latest); None when unknown.
    candidates: every rule that applied -> its date.
    """

    expires: date | None
    rule: str
    latest: date | None
    expired: bool | None
    candidates: dict[str, date] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "expires": _iso(self.expires),
            "rule": self.rule,
            "latest": _iso(self.latest),
            "expired": self.expired,
            "candidates": {k: v.isoformat() for k, v in self.candidates.items()},
        }


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _age70_end(birthday70: date) -> date:
    """End of the birth month; birthday on the 1st: end of the previous month (000 P5)."""
    if birthday70.day == 1:
        prev = add_months(birthday70, -1)
        return _month_end(prev.year, prev.month)
    return _month_end(birthday70.year, birthday70.month)


# Ties: the personal reason is reported before the general cut-off.
_RULE_ORDER = ("printed_expiry", "age70", "age75", "residence_expiry", "cutoff")


def legacy_card_expiry(
    birth: date,
    insurance: str | None,
    printed_expiry: date | None = None,
    residence_expiry: date | None = None,
    today: date | None = None,
    *,
    cutoff: date = date(2025, 12, 1),
    issuance_stopped: date = date(2024, 12, 2),
) -> LegacyCardResult:
    """The earliest of the rules in 000 P5 / 004 Q15 (cutoff, issuance_stopped from the profile).

    - employee: 2025-12-01; kokuho/kouki: printed date, no later than 2025-12-01
      (a printed date is honoured for any type: no card outlives its printed date)
    - 70th birthday (employee/kokuho only): end of the birth month (1st: previous month end)
    - 75th birthday (employee/kokuho only): the day before
    - foreign resident: the end of stay
    70/75 count only when the birthday falls in the card's life
    [issuance_stopped, cutoff]: earlier birthdays came with a newer card.
    """
    if insurance is None:
        # No card outlived its printed date or the cut-off: only that bound is known.
        latest = min(d for d in (cutoff, printed_expiry) if d is not None)
        expired = True if today is not None and today > latest else None
        return LegacyCardResult(None, "insurance_unknown", latest, expired, {})
    if insurance not in INSURANCE_TYPES:
        raise InputError("insurance", "expiry.unknown_insurance", insurance=insurance)

    cands: dict[str, date] = {"cutoff": cutoff}
    if printed_expiry is not None and printed_expiry < cutoff:
        cands["printed_expiry"] = printed_expiry
    # Kouki members are already 75+ (or 65+ with a disability): 70/75 change nothing for them.
    if insurance in ("employee", "kokuho"):
        b70 = birthday_in_year(birth, birth.year + 70)
        if issuance_stopped <= b70 <= cutoff:
            cands["age70"] = _age70_end(b70)
        b75 = birthday_in_year(birth, birth.year + 75)
        if issuance_stopped <= b75 <= cutoff:
            cands["age75"] = date.fromordinal(b75.toordinal() - 1)
    if residence_expiry is not None and residence_expiry < cutoff:
        cands["residence_expiry"] = residence_expiry

    rule = min(cands, key=lambda k: (cands[k], _RULE_ORDER.index(k)))
    latest = cands[rule]
    if insurance in ("kokuho", "kouki") and printed_expiry is None:
        # The printed date may be earlier still: only an upper bound is known.
        expires, rule = None, "printed_expiry_missing"
    else:
        expires = latest
    expired = None if today is None else today > latest
    if expires is None and expired is False:
        expired = None  # not past the bound, but the unknown printed date may be
    return LegacyCardResult(expires, rule, latest, expired, cands)


# ---------------------------------------------------------------- 資格確認書
def kakuninsho_info(
    insurance: str | None,
    today: date,
    profile: Profile | None = None,
    certificate_expired: bool | None = None,
) -> dict[str, Any]:
    """資格確認書 facts from the profile, plus which date applies to this user and why they
    would receive one without applying (when the inputs say so)."""
    s = profile or load_profile()
    k = s.kakuninsho
    insurer_until = k.insurer_valid_until.value
    kouki_until = k.kouki_valid_until.value
    if insurance == "employee":
        yours: str | None = "insurer"
    elif insurance == "kouki":
        yours = "kouki"
    else:
        yours = None  # kokuho: set by the municipality, not in our sources
    reasons: list[str] = []
    if certificate_expired:
        reasons.append("certificate_expired")
    if insurance == "kouki":
        reasons.append("kouki")
    return {
        "insurer_name": s.insurer.name.value,
        "insurer_valid_until": insurer_until.isoformat(),
        "insurer_expired": today > insurer_until,
        "kouki_valid_until": kouki_until.isoformat(),
        "kouki_expired": today > kouki_until,
        "max_years": k.max_years.value,
        "applies_to_you": yours,
        "your_valid_until": {"insurer": insurer_until.isoformat(), "kouki": kouki_until.isoformat()}.get(yours or ""),
        "automatic_reasons": reasons,
        "automatic_recipients": [{"code": r.code, "text": r.text} for r in k.automatic_recipients],
        "on_application": [{"code": r.code, "text": r.text} for r in k.on_application],
        "sources": {
            "insurer_valid_until": k.insurer_valid_until.source,
            "kouki_valid_until": k.kouki_valid_until.source,
        },
    }


# ---------------------------------------------------------------- helpers
_INSURANCE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kouki", ("後期高齢", "こうきこうれい", "こうき", "kouki", "koki")),
    ("kokuho", ("国民健康保険", "国保", "こくほ", "こくみんけんこうほけん", "kokuho")),
    (
        "employee",
        (
            "健康保険組合",
            "健保",
            "けんぽ",
            "協会けんぽ",
            "社保",
            "しゃほ",
            "社会保険",
            "共済",
            "被用者保険",
            "会社の保険",
            "employee",
        ),
    ),
)


def normalize_insurance(text: str | None) -> str | None:
    """'国保です' -> 'kokuho', '後期高齢者' -> 'kouki', '健保' -> 'employee', else None."""
    if not text:
        return None
    t = text.strip().lower()
    for code, words in _INSURANCE_WORDS:
        if any(w in t for w in words):
            return code
    return None


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def validate_birth_date(birth_date: date, today: date) -> None:
    """Raise InputError (Japanese message) for an impossible birth date."""
    if birth_date > today:
        raise InputError("birth_date", "expiry.birth_in_future")
    if birth_date.year < 1868:
        raise InputError("birth_date", "expiry.birth_too_old")


def validate_certificate_renewed(renewed: date, card_issued: date | None, today: date) -> None:
    """Raise InputError for an impossible certificate renewal day."""
    if card_issued is not None and renewed < card_issued:
        raise InputError("certificate_renewed", "expiry.renewed_before_issued")
    if renewed > today:
        raise InputError("certificate_renewed", "expiry.renewed_in_future")


def validate_card_issued(card_issued: date, birth_date: date | None, today: date) -> None:
    """Raise InputError for an impossible issue day (checked against birth when known)."""
    if birth_date is not None and card_issued < birth_date:
        raise InputError("card_issued", "expiry.issued_before_birth")
    if card_issued < MY_NUMBER_CARD_START:
        start, era = MY_NUMBER_CARD_START, era_of(MY_NUMBER_CARD_START)
        assert era is not None  # 2016 is in 平成
        raise InputError(
            "card_issued",
            "expiry.issued_before_first_cards",
            year=start.year,
            era_year=era.label(era.year_of(start)),
            month=start.month,
        )
    if card_issued > today:
        raise InputError("card_issued", "expiry.issued_in_future")


def validate_inputs(
    birth_date: date,
    card_issued: date | None,
    insurance: str | None,
    today: date,
) -> None:
    """Raise InputError (Japanese message) for impossible combinations."""
    validate_birth_date(birth_date, today)
    if card_issued is not None:
        validate_card_issued(card_issued, birth_date, today)
    if insurance is not None and insurance not in INSURANCE_TYPES:
        raise InputError("insurance", "expiry.unknown_insurance", insurance=insurance)


# ---------------------------------------------------------------- all together
@dataclass(frozen=True)
class PersonalDates:
    today: date
    birth_date: date
    card_issued: date | None
    certificate_renewed: date | None  # None: the certificate is counted from the issue day
    insurance: str | None
    minor_at_issue: bool | None
    card_expires: date | None
    card_expired: bool | None
    card_notice: NoticeWindow | None
    certificate_expires: date | None
    certificate_expired: bool | None
    certificate_notice: NoticeWindow | None
    legacy_card: LegacyCardResult
    kakuninsho: dict[str, Any]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Flat JSON-ready dict (ISO dates); the CLI prints exactly this."""

        def ja(d: date | None) -> str | None:
            return None if d is None else format_date_ja(d)

        lc = self.legacy_card
        return {
            "today": self.today.isoformat(),
            "birth_date": self.birth_date.isoformat(),
            "card_issued": _iso(self.card_issued),
            "certificate_renewed": _iso(self.certificate_renewed),
            "insurance": self.insurance,
            "minor_at_issue": self.minor_at_issue,
            "card_expires": _iso(self.card_expires),
            "card_expired": self.card_expired,
            "card_notice_window": self.card_notice.to_dict() if self.card_notice else None,
            "certificate_expires": _iso(self.certificate_expires),
            "certificate_expired": self.certificate_expired,
            "certificate_notice_window": (self.certificate_notice.to_dict() if self.certificate_notice else None),
            "legacy_card_expires": _iso(lc.expires),
            "legacy_card_rule": lc.rule,
            "legacy_card_latest": _iso(lc.latest),
            "legacy_card_expired": lc.expired,
            "legacy_card_candidates": {k: v.isoformat() for k, v in lc.candidates.items()},
            "kakuninsho": self.kakuninsho,
            "notes": list(self.notes),
            "ja": {
                "birth_date": ja(self.birth_date),
                "card_issued": ja(self.card_issued),
                "card_expires": ja(self.card_expires),
                "certificate_expires": ja(self.certificate_expires),
                "legacy_card_expires": ja(lc.expires),
                "legacy_card_latest": ja(lc.latest),
            },
        }


def compute(
    birth_date: date,
    card_issued: date | None = None,
    insurance: str | None = None,
    printed_expiry: date | None = None,
    residence_expiry: date | None = None,
    today: date | None = None,
    profile: Profile | None = None,
    certificate_renewed: date | None = None,
) -> PersonalDates:
    """Every personal date for `today` (default: today in Asia/Tokyo). Raises InputError."""
    if today is None:
        today = now().date()  # honours MYNA_FIXED_NOW
    validate_inputs(birth_date, card_issued, insurance, today)
    if certificate_renewed is not None:
        validate_certificate_renewed(certificate_renewed, card_issued, today)
    s = profile or load_profile()
    notes: list[str] = []

    minor = card_exp = cert_exp = None
    card_notice = cert_notice = None
    if card_issued is not None:
        minor = is_minor_on(birth_date, card_issued)
        card_exp = card_expiry(birth_date, card_issued)
        # A renewed certificate runs from its renewal day (5th birthday after it).
        cert_exp = certificate_expiry(birth_date, certificate_renewed or card_issued)
        card_notice = notice_window(card_exp, today)
        cert_notice = notice_window(cert_exp, today)
        if certificate_renewed is None:
            notes.append("certificate_from_card_issue")  # a renewed certificate runs longer
    if birth_date.month == 2 and birth_date.day == 29:
        notes.append("feb29_birthday_is_feb28_in_common_years")

    legacy = legacy_card_expiry(
        birth_date,
        insurance,
        printed_expiry,
        residence_expiry,
        today,
        cutoff=s.legacy_card.cutoff.value,
        issuance_stopped=s.legacy_card.issuance_stopped.value,
    )
    cert_expired = None if cert_exp is None else today > cert_exp
    return PersonalDates(
        today=today,
        birth_date=birth_date,
        card_issued=card_issued,
        certificate_renewed=certificate_renewed,
        insurance=insurance,
        minor_at_issue=minor,
        card_expires=card_exp,
        card_expired=None if card_exp is None else today > card_exp,
        card_notice=card_notice,
        certificate_expires=cert_exp,
        certificate_expired=cert_expired,
        certificate_notice=cert_notice,
        legacy_card=legacy,
        kakuninsho=kakuninsho_info(insurance, today, s, cert_expired),
        notes=tuple(notes),
    )
