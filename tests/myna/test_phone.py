"""Table tests of the one phone-number grammar (myna/phone.py)."""

import pytest

from myna.phone import (
    DASHES,
    call_segments,
    distinct_numbers,
    find_phone_numbers,
    is_call_payload,
    is_display_form,
    read_phone_number,
    tel_uri,
)


@pytest.mark.parametrize(
    "text, found",
    [
        ("フリーダイヤル 0120-95-0178（通話料無料）", [("0120-95-0178", "tel:0120950178")]),
        ("IP電話からは 050-3818-1250 へ", [("050-3818-1250", "tel:05038181250")]),
        ("0120-0178-27 と 0120-0178-26", [("0120-0178-27", "tel:0120017827"), ("0120-0178-26", "tel:0120017826")]),
        ("海外から +81-3-6734-0170", [("+81-3-6734-0170", "tel:+81367340170")]),
        ("海外から +81 3-6734-0170", [("+81-3-6734-0170", "tel:+81367340170")]),
        ("海外から ＋８１－３－６７３４－０１７０", [("+81-3-6734-0170", "tel:+81367340170")]),
        ("海外から +81(0)3-6734-0170", [("+81-3-6734-0170", "tel:+81367340170")]),
        ("全角 ０１２０－９５－０１７８", [("0120-95-0178", "tel:0120950178")]),
        ("長音符で ０１２０ー９５ー０１７８", [("0120-95-0178", "tel:0120950178")]),
        ("半角長音 0120ｰ95ｰ0178", [("0120-95-0178", "tel:0120950178")]),
        (
            "ダッシュ 0120–95—0178 と 0120−95‐0178",
            [("0120-95-0178", "tel:0120950178"), ("0120-95-0178", "tel:0120950178")],
        ),
        ("ナビダイヤル 0570-01-2345", [("0570-01-2345", "tel:0570012345")]),
        ("03(1234)5678 または (06)6941-5004", [("03-1234-5678", "tel:0312345678"), ("06-6941-5004", "tel:0669415004")]),
        ("（０６）６９４１－５００４", [("06-6941-5004", "tel:0669415004")]),
        ("2026-11-21 に", []),  # a date
        ("〒100-0001", []),  # a postal code
        ("123456789012", []),  # a 12-digit My Number, no separators
        ("1234-5678-9018", []),  # a My Number with dashes: does not start with 0
        ("0120950178", []),  # no separators: not taken
        ("12-3456-7890", []),  # does not start with 0
        ("0120-95-0178-1", []),  # part of something longer
        ("10120-95-0178", []),  # part of something longer
        ("00-11-22", []),  # too few digits
        ("+81-03-6734-0170", [("03-6734-0170", "tel:0367340170")]),  # the domestic number it holds
        ("+1-3-6734-0170", []),  # not Japan
    ],
)
def test_numbers_in_text(text, found):
    assert [(n.display, n.uri) for n in find_phone_numbers(text)] == found


def test_spans_are_spans_of_the_original_text():
    text = "お電話は（０６）６９４１－５００４、または 0120-95-0178 へ"
    assert [text[n.start : n.end] for n in find_phone_numbers(text)] == ["（０６）６９４１－５００４", "0120-95-0178"]


def test_distinct_numbers_keep_the_first_place():
    numbers = distinct_numbers("0120-95-0178、050-3818-1250、０１２０－９５－０１７８")
    assert [n.uri for n in numbers] == ["tel:0120950178", "tel:05038181250"]


@pytest.mark.parametrize(
    "text, display_form, uri",
    [
        ("0120-95-0178", True, "tel:0120950178"),
        ("06-6941-5004", True, "tel:0669415004"),
        ("+81-3-6734-0170", True, "tel:+81367340170"),
        ("tel:0120-95-0178", False, "tel:0120950178"),  # a button payload
        ("TEL: +81-3-6734-0170", False, "tel:+81367340170"),
        ("０１２０－９５－０１７８", False, "tel:0120950178"),  # a number, not the display form
        ("03(1234)5678", False, "tel:0312345678"),
        (" 0120-95-0178 ", False, "tel:0120950178"),
        ("0120-95-017", False, None),  # too short
        ("0120950178", False, None),  # no separators
        ("06-6941-5004 (代表)", False, None),  # more than a number
        ("+1-3-6734-0170", False, None),
        ("tel:", False, None),
        ("", False, None),
    ],
)
def test_one_number_its_display_form_and_uri(text, display_form, uri):
    assert is_display_form(text) is display_form
    assert tel_uri(text) == uri
    assert (read_phone_number(text) is not None) is (uri is not None)


@pytest.mark.parametrize(
    "text, segments",
    [
        ("", []),
        ("カードをなくしたとき", [{"text": "カードをなくしたとき"}]),
        ("0120-95-0178", [{"text": "0120-95-0178", "tel": "tel:0120950178"}]),
        (
            "電話 0120-95-0178（24時間）。海外 +81-3-6734-0170",
            [
                {"text": "電話 "},
                {"text": "0120-95-0178", "tel": "tel:0120950178"},
                {"text": "（24時間）。海外 "},
                {"text": "+81-3-6734-0170", "tel": "tel:+81367340170"},
            ],
        ),
        (
            "全角 ０１２０－９５－０１７８ へ",
            [{"text": "全角 "}, {"text": "０１２０－９５－０１７８", "tel": "tel:0120950178"}, {"text": " へ"}],
        ),
    ],
)
def test_call_segments_join_back_to_the_text(text, segments):
    assert call_segments(text) == segments
    assert "".join(s["text"] for s in call_segments(text)) == text


def test_the_dash_set():
    # one of each: ASCII hyphen-minus, the Unicode dashes and minus, the IME's
    # full-width hyphen and the long-vowel marks typed for a dash
    assert len(set(DASHES)) == len(DASHES) == 11
    for dash in DASHES:
        assert [n.uri for n in find_phone_numbers(f"0120{dash}95{dash}0178")] == ["tel:0120950178"]


@pytest.mark.parametrize(
    "payload, call",
    [
        ("tel:0120-95-0178", True),
        (" TEL:+81-3-6734-0170", True),
        ("tel:", True),
        ("/greet", False),
        ("https://www.mhlw.go.jp/", False),
        ("0120-95-0178", False),
        (None, False),
    ],
)
def test_call_payloads(payload, call):
    assert is_call_payload(payload) is call
