"""LINE webhook events with fields of the wrong JSON type (a signed body LINE would
never send): the SDK cannot read them, and the channel reads the raw fields of the
wrong type as absent, so it neither fails nor answers a stranger. A user message it
cannot read still gets the polite "please send text" answer (kind non_text)."""

import pytest

from channels.line_messages import classify_event
from tests.line.fake_line import text_event, user_id

U = user_id("shapes")
TOKEN = "rt-shapes"
EVENT_ID = "01JDSHAPES0000000000000001"


def changed(**fields):
    return dict(text_event("こんにちは", U, token=TOKEN, event_id=EVENT_ID), **fields)


@pytest.mark.parametrize(
    "event, kind, push_to, reply_token, event_id",
    [
        (changed(), "text", U, TOKEN, EVENT_ID),
        (changed(deliveryContext="yes"), "non_text", U, TOKEN, EVENT_ID),
        (changed(deliveryContext=None), "non_text", U, TOKEN, EVENT_ID),
        (changed(source="me"), "ignore", None, TOKEN, EVENT_ID),
        (changed(source={"type": "user", "userId": 5}), "ignore", None, TOKEN, EVENT_ID),
        (changed(message="hi"), "non_text", U, TOKEN, EVENT_ID),
        (changed(message={"type": "text", "text": 5}), "non_text", U, TOKEN, EVENT_ID),
        (changed(replyToken=5), "non_text", U, None, EVENT_ID),
        (changed(webhookEventId={"a": 1}), "non_text", U, TOKEN, None),
        (changed(type=5), "ignore", U, TOKEN, EVENT_ID),
    ],
)
def test_wrong_types_count_as_absent(event, kind, push_to, reply_token, event_id):
    incoming = classify_event(event)
    assert (incoming.kind, incoming.push_to, incoming.reply_token, incoming.event_id) == (
        kind,
        push_to,
        reply_token,
        event_id,
    )
    assert incoming.redelivery is False
