from datetime import date, datetime, time

import pytest

from myna.dates import (
    ERAS,
    ParseError,
    extract_dates,
    format_date_ja,
    format_hm,
    format_md,
    format_md_weekday_hm,
    format_wareki,
    format_ymd,
    format_ymd_hm,
    kanji_to_int,
    parse_date,
    scan,
    to_wareki,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        # 和暦, kanji style
        ("昭和30年7月8日", date(1955, 7, 8)),
        ("昭和30年7月8日生まれです", date(1955, 7, 8)),
        ("昭和 30 年 7 月 8 日", date(1955, 7, 8)),
        ("平成元年5月3日", date(1989, 5, 3)),
        ("令和元年5月1日に受け取りました", date(2019, 5, 1)),
        ("大正15年12月24日", date(1926, 12, 24)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("明治45年7月29日", date(1912, 7, 29)),
        # kanji numerals
        ("昭和三十年七月八日", date(1955, 7, 8)),
        ("平成元年十一月二十日", date(1989, 11, 20)),
        ("二〇一二年十月十五日", date(2012, 10, 15)),
        ("千九百五十五年七月八日", date(1955, 7, 8)),
        # initials and numeric separators
        ("S30.7.8", date(1955, 7, 8)),
        ("s30.7.8", date(1955, 7, 8)),
        ("S.30.7.8", date(1955, 7, 8)),
        ("H1-5-3", date(1989, 5, 3)),
        ("R2年3月1日に受け取りました", date(2020, 3, 1)),
        ("R2/3/1", date(2020, 3, 1)),
        ("T15.12.1", date(1926, 12, 1)),
        ("昭30.7.8", date(1955, 7, 8)),
        ("昭和30.7.8", date(1955, 7, 8)),
        # 西暦
        ("1955/7/8", date(1955, 7, 8)),
        ("1955-07-08", date(1955, 7, 8)),
        ("1955.7.8", date(1955, 7, 8)),
        ("2012年10月15日", date(2012, 10, 15)),
        ("生まれは1955年7月8日です", date(1955, 7, 8)),
        # full-width digits, letters and brackets
        ("昭和３０年７月８日", date(1955, 7, 8)),
        ("Ｓ３０．７．８", date(1955, 7, 8)),
        ("１９５５／７／８", date(1955, 7, 8)),
        ("Ｈ１－５－３", date(1989, 5, 3)),
        ("㍼30年7月8日", date(1955, 7, 8)),
        # our own answer format parses back
        ("1955年（昭和30年）7月8日", date(1955, 7, 8)),
        ("1989年（平成元年）5月3日", date(1989, 5, 3)),
        # leap day
        ("R2.2.29", date(2020, 2, 29)),
        ("2000年2月29日", date(2000, 2, 29)),
    ],
)
def test_parse_formats(text, expected):
    assert parse_date(text) == expected


def test_two_dates_in_order():
    text = "平成元年5月3日生まれで、平成30年11月20日に受け取りました"
    assert extract_dates(text) == [date(1989, 5, 3), date(2018, 11, 20)]


def test_two_dates_mixed_styles():
    text = "S30.7.8生まれ、カードは2020/3/1にもらった"
    assert extract_dates(text) == [date(1955, 7, 8), date(2020, 3, 1)]


@pytest.mark.parametrize(
    "text, code, words",
    [
        ("昭和30年2月30日", "bad_day", ["2月30日", "28日まで"]),
        ("2月30日", "bad_day", ["2月30日"]),
        ("2019年2月29日", "bad_day", ["28日まで"]),
        ("昭和30年13月1日", "bad_month", ["1から12"]),
        ("平成0年1月1日", "era_year_zero", ["平成0年", "元年"]),
        ("平成32年1月1日", "after_era_end", ["平成32年", "平成は31年", "4月30日まで"]),
        ("昭和65年1月1日", "after_era_end", ["昭和65年"]),
        ("平成31年5月1日", "after_era_end", ["令和元年5月1日"]),
        ("昭和64年1月8日", "after_era_end", ["平成元年1月8日"]),
        ("昭和元年12月1日", "before_era_start", ["大正15年12月1日"]),
        ("明治元年1月1日", "before_era_start", ["明治は1868年10月23日から"]),
        ("1850年7月8日", "no_era", ["明治より前"]),
        ("1800/1/1", "no_era", ["明治より前"]),
        ("30年7月8日", "era_missing", ["元号"]),
        ("令和2年", "incomplete", ["月と日"]),
        ("昭和30年7月", "incomplete", ["月と日"]),
        ("7月8日生まれ", "incomplete", ["年も"]),
        ("1955年（平成30年）7月8日", "era_mismatch", ["合っていません"]),
        ("こんにちは", "not_found", ["日付が見つかりません"]),
    ],
)
def test_errors(text, code, words):
    with pytest.raises(ParseError) as info:
        parse_date(text)
    err = info.value
    assert err.code == code
    assert isinstance(err, ValueError)
    for w in words:
        assert w in err.message_ja


def test_impossible_date_wins_over_a_good_one():
    with pytest.raises(ParseError) as info:
        extract_dates("昭和30年7月8日生まれで、令和2年2月30日に受け取りました")
    assert info.value.code == "bad_day"


def test_incomplete_ignored_when_a_complete_date_exists():
    assert extract_dates("昭和30年7月8日生まれで、令和2年に作った") == [date(1955, 7, 8)]


@pytest.mark.parametrize(
    "text",
    [
        "有効期限は最大5年ですか",
        "0120-95-0178に電話しました",
        "10回目の誕生日までって本当？",
        "暗証番号は1234です",
        "マイナンバーは123456789018です",
        "三十年前に作った保険証",
    ],
)
def test_no_false_dates(text):
    assert extract_dates(text) == []


def test_scan_reports_spans_and_eras():
    [m] = scan("私は昭和30年7月8日生まれ")
    assert (m.era, m.era_year, m.year, m.month, m.day) == ("昭和", 30, 1955, 7, 8)
    assert m.text == "昭和30年7月8日" and m.error is None


@pytest.mark.parametrize(
    "value, wareki, answer",
    [
        (date(1955, 7, 8), "昭和30年7月8日", "1955年（昭和30年）7月8日"),
        (date(1989, 1, 7), "昭和64年1月7日", "1989年（昭和64年）1月7日"),
        (date(1989, 1, 8), "平成元年1月8日", "1989年（平成元年）1月8日"),
        (date(2019, 4, 30), "平成31年4月30日", "2019年（平成31年）4月30日"),
        (date(2019, 5, 1), "令和元年5月1日", "2019年（令和元年）5月1日"),
        (date(2029, 3, 31), "令和11年3月31日", "2029年（令和11年）3月31日"),
        (date(1926, 12, 25), "昭和元年12月25日", "1926年（昭和元年）12月25日"),
        (date(1912, 7, 30), "大正元年7月30日", "1912年（大正元年）7月30日"),
        (date(1868, 10, 23), "明治元年10月23日", "1868年（明治元年）10月23日"),
    ],
)
def test_format(value, wareki, answer):
    assert format_wareki(value) == wareki
    assert format_date_ja(value) == answer


def test_to_wareki_and_before_meiji():
    assert to_wareki(date(2026, 11, 21)) == ("令和", 8)
    with pytest.raises(ValueError):
        to_wareki(date(1868, 10, 22))
    assert format_date_ja(date(1850, 1, 2)) == "1850年1月2日"
    assert format_wareki(date(1850, 1, 2)) == "1850年1月2日"


def test_the_other_shapes_have_no_leading_zeros():
    assert format_ymd(date(2026, 3, 1)) == "2026年3月1日"
    assert format_md(12, 29) == "12月29日"
    assert format_hm(time(9, 5)) == "9:05"
    assert format_md_weekday_hm(datetime(2026, 11, 24, 9, 30)) == "11月24日（火）9:30"
    assert format_ymd_hm(datetime(2026, 1, 5, 8, 7)) == "2026年1月5日 8:07"


def test_era_table_is_contiguous():
    for a, b in zip(ERAS, ERAS[1:], strict=False):
        assert a.end is not None and (b.start - a.end).days == 1


@pytest.mark.parametrize(
    "text, value",
    [
        ("三十", 30),
        ("二〇一二", 2012),
        ("千九百五十五", 1955),
        ("元", 1),
        ("十", 10),
        ("二十一", 21),
        ("百", 100),
        ("12", 12),
        ("〇", 0),
    ],
)
def test_kanji_to_int(text, value):
    assert kanji_to_int(text) == value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("しょうわ30ねん7がつ8にち", date(1955, 7, 8)),
        ("へいせいがんねん5がつ3にち", date(1989, 5, 3)),
        ("れいわ2ねん3がつ1にちにうけとりました", date(2020, 3, 1)),
    ],
)
def test_kana_only_dates_are_read(text, expected):
    assert parse_date(text) == expected
