from datetime import date

import pytest

from actions.date_roles import BIRTH, ISSUED, assign_roles

B, I = BIRTH, ISSUED


@pytest.mark.parametrize(
    "text, requested, filled, expected",
    [
        ("平成元年5月3日生まれで、平成30年11月20日に受け取りました", None, {},
         {B: date(1989, 5, 3), I: date(2018, 11, 20)}),
        ("平成30年11月20日に受け取りました。生まれは平成元年5月3日です", None, {},
         {I: date(2018, 11, 20), B: date(1989, 5, 3)}),
        ("昭和30年7月8日です", B, {}, {B: date(1955, 7, 8)}),
        ("R2年3月1日", I, {B: "1955-07-08"}, {I: date(2020, 3, 1)}),
        ("1955/7/8 と 2020/3/1", None, {}, {B: date(1955, 7, 8), I: date(2020, 3, 1)}),
        ("令和2年3月1日", None, {B: "1955-07-08"}, {I: date(2020, 3, 1)}),
        # a labelled date corrects a role already filled
        ("すみません、生年月日は昭和31年7月8日でした", I, {B: "1955-07-08"}, {B: date(1956, 7, 8)}),
        ("交付日は2021年4月1日", B, {}, {I: date(2021, 4, 1)}),
        ("カードをなくしました", B, {}, {}),
    ],
)
def test_assign_roles(text, requested, filled, expected):
    assert assign_roles(text, requested, filled) == expected
