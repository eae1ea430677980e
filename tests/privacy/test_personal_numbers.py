import pytest

from privacy import find_personal_numbers, is_valid_my_number, redact
from privacy.personal_numbers import MY_NUMBER, PIN


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
    ],
)
def test_find_personal_numbers(text, kinds):
    assert [f.kind for f in find_personal_numbers(text)] == kinds


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
