from datetime import date

import pytest

from myna.expiry import (
    InputError,
    add_months,
    age_on,
    card_expiry,
    certificate_expiry,
    compute,
    is_minor_on,
    kakuninsho_info,
    legacy_card_expiry,
    normalize_insurance,
    notice_window,
    validate_inputs,
)
from myna.profile import load_profile
from tests.profiles import FIXTURE

TODAY = date(2026, 11, 21)
D = date


@pytest.fixture(scope="module")
def profile():
    return load_profile(FIXTURE)


# ---------------------------------------------------------------- card / certificate
@pytest.mark.parametrize(
    "birth, issued, minor, card, cert",
    [
        # adult: 10th birthday after the issue day; certificate: 5th
        (D(1955, 7, 8), D(2020, 3, 1), False, D(2029, 7, 8), D(2024, 7, 8)),
        # issued ON the birthday: that birthday does not count
        (D(1980, 5, 10), D(2018, 5, 10), False, D(2028, 5, 10), D(2023, 5, 10)),
        # issued the day before the birthday: the next day is birthday no. 1
        (D(1980, 5, 10), D(2018, 5, 9), False, D(2027, 5, 10), D(2022, 5, 10)),
        # minor before 2022-04-01 (under 20): 5th birthday, certificate the same
        (D(2002, 6, 1), D(2021, 5, 31), True, D(2025, 6, 1), D(2025, 6, 1)),
        # 20th birthday on the issue day (before 2022-04-01): adult
        (D(2000, 3, 1), D(2020, 3, 1), False, D(2030, 3, 1), D(2025, 3, 1)),
        # day before the 20th birthday: minor
        (D(2000, 3, 2), D(2020, 3, 1), True, D(2024, 3, 2), D(2024, 3, 2)),
        # 18 from 2022-04-01: adult
        (D(2003, 6, 1), D(2022, 5, 31), False, D(2031, 6, 1), D(2026, 6, 1)),
        # age 18 on 2022-03-31 (old rule, under 20): minor
        (D(2003, 4, 1), D(2022, 3, 31), True, D(2026, 4, 1), D(2026, 4, 1)),
        # age 19 on 2022-04-01 (new rule): adult
        (D(2003, 4, 1), D(2022, 4, 1), False, D(2032, 4, 1), D(2027, 4, 1)),
        # 17 after the change: minor
        (D(2005, 1, 15), D(2022, 6, 1), True, D(2027, 1, 15), D(2027, 1, 15)),
        # baby
        (D(2016, 1, 1), D(2016, 1, 1), True, D(2021, 1, 1), D(2021, 1, 1)),
        # 29 Feb: 28 Feb in common years, 29 Feb in leap years
        (D(2000, 2, 29), D(2020, 3, 1), False, D(2030, 2, 28), D(2025, 2, 28)),
        (D(1964, 2, 29), D(2018, 6, 1), False, D(2028, 2, 29), D(2023, 2, 28)),
        # issued on 28 Feb of a common year = that year's birthday: does not count
        (D(2000, 2, 29), D(2021, 2, 28), False, D(2031, 2, 28), D(2026, 2, 28)),
    ],
)
def test_card_and_certificate(birth, issued, minor, card, cert):
    assert is_minor_on(birth, issued) is minor
    assert card_expiry(birth, issued) == card
    assert certificate_expiry(birth, issued) == cert


@pytest.mark.parametrize(
    "birth, day, age",
    [
        (D(1955, 7, 8), D(2025, 7, 7), 69),
        (D(1955, 7, 8), D(2025, 7, 8), 70),
        (D(2000, 2, 29), D(2021, 2, 27), 20),
        (D(2000, 2, 29), D(2021, 2, 28), 21),
    ],
)
def test_age_on(birth, day, age):
    assert age_on(birth, day) == age


# ---------------------------------------------------------------- notice window
@pytest.mark.parametrize(
    "expiry, start, end",
    [
        (D(2029, 7, 8), D(2029, 4, 8), D(2029, 5, 8)),
        (D(2030, 5, 31), D(2030, 2, 28), D(2030, 3, 31)),  # clamp to Feb end
        (D(2028, 5, 31), D(2028, 2, 29), D(2028, 3, 31)),  # leap year
        (D(2030, 8, 31), D(2030, 5, 31), D(2030, 6, 30)),  # clamp to Jun 30
        (D(2029, 1, 15), D(2028, 10, 15), D(2028, 11, 15)),  # over the year end
        (D(2029, 2, 28), D(2028, 11, 28), D(2028, 12, 28)),
    ],
)
def test_notice_window(expiry, start, end):
    w = notice_window(expiry, TODAY)
    assert (w.start, w.end) == (start, end)


@pytest.mark.parametrize(
    "today, started, passed",
    [
        (D(2029, 4, 7), False, False),
        (D(2029, 4, 8), True, False),
        (D(2029, 5, 8), True, False),
        (D(2029, 5, 9), True, True),
    ],
)
def test_notice_window_flags(today, started, passed):
    w = notice_window(D(2029, 7, 8), today)
    assert (w.started, w.passed) == (started, passed)


def test_add_months():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
    assert add_months(D(2026, 1, 15), -13) == D(2024, 12, 15)


@pytest.mark.parametrize(
    "today, expired",
    [(D(2029, 7, 7), False), (D(2029, 7, 8), False), (D(2029, 7, 9), True)],
)
def test_still_valid_on_expiry_day(profile, today, expired):
    r = compute(D(1955, 7, 8), D(2020, 3, 1), today=today, profile=profile)
    assert r.card_expires == D(2029, 7, 8)
    assert r.card_expired is expired


# ---------------------------------------------------------------- old paper card
@pytest.mark.parametrize(
    "birth, insurance, printed, residence, expires, rule",
    [
        # seed 000 P5 worked examples: 70th birthday 7/8 -> 7/31, 7/1 -> 6/30
        (D(1955, 7, 8), "employee", None, None, D(2025, 7, 31), "age70"),
        (D(1955, 7, 1), "employee", None, None, D(2025, 6, 30), "age70"),
        (D(1955, 7, 8), "kokuho", D(2026, 7, 31), None, D(2025, 7, 31), "age70"),
        # employee insurance: 2025-12-01
        (D(1960, 1, 1), "employee", None, None, D(2025, 12, 1), "cutoff"),
        # kokuho / kouki: printed date, no later than 2025-12-01
        (D(1960, 1, 1), "kokuho", D(2025, 7, 31), None, D(2025, 7, 31), "printed_expiry"),
        (D(1960, 1, 1), "kokuho", D(2026, 7, 31), None, D(2025, 12, 1), "cutoff"),
        (D(1940, 1, 1), "kouki", D(2025, 7, 31), None, D(2025, 7, 31), "printed_expiry"),
        (D(1940, 1, 1), "kouki", D(2025, 12, 31), None, D(2025, 12, 1), "cutoff"),
        # reaching 75: the day before the 75th birthday
        (D(1950, 3, 15), "employee", None, None, D(2025, 3, 14), "age75"),
        (D(1950, 3, 15), "kokuho", D(2025, 7, 31), None, D(2025, 3, 14), "age75"),
        (D(1949, 12, 2), "employee", None, None, D(2024, 12, 1), "age75"),
        # kouki members are already 75+: 70/75 do not apply to them
        (D(1950, 3, 15), "kouki", D(2025, 7, 31), None, D(2025, 7, 31), "printed_expiry"),
        # 70/75 birthdays outside the card's life (2024-12-02 .. 2025-12-01) do not count
        (D(1954, 11, 20), "employee", None, None, D(2025, 12, 1), "cutoff"),
        (D(1954, 12, 1), "employee", None, None, D(2025, 12, 1), "cutoff"),
        (D(1955, 12, 2), "employee", None, None, D(2025, 12, 1), "cutoff"),
        (D(1949, 12, 1), "employee", None, None, D(2025, 12, 1), "cutoff"),
        # ... and at the edges they do
        (D(1954, 12, 2), "employee", None, None, D(2024, 12, 31), "age70"),
        (D(1955, 1, 1), "employee", None, None, D(2024, 12, 31), "age70"),
        (D(1955, 12, 1), "employee", None, None, D(2025, 11, 30), "age70"),
        # foreign resident: the end of stay
        (D(1980, 4, 1), "employee", None, D(2025, 3, 31), D(2025, 3, 31), "residence_expiry"),
        (D(1980, 4, 1), "employee", None, D(2026, 5, 1), D(2025, 12, 1), "cutoff"),
        # the earliest applies
        (D(1955, 7, 8), "kokuho", D(2025, 9, 30), D(2025, 5, 1), D(2025, 5, 1), "residence_expiry"),
        # a tie: the printed date is named before the birthday rule
        (D(1955, 7, 8), "kokuho", D(2025, 7, 31), None, D(2025, 7, 31), "printed_expiry"),
    ],
)
def test_legacy_card(birth, insurance, printed, residence, expires, rule):
    r = legacy_card_expiry(birth, insurance, printed, residence, TODAY)
    assert (r.expires, r.rule) == (expires, rule)
    assert r.latest == expires
    assert r.expired is True  # every old card has lapsed by 2026-11-21
    assert r.candidates[rule] == expires


def test_legacy_card_unknown_insurance_gives_only_the_bound():
    r = legacy_card_expiry(D(1955, 7, 8), None, D(2025, 7, 31), None, TODAY)
    assert (r.expires, r.rule, r.latest, r.expired) == (None, "insurance_unknown", D(2025, 7, 31), True)
    r = legacy_card_expiry(D(1955, 7, 8), None, None, None, D(2025, 6, 1))
    assert (r.latest, r.expired) == (D(2025, 12, 1), None)  # not past the bound, type unknown


@pytest.mark.parametrize(
    "insurance, birth, today, latest, expired",
    [
        ("kokuho", D(1960, 1, 1), TODAY, D(2025, 12, 1), True),
        ("kouki", D(1940, 1, 1), D(2025, 6, 1), D(2025, 12, 1), None),
        ("kokuho", D(1955, 7, 8), D(2025, 6, 1), D(2025, 7, 31), None),
        ("kokuho", D(1955, 7, 8), D(2025, 8, 1), D(2025, 7, 31), True),
    ],
)
def test_legacy_card_printed_date_missing(insurance, birth, today, latest, expired):
    r = legacy_card_expiry(birth, insurance, None, None, today)
    assert r.expires is None and r.rule == "printed_expiry_missing"
    assert r.latest == latest and r.expired is expired


def test_legacy_card_not_yet_expired_before_cutoff():
    r = legacy_card_expiry(D(1960, 1, 1), "employee", today=D(2025, 12, 1))
    assert r.expires == D(2025, 12, 1) and r.expired is False


def test_legacy_card_bad_insurance():
    with pytest.raises(InputError) as info:
        legacy_card_expiry(D(1960, 1, 1), "private")
    assert info.value.flag == "--insurance"


def test_legacy_cutoff_comes_from_settings(profile):
    assert profile.legacy_card.cutoff.value == D(2025, 12, 1)
    assert profile.legacy_card.issuance_stopped.value == D(2024, 12, 2)
    r = compute(D(1960, 1, 1), insurance="employee", today=TODAY, profile=profile)
    assert r.legacy_card.expires == D(2025, 12, 1)


# ---------------------------------------------------------------- 資格確認書
@pytest.mark.parametrize(
    "insurance, yours, until",
    [
        ("employee", "insurer", "2029-03-31"),
        ("kouki", "kouki", "2026-07-31"),
        ("kokuho", None, None),
        (None, None, None),
    ],
)
def test_kakuninsho(profile, insurance, yours, until):
    k = kakuninsho_info(insurance, TODAY, profile)
    assert k["insurer_name"] == "大阪薬業健康保険組合"
    assert k["insurer_valid_until"] == "2029-03-31" and k["insurer_expired"] is False
    assert k["kouki_valid_until"] == "2026-07-31" and k["kouki_expired"] is True
    assert (k["applies_to_you"], k["your_valid_until"]) == (yours, until)
    codes = [r["code"] for r in k["automatic_recipients"]]
    assert codes == ["no_card", "not_registered", "registration_cancelled", "certificate_expired", "kouki"]
    assert [r["code"] for r in k["on_application"]] == ["needs_support", "lost_or_renewing"]


def test_kakuninsho_automatic_reasons(profile):
    r = compute(D(1955, 7, 8), D(2020, 3, 1), "kouki", D(2025, 7, 31), today=TODAY, profile=profile)
    assert r.certificate_expired is True
    assert r.kakuninsho["automatic_reasons"] == ["certificate_expired", "kouki"]
    r = compute(D(1980, 7, 8), D(2024, 3, 1), "employee", today=TODAY, profile=profile)
    assert r.kakuninsho["automatic_reasons"] == []


# ---------------------------------------------------------------- inputs
@pytest.mark.parametrize(
    "birth, issued, insurance, field",
    [
        (D(2027, 1, 1), None, None, "birth_date"),
        (D(1955, 7, 8), D(1950, 1, 1), None, "card_issued"),
        (D(2017, 7, 8), D(2016, 3, 1), None, "card_issued"),  # before birth
        (D(1955, 7, 8), D(2015, 12, 31), None, "card_issued"),  # before 2016-01-01
        (D(1955, 7, 8), D(2026, 11, 22), None, "card_issued"),  # future
        (D(1955, 7, 8), None, "nhi", "insurance"),
    ],
)
def test_validate_inputs(birth, issued, insurance, field):
    with pytest.raises(InputError) as info:
        validate_inputs(birth, issued, insurance, TODAY)
    assert info.value.field == field
    assert info.value.flag == "--" + field.replace("_", "-")
    assert info.value.message_ja


def test_validate_accepts_edges():
    validate_inputs(TODAY, TODAY, "kokuho", TODAY)
    validate_inputs(D(1955, 7, 8), D(2016, 1, 1), None, TODAY)


# ---------------------------------------------------------------- compute
def test_compute_full(profile):
    r = compute(D(1955, 7, 8), D(2020, 3, 1), "employee", today=TODAY, profile=profile)
    d = r.to_dict()
    assert d["card_expires"] == "2029-07-08" and d["card_expired"] is False
    assert d["certificate_expires"] == "2024-07-08" and d["certificate_expired"] is True
    assert d["card_notice_window"] == {"start": "2029-04-08", "end": "2029-05-08", "started": False, "passed": False}
    assert d["certificate_notice_window"]["passed"] is True
    assert d["legacy_card_expires"] == "2025-07-31" and d["legacy_card_rule"] == "age70"
    assert d["legacy_card_expired"] is True
    assert d["minor_at_issue"] is False
    assert d["ja"]["card_expires"] == "2029年（令和11年）7月8日"
    assert d["kakuninsho"]["your_valid_until"] == "2029-03-31"


def test_compute_without_card(profile):
    d = compute(D(1955, 7, 8), today=TODAY, profile=profile).to_dict()
    assert d["card_expires"] is None and d["certificate_expires"] is None
    assert d["card_expired"] is None and d["card_notice_window"] is None
    assert d["legacy_card_expires"] is None and d["legacy_card_rule"] == "insurance_unknown"


def test_compute_default_today_uses_fixed_clock(profile, runtime_env):
    runtime_env(MYNA_FIXED_NOW="2030-01-02T08:00:00+09:00")
    r = compute(D(1955, 7, 8), D(2020, 3, 1), profile=profile)
    assert r.today == D(2030, 1, 2) and r.card_expired is True


@pytest.mark.parametrize(
    "text, code",
    [
        ("国保です", "kokuho"),
        ("国民健康保険", "kokuho"),
        ("こくほ", "kokuho"),
        ("後期高齢者医療", "kouki"),
        ("こうき", "kouki"),
        ("健保です", "employee"),
        ("会社の健康保険組合", "employee"),
        ("協会けんぽ", "employee"),
        ("社保", "employee"),
        ("共済", "employee"),
        ("わからない", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_insurance(text, code):
    assert normalize_insurance(text) == code
