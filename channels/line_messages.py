"""Pure helpers of the LINE channel: Rasa bot messages -> LINE messages (texts split
at sentence boundaries, links with titles, the phone card of a hand-off), and
LINE webhook events -> what to do with them.

No Rasa import here, so these are table-tested without a model. The LINE
objects are the official line-bot-sdk v3 models, so their own checks (at most
13 quick-reply items, at most 5 messages per request) run in the tests too.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from linebot.v3.messaging import (
    FlexMessage,
    MessageAction,
    PostbackAction,
    QuickReply,
    QuickReplyItem,
    TextMessage,
    URIAction,
)
from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    GroupSource,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    TextMessageContent,
    UserSource,
)

from channels.link_titles import add_link_titles
from myna.messages import text as message_text
from myna.phone import PhoneNumber, distinct_numbers, find_phone_numbers, is_call_payload, tel_uri

# Limits of the Messaging API (developers.line.biz reference).
MAX_MESSAGES = 5  # per reply / push request
MAX_QUICK_REPLY_ITEMS = 13
MAX_LABEL = 20  # quick-reply action label
MAX_TEXT = 5000  # text message
MAX_ACTION_DATA = 300  # postback data, displayText, message action text
MAX_ALT_TEXT = 400  # a Flex message's altText (the notification and chat-list line)
MAX_CARD_BUTTONS = 4  # our own choice: a phone card stays short

# A text over this many characters is split at a sentence boundary when the turn has
# room for another message: about one phone screen of Japanese text.
BUBBLE_LENGTH = 300

GREET_PAYLOAD = "/greet"
ELLIPSIS = "…"


# ---------------------------------------------------------------- text length
def utf16_len(text: str) -> int:
    """Length as LINE counts it (UTF-16 code units: an emoji outside the BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


def _joins_previous(char: str, previous: str) -> bool:
    code = ord(char)
    return (
        unicodedata.combining(char) != 0  # e.g. U+3099 combining dakuten
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF  # skin-tone modifiers
        or code == 0x200D  # zero-width joiner
        or previous == "\u200d"  # the character a ZWJ glues on
        or 0xE0020 <= code <= 0xE007F  # emoji tag sequences
    )


def clusters(text: str) -> list[str]:
    """Approximate user-perceived characters, so cutting never splits one."""
    out: list[str] = []
    for char in text:
        if out and _joins_previous(char, out[-1][-1]):
            out[-1] += char
        else:
            out.append(char)
    return out


def truncate(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """Cut to at most `limit` UTF-16 units at a cluster edge, marking the cut."""
    if utf16_len(text) <= limit:
        return text
    budget = limit - utf16_len(ellipsis)
    kept: list[str] = []
    used = 0
    for cluster in clusters(text):
        size = utf16_len(cluster)
        if used + size > budget:
            break
        kept.append(cluster)
        used += size
    return "".join(kept).rstrip() + ellipsis


# ------------------------------------------------------------- quick replies
def button_action(title: str, payload: str):
    """One Rasa button as a quick-reply action, or None if it cannot be one."""
    title = (title or "").strip()
    payload = (payload or "").strip()
    if not payload:
        return None
    label = truncate(title or payload, MAX_LABEL)
    if is_call_payload(payload):
        # "tel:0120-95-0178" (domain.yml hotline buttons): same URI as a detected number.
        uri = tel_uri(payload)
        return URIAction(label=label, uri=uri) if uri else None
    if payload.startswith(("https://", "http://", "line://")):
        return URIAction(label=label, uri=payload)
    if utf16_len(payload) > MAX_ACTION_DATA:
        return None
    if payload.startswith("/"):
        # Postback: the intent payload goes back to Rasa; the user sees the title.
        return PostbackAction(label=label, data=payload, display_text=truncate(title or label, MAX_ACTION_DATA))
    return MessageAction(label=label, text=payload)


def phone_action(number: PhoneNumber) -> URIAction:
    return URIAction(label=truncate(message_text("line.call", number=number.display), MAX_LABEL), uri=number.uri)


def quick_reply_items(
    buttons: Iterable[dict[str, Any]], texts: Iterable[str], offered: Iterable[str] = ()
) -> list[QuickReplyItem]:
    """Buttons first (the bot asked to choose), then tel: links; 13 at most.
    `offered`: URIs a phone card of the turn already has a button for."""
    actions = [button_action(b.get("title", ""), b.get("payload", "")) for b in buttons]
    numbers = [n for text in texts for n in distinct_numbers(text)]
    actions += [phone_action(n) for n in numbers]
    items: list[QuickReplyItem] = []
    seen = set(offered)
    for action in actions:
        if action is None:
            continue
        # A number already offered by a button is not offered twice.
        key = action.uri if isinstance(action, URIAction) else action.to_json()
        if key in seen:
            continue
        seen.add(key)
        items.append(QuickReplyItem(action=action))
        if len(items) == MAX_QUICK_REPLY_ITEMS:
            break
    return items


# ---------------------------------------------------------- Rasa -> LINE
@dataclass
class Bubble:
    """One bubble of the turn: a text, or the phone card of a hand-off message."""

    text: str
    card: FlexMessage | None = None


def _text_of(message: dict[str, Any]) -> str:
    text = (message.get("text") or "").strip()
    custom = message.get("custom")
    if not text and isinstance(custom, dict) and isinstance(custom.get("text"), str):
        text = custom["text"].strip()
    return add_link_titles(text)


def _buttons_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for key in ("buttons", "quick_replies") for b in message.get(key) or [] if isinstance(b, dict)]


def _is_call(button: dict[str, Any]) -> bool:
    return is_call_payload(button.get("payload"))


def rasa_parts(messages: Sequence[dict[str, Any]]) -> tuple[list[Bubble], list[dict[str, Any]], list[str]]:
    """One turn of Rasa output: the bubbles, the buttons for the quick reply, and the
    texts whose phone numbers become quick replies (not those inside a phone card)."""
    parts: list[Bubble] = []
    buttons: list[dict[str, Any]] = []
    number_texts: list[str] = []
    for message in messages:
        text = _text_of(message)
        own = _buttons_of(message)
        calls = [b for b in own if _is_call(b)]
        card = phone_card(text, calls) if text and calls else None
        if text:
            parts.append(Bubble(text, card))
            if card is None:
                number_texts.append(text)
        buttons += [b for b in own if card is None or not _is_call(b)]
        image = message.get("image")
        if isinstance(image, str) and image.startswith("https://"):
            parts.append(Bubble(image))
    return parts, buttons, number_texts


# Where a long text may be split: after a sentence end (with the closing brackets
# that follow it) or at a line break.
_SENTENCE_END = re.compile(r"[。！？!?][」』）)]*\s*|\n+")


def split_at_sentences(text: str, pieces: int) -> list[str]:
    """`text` cut into at most `pieces` parts of about equal length, each cut at the
    sentence boundary nearest its ideal place."""
    cuts = sorted({m.end() for m in _SENTENCE_END.finditer(text) if 0 < m.end() < len(text)})
    chosen: list[int] = []
    for j in range(1, pieces):
        ideal = len(text) * j / pieces
        later = [c for c in cuts if not chosen or c > chosen[-1]]
        if later:
            chosen.append(min(later, key=lambda c: abs(c - ideal)))
    bounds = [0] + chosen + [len(text)]
    parts = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return [part for part in parts if part]


def split_long_texts(parts: list[Bubble], limit: int = MAX_MESSAGES, soft_length: int = BUBBLE_LENGTH) -> list[Bubble]:
    """Texts over `soft_length` split at sentence boundaries into the room the turn
    has left (at most `limit` messages); the extra messages go, one at a time, to
    the text whose pieces are longest. A phone card is never split."""
    pieces = [1] * len(parts)
    room = limit - len(parts)
    while room > 0:
        sizes = [utf16_len(p.text) / n if p.card is None else 0 for p, n in zip(parts, pieces, strict=False)]
        longest = max(range(len(parts)), key=lambda i: sizes[i], default=None)
        if longest is None or sizes[longest] <= soft_length:
            break
        pieces[longest] += 1
        room -= 1
    out: list[Bubble] = []
    for part, n in zip(parts, pieces, strict=False):
        out += [Bubble(t) for t in split_at_sentences(part.text, n)] if n > 1 else [part]
    return out


def merge_parts(parts: Sequence[Bubble], limit: int = MAX_MESSAGES) -> list[Bubble]:
    """At most `limit` bubbles: the rest are merged, as text, into the last one."""
    parts = [p for p in parts if p.text]
    if len(parts) > limit:
        tail = "\n\n".join(p.text for p in parts[limit - 1 :])
        parts = list(parts[: limit - 1]) + [Bubble(tail)]
    return [p if p.card else Bubble(truncate(p.text, MAX_TEXT)) for p in parts]


def line_messages(rasa_messages: Sequence[dict[str, Any]]) -> list[Any]:
    """One turn of Rasa output as at most 5 LINE messages: texts split at sentence
    boundaries when there is room, a hand-off answer (one with tel: buttons) as a
    phone card. Quick replies go on the last message: LINE shows them only there.
    """
    parts, buttons, number_texts = rasa_parts(rasa_messages)
    on_cards = [
        button["action"]["uri"] for p in parts if p.card for button in p.card.contents.footer.to_dict()["contents"]
    ]
    items = quick_reply_items(buttons, number_texts, offered=on_cards)
    parts = merge_parts(split_long_texts(parts))
    if not parts and items:
        parts = [Bubble(message_text("line.choose"))]
    messages = [p.card or TextMessage(text=p.text) for p in parts]
    if items:
        messages[-1].quick_reply = QuickReply(items=items)
    return messages


# ---------------------------------------------------------- phone card
def _state_line(lines: Sequence[str]) -> str | None:
    """Whether the line is open now: in the hand-off answers (utter_hotline), the first
    line without a number after the first line with one (「今は受付時間内です…」)."""
    after_number = False
    for line in lines:
        if find_phone_numbers(line):
            after_number = True
        elif after_number:
            return line
    return None


def _card_line(line: str, state: str | None) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "text", "text": line, "wrap": True}
    if find_phone_numbers(line):
        component.update(size="xl", weight="bold")  # the number, readable at a glance
    elif line == state:
        component.update(weight="bold")
    return component


def phone_card(text: str, calls: Sequence[dict[str, Any]]) -> FlexMessage | None:
    """A hand-off answer as a Flex bubble: its lines (name, number, whether it is open
    now), a large call button per tel: button, a smaller one per other number."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    actions = [
        a for a in (button_action(b.get("title", ""), b.get("payload", "")) for b in calls) if isinstance(a, URIAction)
    ]
    if not lines or not actions:
        return None
    uris = {a.uri for a in actions}
    actions += [phone_action(n) for n in distinct_numbers(text) if n.uri not in uris]
    buttons = [
        {"type": "button", "style": "primary" if i == 0 else "secondary", "height": "md", "action": action.to_dict()}
        for i, action in enumerate(actions[:MAX_CARD_BUTTONS])
    ]
    state = _state_line(lines)
    body = [dict(_card_line(lines[0], state), weight="bold", size="lg")]
    body += [_card_line(line, state) for line in lines[1:]]
    numbers = distinct_numbers(text)
    alt = "　".join([lines[0]] + [numbers[0].display] * bool(numbers) + [state] * bool(state))
    return FlexMessage.from_dict(
        {
            "type": "flex",
            "altText": truncate(alt, MAX_ALT_TEXT),
            "contents": {
                "type": "bubble",
                "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": body},
                "footer": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": buttons},
            },
        }
    )


def text_messages(*texts: str) -> list[TextMessage]:
    return [TextMessage(text=truncate(t, MAX_TEXT)) for t in texts]


# ---------------------------------------------------------- LINE -> Rasa
@dataclass(frozen=True)
class Incoming:
    """What one webhook event asks of the bot."""

    kind: str  # "text" | "postback" | "follow" | "non_text" | "ignore"
    event_id: str | None
    redelivery: bool
    reply_token: str | None
    user_id: str | None
    push_to: str | None  # user, group or room the answer belongs to
    text: str | None = None  # what goes to Rasa (never logged)
    event_type: str | None = None

    @property
    def sender_id(self) -> str | None:
        return self.user_id or self.push_to


# The raw event is read directly when the SDK cannot parse it, so its fields may have
# any JSON type: anything but the expected one counts as absent.
def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _source_ids(source: Any, raw: dict[str, Any]) -> tuple[str | None, str | None]:
    if isinstance(source, UserSource):
        return source.user_id, source.user_id
    if isinstance(source, GroupSource):
        return source.user_id, source.group_id
    if isinstance(source, RoomSource):
        return source.user_id, source.room_id
    raw_source = _object(raw.get("source"))
    user = _text(raw_source.get("userId"))
    return user, _text(raw_source.get("groupId")) or _text(raw_source.get("roomId")) or user


def classify_event(raw: dict[str, Any]) -> Incoming:
    """Read one webhook event (a dict from the request body) with the SDK models.

    Event types or message types the SDK does not know still get an answer
    when they are user messages, so a new LINE feature never goes unanswered.
    """
    try:
        event = Event.from_dict(raw)
    except (ValueError, TypeError, KeyError):
        event = None
    user_id, push_to = _source_ids(getattr(event, "source", None), raw)
    delivery = _object(raw.get("deliveryContext"))
    base = dict(
        event_id=_text(raw.get("webhookEventId")),
        redelivery=bool(delivery.get("isRedelivery")),
        reply_token=_text(raw.get("replyToken")),
        user_id=user_id,
        push_to=push_to,
        event_type=raw.get("type"),
    )
    if raw.get("mode") == "standby" or not push_to:
        # standby: another channel (module) answers this user, not us.
        return Incoming(kind="ignore", **base)
    if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        text = (event.message.text or "").strip()
        return Incoming(kind="text" if text else "non_text", text=text or None, **base)
    if isinstance(event, PostbackEvent) and event.postback and event.postback.data:
        return Incoming(kind="postback", text=event.postback.data, **base)
    if isinstance(event, FollowEvent):
        return Incoming(kind="follow", text=GREET_PAYLOAD, **base)
    if raw.get("type") == "message":
        return Incoming(kind="non_text", **base)
    return Incoming(kind="ignore", **base)


# ---------------------------------------------------------- redelivery
class RecentIds:
    """Webhook event ids seen lately: bounded, oldest out first, with a time-to-live.

    For one process only: several replicas share theirs in Redis instead (channels/line_dedup.py).
    """

    def __init__(
        self,
        max_size: int = 20000,
        ttl_seconds: float = 24 * 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_size = max_size
        self.ttl = ttl_seconds
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def seen_before(self, key: str) -> bool:
        """True if `key` was seen within the TTL; records it either way."""
        now = self.clock()
        while self._seen:
            oldest, stamp = next(iter(self._seen.items()))
            if now - stamp < self.ttl:
                break
            del self._seen[oldest]
        if key in self._seen:
            return True  # not moved: the order stays the order of first sight
        self._seen[key] = now
        if len(self._seen) > self.max_size:
            self._seen.popitem(last=False)
        return False
