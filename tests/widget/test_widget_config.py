"""GET /webhooks/widget/config's phone lines: the hotline choice of myna/hotline.py
(settings/insurer.yml) in the words the page shows, at fixed times in Tokyo."""

from datetime import datetime

import pytest

from channels.widget import PHONE_KINDS, phone_line
from myna.clock import TOKYO
from myna.hotline import choose_line


@pytest.mark.parametrize(
    "at, state, text",
    [
        (datetime(2026, 12, 1, 10, 0), "open", "ただいま受付時間内です（今日は20:00まで）"),  # Tuesday
        (datetime(2026, 12, 5, 10, 0), "open", "ただいま受付時間内です（今日は17:30まで）"),  # Saturday
        (datetime(2026, 12, 1, 21, 0), "closed", "ただいま受付時間外です"),
        # 年末年始: the leaflets give no dates, so neither open nor closed is claimed
        (datetime(2026, 12, 30, 10, 0), "unknown", "受付時間は、お電話の際にご確認ください"),
    ],
)
def test_the_general_line_says_whether_it_is_open_now(at, state, text):
    line = phone_line(choose_line("general", at=at.replace(tzinfo=TOKYO)))
    assert (line["state"], line["state_text"]) == (state, text)
    assert line["numbers"] == [
        {"label": "マイナンバー総合フリーダイヤル（通話料無料）", "number": "0120-95-0178", "tel": "tel:0120950178"}
    ]
    assert line["menu"] == "音声ガイダンス5番" and "平日 9:30～20:00" in line["hours"]


def test_the_loss_line_is_always_open_with_both_numbers():
    line = phone_line(choose_line("loss", at=datetime(2026, 12, 31, 3, 0, tzinfo=TOKYO)))
    assert line["state"] == "always" and line["state_text"] == "いつでもつながります（24時間365日）"
    assert [n["tel"] for n in line["numbers"]] == ["tel:0120950178", "tel:05038181250"]
    assert PHONE_KINDS == ("general", "loss")
