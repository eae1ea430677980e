import copy
from datetime import date, datetime, timedelta, timezone

import pytest
import yaml

from myna import clock
from myna import hotline as hl
from myna.profile import _Loader, load_profile
from tests.profiles import FIXTURE

T = clock.TOKYO


@pytest.fixture(scope="module")
def profile():
    return load_profile(FIXTURE)


def at(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=T)


# 2026-11-21 Sat, 2026-11-23 Mon = 勤労感謝の日, 2026-11-24 Tue
@pytest.mark.parametrize(
    "when, open_now, next_open, closes_at",
    [
        ("2026-11-21T18:00", False, "2026-11-22T09:30", None),  # Saturday 18:00
        ("2026-11-21T17:29", True, None, "2026-11-21T17:30"),
        ("2026-11-22T09:29", False, "2026-11-22T09:30", None),  # Sunday morning
        # 年末年始 is undated in the leaflets: neither open nor closed on the days it may cover
        ("2026-12-31T10:00", None, None, None),
        ("2027-01-03T12:00", None, None, None),
        ("2026-12-25T21:00", False, None, None),  # closed, but the next day may be a holiday
        ("2026-12-24T21:00", False, "2026-12-25T09:30", None),
        ("2027-01-07T08:00", False, "2027-01-07T09:30", None),
        ("2026-11-24T21:00", False, "2026-11-25T09:30", None),  # weekday 21:00
        ("2026-11-24T20:00", False, "2026-11-25T09:30", None),  # closing time itself
        ("2026-11-24T10:00", True, None, "2026-11-24T20:00"),  # weekday 10:00
        ("2026-11-24T09:30", True, None, "2026-11-24T20:00"),
        ("2026-11-24T07:00", False, "2026-11-24T09:30", None),
        ("2026-11-23T10:00", True, None, "2026-11-23T17:30"),  # holiday: weekend hours
        ("2026-11-23T18:00", False, "2026-11-24T09:30", None),
        ("2026-05-06T19:00", False, "2026-05-07T09:30", None),  # 振替休日
        ("2026-11-20T19:00", True, None, "2026-11-20T20:00"),  # Friday
    ],
)
def test_general_line(profile, when, open_now, next_open, closes_at):
    c = hl.choose_line("general", at(when), profile)
    assert c.open_now is open_now
    assert c.next_open == (at(next_open) if next_open else None)
    assert c.closes_at == (at(closes_at) if closes_at else None)
    assert c.numbers[0].number == "0120-95-0178"
    assert c.menu == 5 and not c.always_open and c.hours_known
    assert c.hours_ja == "平日 9:30～20:00、土日祝 9:30～17:30、年末年始を除く"


@pytest.mark.parametrize(
    "when",
    [
        "2026-11-21T18:00",
        "2026-12-31T10:00",
        "2026-11-24T21:00",
        "2026-11-24T03:00",
        "2027-01-01T00:00",
        "2026-11-23T23:59",
    ],
)
def test_loss_line_always_open(profile, when):
    c = hl.choose_line("loss", at(when), profile)
    assert c.open_now is True and c.always_open
    assert c.next_open is None and c.closes_at is None
    assert c.menu == 2
    assert [p.number for p in c.numbers] == ["0120-95-0178", "050-3818-1250"]
    assert c.hours_ja == "24時間365日"


def test_abroad_always_open(profile):
    c = hl.choose_line("abroad", at("2026-12-31T03:00"), profile)
    assert c.open_now is True and c.numbers[0].number == "+81-3-6734-0170"
    assert c.numbers[0].printed == "03-6734-0170" and c.hours_ja == "24時間対応"


def test_ip_phone_follows_general_hours(profile):
    c = hl.choose_line("ip_phone", at("2026-11-21T18:00"), profile)
    assert c.numbers[0].number == "050-3818-1250"
    assert c.open_now is False and c.next_open == at("2026-11-22T09:30")


def test_foreign_hours_unknown(profile):
    c = hl.choose_line("foreign", at("2026-11-24T10:00"), profile)
    assert [p.number for p in c.numbers] == ["0120-0178-27", "0120-0178-26"]
    assert c.open_now is None and c.next_open is None and not c.hours_known
    assert c.hours_ja is None


def test_insurer(profile):
    c = hl.choose_line("insurer", at("2026-11-24T10:00"), profile)
    assert c.name == "大阪薬業健康保険組合"
    assert [p.number for p in c.numbers] == ["06-6941-5004", "078-221-6100", "075-801-2905"]
    assert c.open_now is None and c.hours_ja is None and c.available  # 004 prints no hours


def test_insurer_null_number(tmp_path):
    raw = yaml.load(FIXTURE.read_text(encoding="utf-8"), Loader=_Loader)
    data = copy.deepcopy(raw)
    data["insurer"]["contacts"] = [{"label": "本部", "number": None, "source": "004 (なし)"}]
    p = tmp_path / "s.yml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    c = hl.choose_line("insurer", at("2026-11-24T10:00"), load_profile(p))
    assert c.numbers == () and c.available is False


def test_other_timezone_is_converted(profile):
    utc = datetime(2026, 11, 24, 1, 0, tzinfo=timezone.utc)  # = 10:00 in Tokyo
    assert hl.choose_line("general", utc, profile).open_now is True


def test_unknown_kind(profile):
    with pytest.raises(ValueError):
        hl.choose_line("fax", at("2026-11-24T10:00"), profile)


@pytest.mark.parametrize(
    "d, holiday",
    [
        (date(2026, 11, 23), True),
        (date(2026, 5, 6), True),
        (date(2026, 9, 22), True),
        (date(2026, 11, 24), False),
        (date(2026, 12, 31), False),
    ],
)
def test_is_holiday(d, holiday):
    assert hl.is_holiday(d) is holiday


# ---------------------------------------------------------------- the clock
def test_now_fixed_naive_is_tokyo(runtime_env):
    runtime_env(MYNA_FIXED_NOW="2026-11-21T18:00:00")
    n = clock.now()
    assert n == at("2026-11-21T18:00") and n.utcoffset() == timedelta(hours=9)


def test_now_fixed_aware_is_converted(runtime_env):
    runtime_env(MYNA_FIXED_NOW="2026-11-21T00:00:00Z")
    assert clock.now() == at("2026-11-21T09:00")


def test_now_real(runtime_env):
    runtime_env(MYNA_FIXED_NOW=None)
    n = clock.now()
    assert n.utcoffset() == timedelta(hours=9)
    assert abs(n - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_now_bad_value(runtime_env):
    with pytest.raises(ValueError, match="MYNA_FIXED_NOW"):
        runtime_env(MYNA_FIXED_NOW="tomorrow")


def test_choose_line_default_clock(profile, runtime_env):
    runtime_env(MYNA_FIXED_NOW="2026-11-21T18:00")
    assert hl.choose_line("general", profile=profile).open_now is False


@pytest.mark.parametrize(
    "intent, kind",
    [
        ("lost_card", "loss"),
        ("smartphone_lost", "loss"),
        ("foreign_language", "foreign"),
        ("overseas", "abroad"),
        ("shikaku_kakuninsho", "insurer"),
        ("job_change", "insurer"),
        ("contact_hours", "general"),
        ("human_handoff", "general"),
        (None, "general"),
    ],
)
def test_kind_for_intent(intent, kind):
    assert hl.kind_for_intent(intent) == kind
