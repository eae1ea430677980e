import sys
import unicodedata

import pytest

from myna.privacy import find_personal_numbers, is_valid_my_number, redact
from myna.privacy.personal_numbers import _DIGIT, MY_NUMBER, PIN, Context, digit_value, trailing_digits


@pytest.mark.parametrize(
    "digits, valid",
    [
        ("123456789018", True),  # the check-digit example used in public explanations
        ("123456789010", False),
        ("291417776316", True),
        ("706690743914", True),
        ("706690743915", False),
        ("500080636086", True),
        ("12345678901", False),  # 11 digits
        ("1234567890180", False),  # 13 digits
        ("１２３４５６７８９０１８", False),  # must be ASCII digits once extracted
    ],
)
def test_check_digit(digits, valid):
    assert is_valid_my_number(digits) is valid


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("私のマイナンバーは123456789018です", [MY_NUMBER]),
        ("番号 1234 5678 9018 で合ってますか", [MY_NUMBER]),
        ("1234-5678-9018", [MY_NUMBER]),
        ("１２３４－５６７８－９０１８です", [MY_NUMBER]),
        ("１２３４ー５６７８ー９０１８", [MY_NUMBER]),
        ("123456789010", []),  # fails the check digit
        ("1234-5678-9018-3456", []),  # 16-digit card number: judged as a whole run
        ("電話は0120-95-0178と050-3818-1250です", []),
        ("暗証番号は1234です", [PIN]),
        ("暗証番号：１２３４", [PIN]),
        ("あんしょうばんごう 0000 わすれた", [PIN]),
        ("5678が暗証番号です", [PIN]),
        ("暗証番号を3回まちがえました", []),
        ("暗証番号は4桁ですか", []),
        ("2024年12月2日から暗証番号が必要", []),  # a year is not next to the word
        ("暗証番号を忘れた。2025年に作ったカード", []),  # not across a sentence end
        ("マイナンバー123456789018、暗証番号9999", [MY_NUMBER, PIN]),
        ("", []),
        # Other ways to write a My Number (123456789018, valid check digit).
        ("一二三四五六七八九〇一八", [MY_NUMBER]),
        ("一二三四 五六七八 九零一八です", [MY_NUMBER]),
        ("1234.5678.9018", [MY_NUMBER]),
        ("1234/5678/9018", [MY_NUMBER]),
        ("1234_5678_9018", [MY_NUMBER]),
        ("1,234,567,890,18", [MY_NUMBER]),
        ("(1234)5678-9018", [MY_NUMBER]),
        ("［1234］［5678］［9018］", [MY_NUMBER]),
        ("1234   5678   9018", [MY_NUMBER]),
        ("1234\n5678\n9018", [MY_NUMBER]),
        ("1234\u200b5678\u200b9018", [MY_NUMBER]),
        ("1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8\u200b9\u200b0\u200b1\u200b8", [MY_NUMBER]),
        ("①②③④⑤⑥⑦⑧⑨⓪①⑧", [MY_NUMBER]),
        ("¹²³⁴⁵⁶⁷⁸⁹⁰¹⁸", [MY_NUMBER]),
        ("₁₂₃₄₅₆₇₈₉₀₁₈", [MY_NUMBER]),
        ("𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎𝟏𝟖", [MY_NUMBER]),
        ("١٢٣٤٥٦٧٨٩٠١٨", [MY_NUMBER]),  # Arabic-Indic
        ("१२३४५६७८९०१८", [MY_NUMBER]),  # Devanagari
        ("番号は123456789018、電話は0120950178です", [MY_NUMBER]),  # a list: each part judged
        ("123456789018,0120950178", [MY_NUMBER]),
        (
            "[1234.5678/9018] 1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8\u200b9\u200b0\u200b1\u200b8",
            [MY_NUMBER, MY_NUMBER],
        ),
        # A labelled number is someone's number even with a wrong check digit.
        ("マイナンバーは123456789012です", [MY_NUMBER]),
        ("個人番号：1234-5678-9012", [MY_NUMBER]),
        ("123456789012が私のマイナンバー", [MY_NUMBER]),
        # ...but not without the label, and phone and insurer numbers never.
        ("123456789012", []),
        ("受付番号は123456789012です", []),
        ("マイナンバーカードのことは0120-95-0178へ", []),
        ("保険者番号は06123456です", []),
        ("マイナンバーの保険者番号 06123456", []),
        # PINs in other forms, several in a message, 署名用 passwords.
        ("暗証番号は1 2 3 4です", [PIN]),
        ("暗証番号は一二三四", [PIN]),
        ("暗しょう番号 0000", [PIN]),
        ("PINは4321", [PIN]),
        ("ピンは4321です", [PIN]),
        ("パスワード 4321", [PIN]),
        ("暗証番号は1234と5678です", [PIN, PIN]),
        ("利用者証明用の暗証番号は1234、署名用のパスワードはABC123XYZです", [PIN, PIN]),
        ("署名用のパスワードはMYNA2026PASSです", [PIN]),
        ("ピンクのカード1234", []),  # ピンク is not ピン
        ("パスワードを忘れました", []),
    ],
)
def test_find_personal_numbers(text, kinds):
    assert [f.kind for f in find_personal_numbers(text)] == kinds


@pytest.mark.parametrize(
    "text, context, kinds",
    [
        ("1234", Context(pin_expected=True), [PIN]),
        ("１ ２ ３ ４", Context(pin_expected=True), [PIN]),
        ("一二三四。", Context(pin_expected=True), [PIN]),
        ("1234", Context(), []),  # a year, a count...
        ("1955年です", Context(pin_expected=True), []),
        ("9018", Context(previous_digits="12345678"), [MY_NUMBER]),
        (" 9018 です", Context(previous_digits="12345678"), [MY_NUMBER]),
        ("9012", Context(previous_digits="12345678"), []),  # no My Number together
        ("9018", Context(previous_digits="1234"), []),
    ],
)
def test_find_with_the_conversations_context(text, context, kinds):
    assert [f.kind for f in find_personal_numbers(text, context)] == kinds


@pytest.mark.parametrize(
    "text, digits",
    [("番号は1234 5678", "12345678"), ("一二三四", "1234"), ("1234です", ""), ("123456789018", ""), ("", "")],
)
def test_trailing_digits(text, digits):
    assert trailing_digits(text) == digits


def test_every_character_with_a_digit_value_is_a_digit():
    import re

    digit = re.compile(_DIGIT)
    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.digit(chr(code), None) is not None and not digit.fullmatch(chr(code))
    ]
    assert missing == []
    assert digit_value("〇") == 0 and digit_value("九") == 9 and digit_value("⑦") == 7


@pytest.mark.parametrize(
    "text, expected",
    [
        ("番号は123456789018です", "番号は［マイナンバー削除］です"),
        ("１２３４ ５６７８ ９０１８", "［マイナンバー削除］"),
        ("暗証番号は1234", "暗証番号は［暗証番号削除］"),
        ("カードをなくしました", "カードをなくしました"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_redacted_text_holds_no_digits_of_the_number():
    text = "マイナンバー 1234-5678-9018 と 暗証番号 4321 を送ります"
    redacted = redact(text)
    assert "9018" not in redacted and "4321" not in redacted
    assert find_personal_numbers(redacted) == []


def test_redact_with_a_placeholder():
    assert redact("カードをなくした。番号は123456789018です", placeholder=" ") == "カードをなくした。番号は です"


def test_the_first_part_of_a_split_number_is_redacted():
    from myna.privacy.personal_numbers import redact_trailing_digits

    assert redact_trailing_digits("番号は1234 5678 ") == "番号は［マイナンバー削除］ "
    assert redact_trailing_digits("番号です") == "番号です"
