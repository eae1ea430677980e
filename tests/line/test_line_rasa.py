"""End to end: `rasa run` with the trained model and the action server, the LINE
channel registered from a credentials file, a fake LINE API on 127.0.0.1."""

import time

import pytest

from tests.servers import ActionServer, RasaServer

from .fake_line import (
    body_of,
    follow_event,
    line_env,
    message_problems,
    post_webhook,
    postback_event,
    quick_reply_actions,
    sign,
    sticker_event,
    text_event,
    texts_of,
    user_id,
)

LOST_CARD = "カードをなくしました"


@pytest.fixture(scope="module")
def rasa_line(line_api, tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("rasa-line")
    actions = ActionServer(work_dir)
    actions.start()
    rasa = None
    try:
        # RasaServer passes os.environ on: the LINE settings go there while it starts.
        with pytest.MonkeyPatch.context() as patch:
            for name, value in line_env({}, line_api, LINE_API_TIMEOUT="5").items():
                patch.setenv(name, value)
            rasa = RasaServer(work_dir, actions.port, credentials="channels.line.LineInput:\n")
        rasa.log = work_dir / "rasa.log"
        yield rasa
    finally:
        if rasa is not None:
            rasa.stop()
        actions.stop()


def user_turns(rasa, sender):
    return [e for e in rasa.tracker(sender)["events"] if e["event"] == "user"]


def test_lost_card_is_answered_in_one_reply_with_a_phone_card(rasa_line, fake_line):
    user = user_id("e2e-lost-card")
    event = text_event(LOST_CARD, user)
    status, seconds = post_webhook(rasa_line.port, body_of(event))
    assert status == 200 and seconds < 1.0
    [call] = fake_line.wait_for_calls(1, settle=2)
    assert call["kind"] == "reply" and call["body"]["replyToken"] == event["replyToken"]
    messages = call["body"]["messages"]
    assert message_problems(messages) == []
    assert "0120-95-0178" in texts_of(call)
    # The hand-off (utter_hotline) is a phone card with the open-now line.
    [card] = [m for m in messages if m["type"] == "flex"]
    assert "0120-95-0178" in card["altText"] and "いつでもつながります" in card["altText"]
    buttons = card["contents"]["footer"]["contents"]
    assert buttons[0]["style"] == "primary" and buttons[0]["action"]["uri"] == "tel:0120950178"
    card_uris = [b["action"]["uri"] for b in buttons]
    actions = quick_reply_actions(call)
    uris = card_uris + [a["uri"] for a in actions if a["type"] == "uri"]
    assert "tel:0120950178" in uris and "tel:05038181250" in uris
    assert len(uris) == len(set(uris))  # each number offered once
    # Nothing sends "tel:…" back as a chat message.
    assert not [a for a in actions if a["type"] == "message" and a["text"].startswith("tel:")]
    assert all(len(a["label"]) <= 20 for a in actions)
    # The answer's feedback question comes as postback quick replies (issue 14).
    assert [a["data"] for a in actions if a["type"] == "postback"][-2:] == [
        "/feedback_resolved",
        "/feedback_unresolved",
    ]
    # LINE showed its loading animation while the answer was prepared.
    assert [c["body"]["chatId"] for c in fake_line.loading_calls] == [user]

    # The conversation is kept under the LINE user id, marked as coming from LINE.
    [said] = user_turns(rasa_line, user)
    assert said["text"] == LOST_CARD and said["input_channel"] == "line"
    # Message text is not written to the server log.
    assert LOST_CARD not in rasa_line.log.read_text()


def test_postback_payload_goes_to_rasa(rasa_line, fake_line):
    post_webhook(rasa_line.port, body_of(postback_event("/lost_card", user_id("e2e-pb"))))
    [call] = fake_line.wait_for_calls(1, settle=2)
    assert "0120-95-0178" in texts_of(call)


def test_follow_gets_the_greeting(rasa_line, fake_line):
    post_webhook(rasa_line.port, body_of(follow_event(user_id("e2e-follow"))))
    [call] = fake_line.wait_for_calls(1, settle=2)
    assert "こんにちは" in texts_of(call)


def test_sticker_gets_a_polite_text(rasa_line, fake_line):
    user = user_id("e2e-sticker")
    post_webhook(rasa_line.port, body_of(sticker_event(user)))
    [call] = fake_line.wait_for_calls(1)
    assert texts_of(call).startswith("文字でご質問ください")
    assert user_turns(rasa_line, user) == []


def test_bad_signatures_reach_nothing(rasa_line, fake_line):
    user = user_id("e2e-signature")
    body = body_of(text_event(LOST_CARD, user))
    assert post_webhook(rasa_line.port, body, None)[0] == 400
    assert post_webhook(rasa_line.port, body, sign(body, "wrong-secret"))[0] == 401
    time.sleep(2)
    assert fake_line.calls == []
    assert user_turns(rasa_line, user) == []


def test_redelivery_is_answered_once(rasa_line, fake_line):
    user = user_id("e2e-redelivery")
    event = text_event(LOST_CARD, user)
    post_webhook(rasa_line.port, body_of(event))
    fake_line.wait_for_calls(1)
    post_webhook(rasa_line.port, body_of(dict(event, deliveryContext={"isRedelivery": True})))
    time.sleep(3)
    assert len(fake_line.calls) == 1
    assert len(user_turns(rasa_line, user)) == 1


def test_rejected_reply_token_is_pushed(rasa_line, fake_line):
    user = user_id("e2e-push")
    event = text_event(LOST_CARD, user)
    fake_line.reject_reply_token(event["replyToken"])
    post_webhook(rasa_line.port, body_of(event))
    reply, push = fake_line.wait_for_calls(2, settle=2)
    assert (reply["kind"], push["kind"]) == ("reply", "push")
    assert push["body"]["to"] == user
    assert "0120-95-0178" in texts_of(push)
