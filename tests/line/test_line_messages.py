"""Table tests of the pure helpers in channels/line_messages.py (no Rasa, no server)."""

import json

import pytest

from channels.line_messages import (
    BUBBLE_LENGTH,
    GREET_PAYLOAD,
    MAX_TEXT,
    Bubble,
    RecentIds,
    classify_event,
    line_messages,
    merge_parts,
    quick_reply_items,
    split_at_sentences,
    split_long_texts,
    truncate,
    utf16_len,
)
from channels.link_titles import link_title
from myna.messages import text as message_text

from .fake_line import (
    follow_event,
    image_event,
    message_problems,
    postback_event,
    sticker_event,
    text_event,
    unfollow_event,
)

U = "U" + "a" * 32


@pytest.mark.parametrize(
    "text, limit, expected",
    [
        ("カードをなくした", 20, "カードをなくした"),
        ("マイナ保険証をなくしたときの手続きについて", 20, "マイナ保険証をなくしたときの手続きにつ…"),
        ("a" * 21, 20, "a" * 19 + "…"),
        ("ab 😀😀😀😀😀😀😀😀😀😀", 12, "ab 😀😀😀😀…"),  # emoji count 2, never halved
        ("👨‍👩‍👧‍👦" * 3, 20, "👨‍👩‍👧‍👦…"),  # ZWJ family kept whole
        ("か\u3099" * 30, 20, "か\u3099" * 9 + "…"),  # combining dakuten kept on its base
        ("文字 " * 10, 7, "文字 文字…"),  # no space before the ellipsis
    ],
)
def test_truncate(text, limit, expected):
    result = truncate(text, limit)
    assert result == expected
    assert utf16_len(result) <= limit


@pytest.mark.parametrize(
    "texts, expected",
    [
        ([], []),
        (["a"], ["a"]),
        (["a", "", "b"], ["a", "b"]),
        (["1", "2", "3", "4", "5"], ["1", "2", "3", "4", "5"]),
        (["1", "2", "3", "4", "5", "6"], ["1", "2", "3", "4", "5\n\n6"]),
        ([str(i) for i in range(1, 10)], ["1", "2", "3", "4", "5\n\n6\n\n7\n\n8\n\n9"]),
    ],
)
def test_merge_texts(texts, expected):
    assert merge_texts(texts) == expected


def merge_texts(texts):
    return [bubble.text for bubble in merge_parts([Bubble(t) for t in texts])]


def test_merged_text_is_cut_to_the_line_limit():
    merged = merge_texts(["x"] * 4 + ["長" * 3000, "文" * 3000])
    assert len(merged) == 5
    assert utf16_len(merged[-1]) == MAX_TEXT and merged[-1].endswith("…")


def actions(items):
    return [item.action.to_dict() for item in items]


@pytest.mark.parametrize(
    "button, expected",
    [
        (
            {"title": "カードをなくした", "payload": "/lost_card"},
            {"type": "postback", "label": "カードをなくした", "data": "/lost_card", "displayText": "カードをなくした"},
        ),
        (
            {"title": "はい", "payload": "はい"},
            {"type": "message", "label": "はい", "text": "はい"},
        ),
        (
            {"title": "公式サイト", "payload": "https://www.kojinbango-card.go.jp/"},
            {"type": "uri", "label": "公式サイト", "uri": "https://www.kojinbango-card.go.jp/"},
        ),
        (
            {"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"},
            {"type": "uri", "label": "0120-95-0178に電話", "uri": "tel:0120950178"},
        ),
        (
            {"title": "海外から電話", "payload": "tel:+81-3-6734-0170"},
            {"type": "uri", "label": "海外から電話", "uri": "tel:+81367340170"},
        ),
        (
            {"title": "", "payload": "/greet"},
            {"type": "postback", "label": "/greet", "data": "/greet", "displayText": "/greet"},
        ),
    ],
)
def test_button_to_quick_reply(button, expected):
    assert actions(quick_reply_items([button], [])) == [expected]


@pytest.mark.parametrize(
    "button",
    [
        {"title": "空", "payload": ""},
        {"title": "長すぎ", "payload": "/" + "x" * 300},
        {"title": "x"},
        {"title": "番号なし", "payload": "tel:"},
    ],
)
def test_unusable_buttons_are_dropped(button):
    assert quick_reply_items([button], []) == []


def test_quick_replies_buttons_then_phones_at_most_13_no_duplicates():
    buttons = [{"title": f"項目{i}", "payload": f"/t{i}"} for i in range(5)] * 2
    items = actions(quick_reply_items(buttons, ["0120-95-0178 と 050-3818-1250"]))
    assert [a.get("data") or a.get("uri") for a in items] == [
        "/t0",
        "/t1",
        "/t2",
        "/t3",
        "/t4",
        "tel:0120950178",
        "tel:05038181250",
    ]
    assert items[5]["label"] == "電話 0120-95-0178"
    # A tel: button and the same number in the text make one quick reply (the button's).
    hotline = [{"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"}]
    items = actions(quick_reply_items(hotline, ["0120-95-0178", "０１２０－９５－０１７８"]))
    assert [(a["label"], a["uri"]) for a in items] == [("0120-95-0178に電話", "tel:0120950178")]
    many = [{"title": f"項目{i}", "payload": f"/t{i}"} for i in range(20)]
    assert len(quick_reply_items(many, ["0120-95-0178"])) == 13


def test_line_messages_one_turn():
    rasa = [
        {"text": "一つ目", "utter_action": "utter_x", "title": "メタデータは無視"},
        {"text": "0120-95-0178 へ", "buttons": [{"title": "はい", "payload": "/affirm"}]},
        {"custom": {"text": "カスタム"}},
        {"image": "https://example.org/a.png"},
        {"custom": {"something": "else"}},
    ]
    messages = [m.to_dict() for m in line_messages(rasa)]
    assert [m["text"] for m in messages] == ["一つ目", "0120-95-0178 へ", "カスタム", "https://example.org/a.png"]
    assert all("quickReply" not in m for m in messages[:-1])
    assert [i["action"]["type"] for i in messages[-1]["quickReply"]["items"]] == ["postback", "uri"]


def test_line_messages_edge_cases():
    assert line_messages([]) == []
    assert line_messages([{"text": "  "}]) == []
    [only] = line_messages([{"text": "", "buttons": [{"title": "はい", "payload": "/affirm"}]}])
    assert only.text == message_text("line.choose") and only.quick_reply is not None
    assert len(line_messages([{"text": str(i)} for i in range(12)])) == 5


@pytest.mark.parametrize(
    "event, kind, text",
    [
        (text_event("カードをなくしました", U), "text", "カードをなくしました"),
        (text_event("   ", U), "non_text", None),
        (postback_event("/lost_card", U), "postback", "/lost_card"),
        (follow_event(U), "follow", GREET_PAYLOAD),
        (sticker_event(U), "non_text", None),
        (image_event(U), "non_text", None),
        (unfollow_event(U), "ignore", None),
    ],
)
def test_classify_event(event, kind, text):
    incoming = classify_event(event)
    assert (incoming.kind, incoming.text) == (kind, text)
    assert incoming.user_id == incoming.sender_id == incoming.push_to == U
    assert incoming.event_id == event["webhookEventId"]
    assert incoming.reply_token == event.get("replyToken")


def test_classify_unknown_types_and_sources():
    unknown_message = text_event("x", U)
    unknown_message["message"] = {"id": "1", "type": "brand_new_type", "quoteToken": "q"}
    assert classify_event(unknown_message).kind == "non_text"

    unknown_event = dict(unfollow_event(U), type="brand_new_event")
    assert classify_event(unknown_event).kind == "ignore"

    standby = dict(text_event("x", U), mode="standby")
    assert classify_event(standby).kind == "ignore"

    group = dict(text_event("x", U), source={"type": "group", "groupId": "C" + "1" * 32, "userId": U})
    incoming = classify_event(group)
    assert (incoming.sender_id, incoming.push_to) == (U, "C" + "1" * 32)

    redelivered = dict(text_event("x", U), deliveryContext={"isRedelivery": True})
    assert classify_event(redelivered).redelivery is True


def test_recent_ids_ttl_and_size():
    now = [0.0]
    recent = RecentIds(max_size=3, ttl_seconds=10, clock=lambda: now[0])
    assert [recent.seen_before(k) for k in "aab"] == [False, True, False]
    now[0] = 9.0
    assert recent.seen_before("a") is True
    now[0] = 10.5  # "a" and "b" expired
    assert recent.seen_before("a") is False
    assert len(recent) == 1
    for key in "cde":
        recent.seen_before(key)
    assert len(recent) == 3
    assert recent.seen_before("a") is False  # pushed out by size


# ------------------------------------------------------------ issue 15
HOTLINE_TEXT = (
    "マイナンバー総合フリーダイヤル（紛失・盗難による一時利用停止）\n"
    "0120-95-0178（音声ガイダンス2番）\n"
    "24時間365日、いつでもつながります。\n"
    "一部のIP電話等でつながらない場合: 050-3818-1250"
)
CALL = {"title": "0120-95-0178に電話", "payload": "tel:0120-95-0178"}
FEEDBACK = [
    {"title": "解決した", "payload": "/feedback_resolved"},
    {"title": "解決しない", "payload": "/feedback_unresolved"},
]


@pytest.mark.parametrize(
    "url, title",
    [
        ("https://www.mhlw.go.jp/stf/newpage_40406.html", "厚生労働省のページ"),
        ("https://www.mhlw.go.jp/content/12401000/001257094.pdf", "厚生労働省の資料（PDF）"),
        ("https://www.digital.go.jp/policies/mynumber/faq-insurance-card/", "デジタル庁のページ"),
        ("https://www.kojinbango-card.go.jp/apprec/", "マイナンバーカード総合サイト"),
        ("https://myna.go.jp/", "マイナポータル"),
        ("https://example.org/mhlw.go.jp", None),
        ("https://evil-mhlw.go.jp/", None),
    ],
)
def test_link_titles(url, title):
    assert link_title(url) == title


def test_links_in_line_texts_get_their_title_on_the_line_before():
    [message] = line_messages([{"text": "詳しくは: https://www.mhlw.go.jp/stf/newpage_40406.html。"}])
    assert message.text == ("詳しくは: 厚生労働省のページ\nhttps://www.mhlw.go.jp/stf/newpage_40406.html。")
    [other] = line_messages([{"text": "https://example.org/a を見てください"}])
    assert other.text == "https://example.org/a を見てください"


def sentences(n):
    return "".join(f"これは{i}番目の文で、手続きの注意が少し長めに書かれています。" for i in range(n))


@pytest.mark.parametrize("count", [1, 12, 40, 400])
def test_long_texts_are_split_at_sentence_boundaries_into_at_most_five(count):
    text = sentences(count)
    bubbles = [m.text for m in line_messages([{"text": text, "buttons": FEEDBACK}])]
    assert 1 <= len(bubbles) <= 5
    assert "".join(bubbles) == text  # nothing lost, nothing cut in a sentence
    assert all(b.endswith("。") for b in bubbles)
    if utf16_len(text) > 2 * BUBBLE_LENGTH:
        assert len(bubbles) > 1
    if utf16_len(text) <= 5 * BUBBLE_LENGTH:  # room enough: every bubble fits a screen
        assert all(utf16_len(b) <= BUBBLE_LENGTH for b in bubbles)


def test_split_prefers_the_boundary_nearest_the_middle_and_keeps_quotes_whole():
    text = "「" + "あ" * 200 + "。」" + "い" * 150 + "\n" + "う" * 50 + "。"
    assert split_at_sentences(text, 2) == ["「" + "あ" * 200 + "。」", "い" * 150 + "\n" + "う" * 50 + "。"]
    unbreakable = "え" * 900
    assert [b.text for b in split_long_texts([Bubble(unbreakable)])] == [unbreakable]


def test_splitting_uses_only_the_room_left_in_the_turn():
    rasa = [{"text": f"短い{i}。"} for i in range(4)] + [{"text": sentences(30)}]
    messages = line_messages(rasa)
    assert len(messages) == 5 and messages[-1].text == sentences(30)


def test_feedback_buttons_become_postback_quick_replies_after_the_answer():
    messages = line_messages([{"text": sentences(20), "buttons": FEEDBACK}])
    assert all(m.quick_reply is None for m in messages[:-1])
    items = [i.action.to_dict() for i in messages[-1].quick_reply.items]
    assert items == [
        {"type": "postback", "label": "解決した", "data": "/feedback_resolved", "displayText": "解決した"},
        {"type": "postback", "label": "解決しない", "data": "/feedback_unresolved", "displayText": "解決しない"},
    ]


def test_a_hand_off_answer_is_a_phone_card_within_the_flex_limits():
    rasa = [{"text": "すぐに停止してください。0120-95-0178 へ。"}, {"text": HOTLINE_TEXT, "buttons": [CALL] + FEEDBACK}]
    first, card = line_messages(rasa)
    assert first.type == "text"
    message = card.to_dict()
    assert message["type"] == "flex"
    assert message_problems([first.to_dict(), message]) == []
    alt = message["altText"]
    assert "0120-95-0178" in alt and "いつでもつながります" in alt
    body = message["contents"]["body"]["contents"]
    assert [c["text"] for c in body] == HOTLINE_TEXT.splitlines()
    state = [c for c in body if c["text"] == "24時間365日、いつでもつながります。"]
    assert state[0]["weight"] == "bold"
    assert body[1]["size"] == "xl"  # the number
    buttons = message["contents"]["footer"]["contents"]
    assert [(b["style"], b["height"], b["action"]["uri"]) for b in buttons] == [
        ("primary", "md", "tel:0120950178"),
        ("secondary", "md", "tel:05038181250"),
    ]
    # The card's numbers are not offered again; the feedback is.
    items = [i["action"] for i in message["quickReply"]["items"]]
    assert [a.get("data") or a.get("uri") for a in items] == ["/feedback_resolved", "/feedback_unresolved"]


def test_phone_card_limits_hold_for_long_texts():
    text = "窓口\n0120-95-0178\n" + "長い説明です。" * 700
    [card] = line_messages([{"text": text, "buttons": [CALL]}])
    message = card.to_dict()
    assert message_problems([message]) == []
    assert len(message["altText"]) <= 400
    assert len(json.dumps(message["contents"], ensure_ascii=False).encode()) > 4000
