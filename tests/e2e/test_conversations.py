"""Real conversations through the REST channel: trained model, running action server."""

import itertools
import re
import uuid

import pytest

from myna.dates import format_ymd

_senders = itertools.count()
RUN = uuid.uuid4().hex[:8]  # the tracker store may hold earlier runs


def texts(replies):
    return "\n".join(r.get("text") or "" for r in replies)


def buttons(replies):
    return [b for r in replies for b in r.get("buttons") or []]


def new_sender(what="user"):
    return f"{what}-{RUN}-{next(_senders)}"


@pytest.fixture
def talk(stack):
    rasa, _ = stack
    sender = new_sender()
    return lambda text: rasa.say(sender, text), sender


@pytest.fixture
def clock(stack):
    """Restart the action server at another fixed time; back to the default after."""
    _, actions = stack
    yield lambda fixed_now: actions.start(MYNA_FIXED_NOW=fixed_now)
    actions.start(MYNA_FIXED_NOW="2026-11-21T18:00:00")


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


def test_a_question_in_the_middle_of_the_form_then_back(talk, loss_numbers):
    say, _ = talk
    say("わたしの電子証明書の期限を計算してほしい")
    interrupted = texts(say("その前に、カードを落としたときはどうすればいいですか"))
    assert loss_numbers[0] in interrupted and "生年月日" in interrupted


def test_loss_line_is_always_open_with_tel_buttons(talk, loss_numbers):
    say, _ = talk
    replies = say("マイナ保険証をなくしてしまいました")
    free_dial, ip_phone = loss_numbers
    assert free_dial in texts(replies) and ip_phone in texts(replies)
    assert {"title": f"{free_dial}に電話", "payload": f"tel:{free_dial}"} in buttons(replies)


def test_general_line_is_closed_on_saturday_evening(talk):
    say, _ = talk
    answer = texts(say("フリーダイヤルの受付時間を教えてください"))
    assert "受付時間外" in answer and "11月22日（日）9:30" in answer


@pytest.mark.parametrize(
    "fixed_now, expected",
    [
        ("2026-12-31T10:00:00", "年末年始のお休みの日は、お電話の際にご確認ください"),  # undated closure
        ("2026-11-24T21:00:00", "11月25日（水）9:30"),  # weekday after 20:00
        ("2026-11-24T10:00:00", "受付時間内"),
    ],
)
def test_hotline_follows_the_clock(stack, clock, fixed_now, expected):
    rasa, _ = stack
    clock(fixed_now)
    answer = texts(rasa.say(new_sender("clock"), "コールセンターは何時まで開いていますか"))
    assert expected in answer and "1月4日" not in answer


def test_my_number_is_warned_about_and_the_question_still_answered(talk, stack, loss_numbers):
    say, _ = talk
    replies = say("マイナンバーカードをなくしました。番号は1234-5678-9018です")
    answer = texts(replies)
    assert "送らないでください" in answer
    assert loss_numbers[0] in answer
    assert "9018" not in answer  # never echoed


@pytest.mark.parametrize("text", ["3918 2047 6615 これおれの番号 登録されてる？", "私の番号は3804 1927 5563です"])
def test_a_number_as_the_card_groups_it_or_called_my_number_is_warned_about_not_read_as_dates(stack, text):
    """Wrong check digits, no マイナンバー label: still someone's number (a typo), and
    the digits once read as dates started the personal-dates form."""
    rasa, _ = stack
    sender = new_sender("my-number")
    answer = texts(rasa.say(sender, text))
    assert "送らないでください" in answer and "生年月日" not in answer
    assert not any(group in answer for group in re.findall(r"\d{4}", text))  # never echoed
    tracker = rasa.tracker(sender)
    assert tracker["latest_message"]["intent"]["name"] == "pii_guard"
    assert not (tracker.get("active_loop") or {}).get("name")


def test_pin_next_to_the_word_is_warned_about(talk):
    say, _ = talk
    assert "送らないでください" in texts(say("暗証番号は4321です"))


def test_unclear_twice_suggests_topics_then_gives_the_numbers(talk, free_dial):
    say, _ = talk
    first = say("ほにゃらら")
    offered = buttons(first)
    assert 1 <= len(offered) <= 3 and all(b["payload"].startswith("/") for b in offered)
    assert free_dial in texts(say("んー"))


def test_a_suggestion_button_answers_its_topic(talk):
    say, _ = talk
    offered = buttons(say("ほにゃらら"))
    answer = say(offered[0]["payload"])
    assert texts(answer) and "もしかして" not in texts(answer)


def test_a_payload_that_was_not_offered_is_read_as_text(talk, loss_numbers):
    say, _ = talk
    # Read as an intent, this would answer the lost-phone topic with its free-dial number.
    assert loss_numbers[0] not in texts(say("/smartphone_lost"))


def test_out_of_scope_is_not_answered_with_an_faq(talk):
    say, _ = talk
    answer = texts(say("明日の大阪の天気を教えて"))
    assert "マイナ保険証" in answer and "0120" not in answer


@pytest.mark.parametrize("day_after", [False, True])
def test_insurer_kakuninsho_date_is_told_in_todays_tense(stack, clock, insurer_profile, day_after):
    rasa, _ = stack
    until = insurer_profile.kakuninsho.insurer_valid_until.value
    clock(f"{until.fromordinal(until.toordinal() + day_after).isoformat()}T10:00:00")
    answer = texts(rasa.say(new_sender("kakuninsho"), "資格確認書ってどういうものですか"))
    expected = "すでに過ぎています" if day_after else f"{format_ymd(until)}まで有効です"
    assert "資格確認書" in answer and expected in answer


def test_insurer_matters_give_the_insurers_numbers_with_tel_buttons(talk, insurer_profile):
    say, _ = talk
    replies = say("マイナ保険証の利用登録を解除したいです")
    for contact in (c for c in insurer_profile.insurer.contacts if c.number):
        assert contact.number in texts(replies)
        assert {"title": f"{contact.label}に電話", "payload": f"tel:{contact.number}"} in buttons(replies)


def test_a_passed_notice_window_is_said_to_have_passed(stack, clock):
    rasa, _ = stack
    clock("2026-12-01T10:00:00")
    answer = texts(
        rasa.say(new_sender("notice"), "1980年1月20日生まれで、2022年1月25日に受け取りました。いつまで使えますか")
    )
    assert "2027年（令和9年）1月20日" in answer  # the certificate, not yet expired
    assert "届いているはず" in answer and "届いていないときは" in answer


def test_a_certificate_renewal_date_counts_only_for_the_certificate(talk):
    say, _ = talk
    say("私のカードはいつまで使えますか")
    say("昭和30年7月8日です")
    renewed = texts(say("2024年6月10日に電子証明書を更新しました"))
    assert "受け取った日（交付日）を教えて" in renewed  # still asks for the card's issue day
    answer = texts(say("令和2年3月1日に受け取りました"))
    assert "2029年（令和11年）7月8日" in answer  # card: from the issue day
    assert "2028年（令和10年）7月8日" in answer and "更新した場合" in answer  # certificate: from the renewal


def test_an_application_date_is_not_taken_for_the_issue_day(talk):
    say, _ = talk
    say("私のカードはいつまで使えますか")
    say("しょうわ30ねん7がつ8にちです")  # kana only
    answer = texts(say("2020年2月1日に申請しました"))
    assert "申請した日は、カードを受け取った日" in answer and "受け取った日（交付日）を教えて" in answer
    assert "有効期限です" not in answer


def test_an_expired_certificate_is_told_as_assuming_no_renewal(talk):
    say, _ = talk
    answer = texts(say("昭和30年7月8日生まれで、令和2年3月1日に受け取りました。いつまで使えますか"))
    assert answer.index("一度も更新していなければ") < answer.index("資格確認書が届きます")


def test_the_old_card_in_the_form_leads_with_its_expiry(talk):
    say, _ = talk
    say("私のカードはいつまで使えますか")
    say("昭和30年7月8日生まれです")
    say("国保です。保険証に書いてある期限は令和7年7月31日です")
    answer = texts(say("令和2年3月1日に受け取りました"))
    assert answer.startswith("従来の健康保険証は、今はすべて有効期限が終わっています。")
    assert "2025年（令和7年）7月31日" in answer and "2029年（令和11年）7月8日" in answer
