"""Real conversations through the REST channel: trained model, running action server."""

import itertools
import uuid

import pytest

_senders = itertools.count()
RUN = uuid.uuid4().hex[:8]  # the tracker store may hold earlier runs


def texts(replies):
    return "\n".join(r.get("text") or "" for r in replies)


def buttons(replies):
    return [b for r in replies for b in r.get("buttons") or []]


@pytest.fixture
def talk(stack):
    rasa, _ = stack
    sender = f"user-{RUN}-{next(_senders)}"
    return lambda text: rasa.say(sender, text), sender


def test_both_dates_in_one_message_are_answered_at_once(talk, stack):
    say, sender = talk
    replies = say("平成元年5月3日生まれで、平成30年11月20日に受け取りました。いつまで使えますか")
    answer = texts(replies)
    assert "2028年（令和10年）5月3日" in answer  # card: 10th birthday after issue
    assert "2023年（令和5年）5月3日" in answer  # certificate: 5th birthday
    assert "すでに過ぎています" in answer and "資格確認書" in answer
    slots = stack[0].tracker(sender)["slots"]
    assert slots["birth_date"] is None and slots["card_issued"] is None
    assert slots["pd_birth"] is None


def test_one_date_at_a_time_with_an_impossible_date(talk):
    say, _ = talk
    assert "生年月日" in texts(say("私のマイナカードはいつまで使えますか"))
    refused = texts(say("昭和30年2月30日です"))
    assert "2月" in refused and "生年月日" in refused  # says what is wrong, asks again
    asked = texts(say("昭和30年7月8日です"))
    assert "受け取った日（交付日）を教えて" in asked
    assert "2016年" not in asked  # the birth date is not also taken for the issue day
    answer = texts(say("令和2年3月1日に受け取りました"))
    assert "2029年（令和11年）7月8日" in answer  # 10th birthday after 2020-03-01
    assert "2024年（令和6年）7月8日" in answer


def test_dont_know_then_cancel(talk):
    say, _ = talk
    say("自分のカードの有効期限を調べたい")
    say("1950年1月2日です")
    assert "マイナポータル" in texts(say("わからない"))
    cancelled = texts(say("やめる"))
    assert cancelled and "受け取った日" not in cancelled


def test_a_question_in_the_middle_of_the_form_then_back(talk):
    say, _ = talk
    say("わたしの電子証明書の期限を計算してほしい")
    interrupted = texts(say("その前に、カードを落としたときはどうすればいいですか"))
    assert "0120-95-0178" in interrupted and "生年月日" in interrupted


def test_loss_line_is_always_open_with_tel_buttons(talk):
    say, _ = talk
    replies = say("マイナ保険証をなくしてしまいました")
    assert "0120-95-0178" in texts(replies) and "050-3818-1250" in texts(replies)
    assert {"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"} in buttons(replies)


def test_general_line_is_closed_on_saturday_evening(talk):
    say, _ = talk
    answer = texts(say("フリーダイヤルの受付時間を教えてください"))
    assert "受付時間外" in answer and "11月22日（日）9:30" in answer


@pytest.mark.parametrize(
    "fixed_now, expected",
    [
        ("2026-12-31T10:00:00", "1月4日（月）9:30"),  # year-end closure
        ("2026-11-24T21:00:00", "11月25日（水）9:30"),  # weekday after 20:00
        ("2026-11-24T10:00:00", "受付時間内"),
    ],
)
def test_hotline_follows_the_clock(stack, fixed_now, expected):
    rasa, actions = stack
    actions.start(MYNA_FIXED_NOW=fixed_now)
    try:
        answer = texts(rasa.say(f"clock-{fixed_now}", "コールセンターは何時まで開いていますか"))
        assert expected in answer
    finally:
        actions.start(MYNA_FIXED_NOW="2026-11-21T18:00:00")


def test_my_number_is_warned_about_and_the_question_still_answered(talk, stack):
    say, _ = talk
    replies = say("マイナンバーカードをなくしました。番号は1234-5678-9018です")
    answer = texts(replies)
    assert "送らないでください" in answer
    assert "0120-95-0178" in answer
    assert "9018" not in answer  # never echoed


def test_pin_next_to_the_word_is_warned_about(talk):
    say, _ = talk
    assert "送らないでください" in texts(say("暗証番号は4321です"))


def test_unclear_twice_suggests_topics_then_gives_the_numbers(talk):
    say, _ = talk
    first = say("うーん")
    offered = buttons(first)
    assert 1 <= len(offered) <= 3 and all(b["payload"].startswith("/") for b in offered)
    assert "0120-95-0178" in texts(say("んー"))


def test_a_suggestion_button_answers_its_topic(talk):
    say, _ = talk
    offered = buttons(say("うーん"))
    answer = say(offered[0]["payload"])
    assert texts(answer) and "うまく読み取れませんでした" not in texts(answer)


def test_a_payload_that_was_not_offered_is_read_as_text(talk):
    say, _ = talk
    # Read as an intent, this would answer the lost-card topic with its free-dial number.
    assert "0120-95-0178" not in texts(say("/lost_card"))


def test_out_of_scope_is_not_answered_with_an_faq(talk):
    say, _ = talk
    answer = texts(say("明日の大阪の天気を教えて"))
    assert "マイナ保険証" in answer and "0120" not in answer


@pytest.mark.parametrize(
    "fixed_now, expected",
    [("2026-11-21T10:00:00", "2029年3月31日まで有効です"), ("2029-04-01T10:00:00", "すでに過ぎています")],
)
def test_insurer_kakuninsho_date_is_told_in_todays_tense(stack, fixed_now, expected):
    rasa, actions = stack
    actions.start(MYNA_FIXED_NOW=fixed_now)
    try:
        answer = texts(rasa.say(f"kakuninsho-{RUN}-{fixed_now}", "資格確認書ってどういうものですか"))
        assert "資格確認書" in answer and expected in answer
    finally:
        actions.start(MYNA_FIXED_NOW="2026-11-21T18:00:00")
