import calendar
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from myna.dates import ERAS, format_date_ja, format_wareki, parse_date
from myna.expiry import (
    add_months,
    card_expiry,
    certificate_expiry,
    legacy_card_expiry,
    notice_window,
)

TODAY = date(2026, 11, 21)
FIRST_CARD = date(2016, 1, 1)
FAST = settings(max_examples=300, deadline=None)


@st.composite
def birth_and_issue(draw):
    birth = draw(st.dates(date(1900, 1, 1), TODAY))
    issued = draw(st.dates(max(birth, FIRST_CARD), TODAY))
    return birth, issued


def leap_births():
    return st.integers(1904, 2024).filter(calendar.isleap).map(lambda y: date(y, 2, 29))


@FAST
@given(birth_and_issue())
def test_certificate_never_outlives_card(bi):
    assert certificate_expiry(*bi) <= card_expiry(*bi)


@FAST
@given(st.one_of(birth_and_issue(), st.tuples(leap_births(), st.dates(FIRST_CARD, TODAY))))
def test_card_expiry_is_a_birthday(bi):
    birth, issued = bi
    if issued < birth:
        return
    exp = card_expiry(birth, issued)
    if (birth.month, birth.day) == (2, 29) and not calendar.isleap(exp.year):
        assert (exp.month, exp.day) == (2, 28)
    else:
        assert (exp.month, exp.day) == (birth.month, birth.day)


@FAST
@given(birth_and_issue())
def test_expiry_after_issue_and_term(bi):
    birth, issued = bi
    card, cert = card_expiry(*bi), certificate_expiry(*bi)
    assert issued < cert <= card
    years = card.year - issued.year
    assert years in (4, 5, 9, 10)  # 5th/10th birthday after the issue day
    assert cert.year - issued.year in (4, 5)


@FAST
@given(st.dates(date(2016, 1, 1), date(2060, 12, 31)), st.dates(date(2016, 1, 1), date(2060, 12, 31)))
def test_notice_window_precedes_expiry(expiry, today):
    w = notice_window(expiry, today)
    assert w.start < w.end < expiry
    assert 28 <= (w.end - w.start).days <= 31
    assert 59 <= (expiry - w.end).days <= 62
    assert w.passed <= w.started  # passed implies started


@FAST
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.integers(-36, 36))
def test_add_months_clamps(d, n):
    r = add_months(d, n)
    assert (r.year * 12 + r.month) - (d.year * 12 + d.month) == n
    assert r.day == min(d.day, calendar.monthrange(r.year, r.month)[1])


@FAST
@given(
    st.dates(date(1900, 1, 1), TODAY),
    st.sampled_from(["employee", "kokuho", "kouki"]),
    st.none() | st.dates(date(2024, 12, 2), date(2027, 12, 31)),
    st.none() | st.dates(date(2024, 12, 2), date(2030, 12, 31)),
)
def test_old_card_never_after_cutoff(birth, insurance, printed, residence):
    r = legacy_card_expiry(birth, insurance, printed, residence, TODAY)
    assert r.latest is not None and r.latest <= date(2025, 12, 1)
    assert r.expired is True
    if r.expires is not None:
        assert r.expires == min(r.candidates.values())


@FAST
@given(st.dates(ERAS[0].start, date(2100, 12, 31)))
def test_formats_parse_back(d):
    assert parse_date(format_wareki(d)) == d
    assert parse_date(format_date_ja(d)) == d
    assert parse_date(f"{d.year}/{d.month}/{d.day}") == d
    era = next(e for e in reversed(ERAS) if d >= e.start)
    y = d.year - era.start.year + 1
    assert parse_date(f"{era.initial}{y}.{d.month}.{d.day}") == d


@FAST
@given(st.dates(date(1900, 1, 1), date(2030, 12, 31)))
def test_full_width_same_as_half_width(d):
    half = f"{d.year}年{d.month}月{d.day}日生まれです"
    full = half.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_date(full) == parse_date(half) == d
