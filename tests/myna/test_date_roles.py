from datetime import date

import pytest

from myna.date_roles import APPLIED, BIRTH, ISSUED, PRINTED, RENEWED, assign_roles

B, I, R, A, P = BIRTH, ISSUED, RENEWED, APPLIED, PRINTED  # noqa: E741  (one letter keeps the tables readable)


@pytest.mark.parametrize(
    "text, requested, filled, expected",
    [
        (
            "平成元年5月3日生まれで、平成30年11月20日に受け取りました",
            None,
            {},
            {B: date(1989, 5, 3), I: date(2018, 11, 20)},
        ),
        (
            "平成30年11月20日に受け取りました。生まれは平成元年5月3日です",
            None,
            {},
            {I: date(2018, 11, 20), B: date(1989, 5, 3)},
        ),
        ("昭和30年7月8日です", B, {}, {B: date(1955, 7, 8)}),
        ("R2年3月1日", I, {B: "1955-07-08"}, {I: date(2020, 3, 1)}),
        ("1955/7/8 と 2020/3/1", None, {}, {B: date(1955, 7, 8), I: date(2020, 3, 1)}),
        ("令和2年3月1日", None, {B: "1955-07-08"}, {I: date(2020, 3, 1)}),
        # a labelled date corrects a role already filled
        ("すみません、生年月日は昭和31年7月8日でした", I, {B: "1955-07-08"}, {B: date(1956, 7, 8)}),
        ("交付日は2021年4月1日", B, {}, {I: date(2021, 4, 1)}),
        ("カードをなくしました", B, {}, {}),
        # a certificate renewal counts only for the certificate, not as the issue day
        ("2024年6月10日に電子証明書を更新しました", I, {B: "1980-01-20"}, {R: date(2024, 6, 10)}),
        ("電子証明書の更新日は令和6年6月10日です", I, {B: "1980-01-20"}, {R: date(2024, 6, 10)}),
        # renewing the card gives a new card: a new issue day
        ("カードは2021年4月1日に更新しました", I, {B: "1980-01-20"}, {I: date(2021, 4, 1)}),
        # the application day is not the issue day
        ("2022年1月5日に申請しました", I, {B: "1980-01-20"}, {A: date(2022, 1, 5)}),
        (
            "2022年1月5日に申請して、2022年2月10日に受け取りました",
            None,
            {},
            {A: date(2022, 1, 5), I: date(2022, 2, 10)},
        ),
        # the old card's printed expiry, only in a message about the old card
        ("保険証に書いてある期限は令和7年7月31日です", I, {B: "1955-07-08"}, {P: date(2025, 7, 31)}),
        ("国保です。保険証の有効期限は2025年7月31日", B, {}, {P: date(2025, 7, 31)}),
        # kana only
        ("しょうわ30ねん7がつ8にちうまれです", None, {}, {B: date(1955, 7, 8)}),
    ],
)
def test_assign_roles(text, requested, filled, expected):
    assert assign_roles(text, requested, filled) == expected
