"""Real questions as people write them (issue 11), through the REST channel with the
trained model and the running action server: several concerns, follow-ups, dates in
questions, near-topic questions. Judged on the answers given (the tracker's
`utter_action` of each bot message), not on their wording."""

import pytest

from tests.e2e.test_conversations import buttons, new_sender, texts


def last_turn(rasa, sender):
    """The events since the last user message."""
    events = rasa.tracker(sender)["events"]
    return events[max(i for i, e in enumerate(events) if e["event"] == "user") :]


def answered(rasa, sender):
    """The responses of the last turn, in order."""
    return [(e.get("metadata") or {}).get("utter_action") for e in last_turn(rasa, sender) if e["event"] == "bot"]


def form_started(rasa, sender):
    return any(e["event"] == "active_loop" and e.get("name") == "personal_dates_form" for e in last_turn(rasa, sender))


@pytest.fixture
def conversation(stack):
    rasa, _ = stack
    sender = new_sender("real")

    def say(text):
        replies = rasa.say(sender, text)
        return replies, answered(rasa, sender)

    say.form_started = lambda: form_started(rasa, sender)
    return say


def test_a_lost_card_and_a_forgotten_pin_are_both_answered_the_loss_first(conversation):
    replies, actions = conversation("カードをなくして、暗証番号も忘れました")
    assert actions.index("utter_lost_card") < actions.index("utter_pin_forgotten")
    assert actions[0] == "utter_several_concerns"
    # the phone card follows the loss, with its tel: button
    assert actions.index("utter_hotline") == actions.index("utter_lost_card") + 1
    assert any(b["payload"].startswith("tel:") for b in buttons(replies))


def test_a_loss_told_in_passing_still_gets_the_suspension_first(conversation):
    _, actions = conversation("財布ごとマイナカードを盗まれました。来週の通院はどうしたらいいですか")
    answers = [a for a in actions if a != "utter_several_concerns"]
    assert answers[:2] == ["utter_lost_card", "utter_hotline"]


def test_a_follow_up_leans_on_the_last_answer(conversation):
    conversation("資格確認書って何ですか")
    _, actions = conversation("それはいつまで使えますか")
    assert actions[0] == "utter_shikaku_kakuninsho"
    assert not conversation.form_started()  # not the user's own card dates


def test_where_to_apply_after_the_registration_cancel_answer(conversation):
    conversation("マイナ保険証の登録を解除したいです")
    _, actions = conversation("どこに申し込めばいいですか")
    assert actions[0] == "utter_registration_cancel"


def test_a_question_about_the_hours_after_the_loss_answer_gets_the_hours_with_the_loss_lines(conversation):
    conversation("マイナカードを落としてしまいました")
    replies, actions = conversation("土曜の夜でも電話はつながる？")
    # the hours answer gives the loss line's hours next to the general line's
    assert actions[:2] == ["utter_contact_hours", "utter_hotline"]
    assert "一時利用停止" in texts(replies)
    assert any(b["payload"].startswith("tel:") for b in buttons(replies))


def test_a_faint_question_on_what_the_last_answer_named_gets_that_answer(conversation):
    conversation("マイナ保険証のいいところを教えて")
    # the benefits answer names the 限度額 at the counter: heard alone, out of scope
    _, actions = conversation("入院で高い支払いがいらないって本当？")
    assert actions[0] == "utter_kogaku_ryoyohi"


def test_asking_for_the_number_to_call_when_a_card_is_lost_gets_the_loss_line(conversation):
    _, actions = conversation("紛失したときの電話番号を教えてください")
    assert actions[:2] == ["utter_lost_card", "utter_hotline"]


def test_a_pin_question_while_helping_someone_is_answered_by_the_helping_answer(conversation):
    conversation("母の通院に付き添っています。受付の機械の操作を手伝ってもいいですか")
    _, actions = conversation("暗証番号も私が入れていいの？")
    assert actions[0] == "utter_caregiver_help"


@pytest.mark.parametrize(
    "text",
    [
        "2025年12月2日からは紙の保険証は使えないのですか",
        "保険証に令和8年3月31日まで有効と書いてあるのですが、まだ使えますか",
    ],
)
def test_a_date_inside_a_question_does_not_start_the_personal_dates_form(conversation, text):
    _, actions = conversation(text)
    assert not conversation.form_started()
    assert "utter_ask_birth_date" not in actions and actions


def test_asking_for_ones_own_dates_still_starts_the_form(conversation):
    conversation("私のマイナンバーカードはいつまで使えますか")
    assert conversation.form_started()


@pytest.mark.parametrize(
    "text, response",
    [
        ("保険料はいくら払えばいいですか", "utter_oos_insurer"),
        ("子どもの医療証はどこでもらえますか", "utter_oos_municipal"),
        ("マイナンバーカードのことで市役所を名乗る電話があって暗証番号を聞かれました", "utter_oos_suspicious_contact"),
    ],
)
def test_near_topic_questions_get_no_faq_answer_but_where_to_ask(conversation, text, response):
    replies, actions = conversation(text)
    assert actions[0] == response
    if response == "utter_oos_insurer":  # the insurer's own numbers, as buttons
        assert any(b["payload"].startswith("tel:") for b in buttons(replies))


@pytest.mark.parametrize(
    "text, response",
    [
        ("資格確認書がまだ届かないのですが", "utter_kakuninsho_not_arrived"),
        ("病院でマイナ保険証は使えないと言われました", "utter_card_not_accepted"),
        ("カードリーダーの同意の画面は何を選べばいいですか", "utter_consent_screens"),
        ("紙の保険証が使えなくなったので、病院では何を見せればいいですか", "utter_what_to_show"),
        ("夫が転職します。扶養に入っている私と子どもはどうなりますか", "utter_dependents_job_change"),
    ],
)
def test_the_new_topics_are_answered(conversation, text, response):
    _, actions = conversation(text)
    assert actions[0] == response
