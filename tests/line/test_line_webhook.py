"""The webhook over HTTP: channel registered as `rasa run` does, scripted agent,
fake LINE API. The real model is driven in test_line_rasa.py."""

import time

from .fake_line import (
    body_of,
    follow_event,
    image_event,
    message_problems,
    post_webhook,
    postback_event,
    quick_reply_actions,
    sign,
    sticker_event,
    text_event,
    texts_of,
    unfollow_event,
    user_id,
)


def handled_for(fake_rasa, user):
    return [m for m in fake_rasa.handled() if m["sender_id"] == user]


def test_missing_signature_is_400_and_nothing_happens(fake_rasa, fake_line):
    user = user_id("no-signature")
    status, _ = post_webhook(fake_rasa.port, body_of(text_event("こんにちは", user)), None)
    assert status == 400
    time.sleep(1)
    assert fake_line.calls == []
    assert handled_for(fake_rasa, user) == []


def test_wrong_signature_is_401_and_nothing_happens(fake_rasa, fake_line):
    user = user_id("bad-signature")
    body = body_of(text_event("こんにちは", user))
    for signature in (sign(body, "another-secret"), "not base64 at all", sign(body + b" ")):
        status, _ = post_webhook(fake_rasa.port, body, signature)
        assert status == 401
    time.sleep(1)
    assert fake_line.calls == []
    assert handled_for(fake_rasa, user) == []


def test_verify_request_without_events_is_200(fake_rasa, fake_line):
    # The console's "Verify" button sends a signed body with no events.
    status, _ = post_webhook(fake_rasa.port, body_of())
    assert status == 200
    time.sleep(0.5)
    assert fake_line.calls == []


def test_text_goes_to_rasa_as_the_user_and_gets_one_reply(fake_rasa, fake_line):
    user = user_id("text")
    event = text_event("質問です", user)
    status, _ = post_webhook(fake_rasa.port, body_of(event))
    assert status == 200
    [call] = fake_line.wait_for_calls(1)
    assert call["kind"] == "reply"
    assert call["body"]["replyToken"] == event["replyToken"]
    assert call["authorization"] == "Bearer test-channel-access-token"
    # One bot message stays one bubble (Rasa's base channel would split on blank lines).
    assert [m["text"] for m in call["body"]["messages"]] == ["ご質問を受け付けました。\n\n二つ目の段落です。"]
    [message] = handled_for(fake_rasa, user)
    assert message["text"] == "質問です"
    assert message["input_channel"] == "line"
    assert message["metadata"]["line"]["webhook_event_id"] == event["webhookEventId"]


def test_phone_numbers_become_tel_quick_replies(fake_rasa, fake_line):
    user = user_id("postback")
    post_webhook(fake_rasa.port, body_of(postback_event("/lost_card", user)))
    [call] = fake_line.wait_for_calls(1)
    assert "0120-95-0178" in texts_of(call)
    tel = [a for a in quick_reply_actions(call) if a["type"] == "uri"]
    assert [a["uri"] for a in tel] == ["tel:0120950178", "tel:05038181250"]
    assert all(len(a["label"]) <= 20 for a in tel)
    assert [m["text"] for m in handled_for(fake_rasa, user)] == ["/lost_card"]


def test_more_than_five_messages_are_merged_into_one_reply(fake_rasa, fake_line):
    post_webhook(fake_rasa.port, body_of(text_event("many", user_id("many"))))
    [call] = fake_line.wait_for_calls(1)
    texts = [m["text"] for m in call["body"]["messages"]]
    assert len(texts) == 5
    assert texts[:4] == ["回答1です。", "回答2です。", "回答3です。", "回答4です。"]
    assert texts[4] == "回答5です。\n\n回答6です。\n\n回答7です。"


def test_buttons_become_at_most_13_short_quick_replies(fake_rasa, fake_line):
    post_webhook(fake_rasa.port, body_of(text_event("buttons", user_id("buttons"))))
    [call] = fake_line.wait_for_calls(1)
    actions = quick_reply_actions(call)
    assert len(actions) == 13
    assert all(a["type"] == "postback" and len(a["label"]) <= 20 for a in actions)
    assert actions[0]["label"].endswith("…")
    assert actions[0]["data"] == "/topic_1"
    assert actions[0]["displayText"] == "とても長いボタンの題名その1番目の項目です"
    assert actions[-1]["data"] == "/topic_13"


def test_buttons_without_text_still_get_a_prompt(fake_rasa, fake_line):
    post_webhook(fake_rasa.port, body_of(text_event("only buttons", user_id("only-buttons"))))
    [call] = fake_line.wait_for_calls(1)
    assert texts_of(call) == "次の中からお選びください。"
    assert quick_reply_actions(call)[0]["data"] == "/affirm"


def test_follow_sends_greet_to_rasa(fake_rasa, fake_line):
    user = user_id("follow")
    post_webhook(fake_rasa.port, body_of(follow_event(user)))
    [call] = fake_line.wait_for_calls(1)
    assert texts_of(call) == "こんにちは。"
    assert [m["text"] for m in handled_for(fake_rasa, user)] == ["/greet"]


def test_sticker_and_image_get_a_polite_text_without_nlu(fake_rasa, fake_line):
    user = user_id("sticker")
    post_webhook(fake_rasa.port, body_of(sticker_event(user), image_event(user)))
    calls = fake_line.wait_for_calls(2)
    assert len(calls) == 2
    for call in calls:
        assert call["kind"] == "reply"
        assert texts_of(call).startswith("文字でご質問ください")
    assert handled_for(fake_rasa, user) == []


def test_unfollow_and_silent_turns_send_nothing(fake_rasa, fake_line):
    user = user_id("unfollow")
    post_webhook(fake_rasa.port, body_of(unfollow_event(user), text_event("silent", user)))
    time.sleep(1.5)
    assert fake_line.calls == []
    assert [m["text"] for m in handled_for(fake_rasa, user)] == ["silent"]


def test_redelivered_event_is_processed_once(fake_rasa, fake_line):
    user = user_id("redelivery")
    first = text_event("質問です", user)
    again = dict(first, deliveryContext={"isRedelivery": True})
    post_webhook(fake_rasa.port, body_of(first))
    fake_line.wait_for_calls(1)
    assert post_webhook(fake_rasa.port, body_of(again))[0] == 200
    post_webhook(fake_rasa.port, body_of(first, again))
    time.sleep(1.5)
    assert len(fake_line.calls) == 1
    assert len(handled_for(fake_rasa, user)) == 1


def test_answers_within_a_second_and_replies_later(fake_rasa, fake_line):
    status, seconds = post_webhook(fake_rasa.port, body_of(text_event("slow", user_id("slow"))))
    assert status == 200 and seconds < 1.0
    assert fake_line.calls == []
    [call] = fake_line.wait_for_calls(1)
    assert texts_of(call) == "お待たせしました。"


def test_one_users_events_are_answered_in_order(fake_rasa, fake_line):
    user = user_id("order")
    post_webhook(fake_rasa.port, body_of(text_event("slow", user), text_event("many", user)))
    first, second = fake_line.wait_for_calls(2)
    assert texts_of(first) == "お待たせしました。"
    assert texts_of(second).startswith("回答1です。")


def test_rejected_reply_token_falls_back_to_push(fake_rasa, fake_line):
    user = user_id("expired")
    event = text_event("質問です", user)
    fake_line.reject_reply_token(event["replyToken"])
    post_webhook(fake_rasa.port, body_of(event))
    reply, push = fake_line.wait_for_calls(2)
    assert reply["kind"] == "reply" and push["kind"] == "push"
    assert push["body"]["to"] == user
    assert push["body"]["messages"] == reply["body"]["messages"]
    assert push["retry_key"]


def test_push_is_retried_with_one_retry_key_after_errors_and_timeouts(fake_rasa, fake_line):
    user = user_id("push-retry")
    event = text_event("質問です", user)
    fake_line.reject_reply_token(event["replyToken"])
    fake_line.fail_pushes(1, status=500)
    fake_line.fail_pushes(1, status=0)  # hangs past LINE_API_TIMEOUT=2
    post_webhook(fake_rasa.port, body_of(event))
    calls = fake_line.wait_for_calls(4, settle=1.0)
    assert [c["kind"] for c in calls] == ["reply", "push", "push", "push"]
    assert len({c["retry_key"] for c in calls[1:]}) == 1
    assert calls[-1]["body"]["messages"][0]["text"].startswith("ご質問を受け付けました")


def test_rasa_failure_still_answers(fake_rasa, fake_line):
    post_webhook(fake_rasa.port, body_of(text_event("boom", user_id("boom"))))
    [call] = fake_line.wait_for_calls(1)
    assert texts_of(call).startswith("申し訳ありません")


def test_message_text_is_not_logged(fake_rasa, fake_line):
    secret_text = "秘密の相談内容です"
    post_webhook(fake_rasa.port, body_of(text_event(secret_text, user_id("log"))))
    fake_line.wait_for_calls(1)
    assert secret_text not in fake_rasa.log_path.read_text()


def test_loading_animation_in_a_one_to_one_chat_before_the_answer(fake_rasa, fake_line):
    user = user_id("loading")
    post_webhook(fake_rasa.port, body_of(text_event("slow", user), postback_event("/greet", user)))
    first, second = fake_line.wait_for_calls(2)
    loading = fake_line.loading_calls
    assert [c["body"] for c in loading] == [{"chatId": user, "loadingSeconds": 20}] * 2
    assert loading[0]["authorization"] == "Bearer test-channel-access-token"
    assert loading[0]["at"] < first["at"] and loading[1]["at"] < second["at"]
    assert first["at"] - loading[0]["at"] > 2.5  # shown while the answer was prepared


def test_no_loading_animation_for_groups_follows_and_stickers(fake_rasa, fake_line):
    user = user_id("no-loading")
    group = dict(text_event("質問です", user), source={"type": "group", "groupId": "C" + "2" * 32, "userId": user})
    post_webhook(fake_rasa.port, body_of(group, follow_event(user), sticker_event(user)))
    fake_line.wait_for_calls(3)
    assert fake_line.loading_calls == []


def test_the_answer_goes_out_when_the_loading_animation_fails(fake_rasa, fake_line):
    fake_line.fail_loading(500)
    post_webhook(fake_rasa.port, body_of(text_event("質問です", user_id("loading-fails"))))
    [call] = fake_line.wait_for_calls(1)
    assert call["kind"] == "reply" and texts_of(call).startswith("ご質問を受け付けました")
    assert len(fake_line.loading_calls) == 1


def test_a_long_answer_is_split_with_link_title_and_feedback(fake_rasa, fake_line):
    post_webhook(fake_rasa.port, body_of(text_event("long", user_id("long"))))
    [call] = fake_line.wait_for_calls(1)
    assert call["kind"] == "reply"  # accepted by the fake's limit checks: no push
    messages = call["body"]["messages"]
    assert 2 <= len(messages) <= 5 and message_problems(messages) == []
    assert all(m["text"].endswith(("。", ".html")) for m in messages)
    assert "詳しくは: 厚生労働省のページ\nhttps://www.mhlw.go.jp/" in messages[-1]["text"]
    assert [a["label"] for a in quick_reply_actions(call)] == ["解決した", "解決しない"]


def test_a_hand_off_answer_is_a_phone_card(fake_rasa, fake_line):
    post_webhook(fake_rasa.port, body_of(text_event("hotline", user_id("hotline"))))
    [call] = fake_line.wait_for_calls(1)
    assert call["kind"] == "reply"
    [card] = call["body"]["messages"]
    assert card["type"] == "flex" and message_problems([card]) == []
    assert card["altText"] == (
        "マイナンバー総合フリーダイヤル　0120-95-0178　" "今は受付時間外です。次は12月2日（水）9:30から受け付けます。"
    )
    [button] = card["contents"]["footer"]["contents"]
    assert button["action"] == {"type": "uri", "label": "0120-95-0178に電話", "uri": "tel:0120950178"}
    assert "今は受付時間外です" in texts_of(call)
