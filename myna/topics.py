"""What the NLU knows of topics (pure logic; no Rasa import): which intents are FAQ
topics at all, which are urgent, and which topic a follow-up question leans on.

「それはいつまで使えますか」 after the 資格確認書 answer asks for the 資格確認書's validity;
after the old card's answer, for the old card's. The NLU recognises the kind of
follow-up (`followup_*` intents, data/nlu/follow_up.yml); `resolve` turns it into the
topic to answer, given the conversation's last topic.
"""

from __future__ import annotations

import re
import unicodedata


def _nfkc(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "")


# A lost card or phone must be suspended now: never dropped from a message, answered first.
URGENT_TOPICS = ("lost_card", "smartphone_lost")

# Words of losing something, and of the things whose loss is urgent. Read as a net
# under the classifier: a message that tells of a lost card among other things must
# still get the suspension line (「財布ごと盗まれて、来週の通院も心配」).
_LOSS = re.compile(
    r"(?:な|無|失)くし|紛失|ふんしつ|落とし|おとし|盗ま|ぬすま|盗難|とうなん|盗られ|取られ|とられ|"
    r"すられ|スられ|見当たら|見当たりませ|みあたら|見つから|見つかりませ|みつから|行方不明|(?:どこ|どっ)か(?:に|へ)?いっ|置き忘れ|おきわすれ|"
    # left somewhere (「電車に置いてきてしまった」); not at home, see `_AT_HOME`
    r"置いてき(?:た|て?しま|ちゃ)|おいてき(?:た|て?しま|ちゃ)|"
    # passive and honorific: 「施設でなくされた」「落とされた」「紛失なさった」
    r"(?:な|無|失)くされ|(?:な|無|失)くさ(?:れ|はっ)|落とされ|おとされ|落とさはっ|"
    # 「カードがなくなった」; after a particle only, since 「使えなくなった」 is no loss
    r"(?<=[がもはごとをの])(?:な|無)くなっ|(?<=[がもはごとをの])(?:な|無)くなり"
)
# 「落としたら」「なくした場合」: a question about a loss that has not happened.
_IF = re.compile(r"(?:し|して)?(?:た|ちゃっ?た|てしまっ?た)?(?:ら|場合|ばあい|とき|時|ても)")
# ...unless it asks for the line that suspends the card (「紛失したときの電話番号」,
# 「なくした場合はどこに連絡」): that question is answered by the lost-card answer.
_ASKS_FOR_THE_LINE = re.compile(
    r"電話|でんわ|(?:の|は)(?:番号|ばんごう)|連絡|れんらく|問い?合わ?せ|といあわせ|ダイヤル|窓口|止め|とめ|停止"
)
# 「家に置いてきた」「自宅に置き忘れた」: the card is safe at home, no loss
_AT_HOME = re.compile(r"(?:家|自宅|うち|部屋|実家)(?:の中)?(?:に|へ)[^。？?！!、]{0,10}$")
_LEFT_BEHIND = ("置", "お")
_LINE_REACH = 15  # characters from the supposition to the word asking for the line
_PHONE = "スマホ|スマートフォン|携帯|けいたい|ケータイ"
# What a card is carried in: its loss is the card's.
_CONTAINERS = "財布|さいふ|サイフ|かばん|カバン|鞄|バッグ|ばっぐ"
_URGENT_OBJECTS = {
    "smartphone_lost": re.compile(f"{_PHONE}|iphone|android", re.I),
    "lost_card": re.compile(f"カード|かーど|{_CONTAINERS}|マイナ保険証|まいなほけんしょう"),
}
# These answers already give the line that suspends the card (overseas: from abroad).
SUSPENSION_GIVEN_BY = ("lost_card", "smartphone_lost", "overseas")
# The card itself, not the certificate in the phone, went with the phone
# (「ケースにカードも入れてた」「財布とスマホを盗まれた」「スマホとカードをすられた」).
_CARD_ITSELF = re.compile(
    f"(?:カード|かーど)(?:本体)?(?:も|ごと)|カード本体|{_CONTAINERS}|"
    f"(?:{_PHONE})(?:と|や)[^。？?]{{0,8}}カード|カード(?:と|や)[^。？?]{{0,4}}(?:{_PHONE})"
)
# 「スマホを落とした。カードは家にある」: the card is named only as safe
_CARD_AT_HAND = re.compile(
    r"(?:カード|かーど)(?:本体)?(?:の方|のほう)?(?:は|なら)[^。？?！!]{0,12}?"
    r"(?:手元|家|自宅|うち|持って|あり|ある|無事|大丈夫)"
)
_OBJECT_REACH = 25  # characters between the thing and the loss word, either way


def _losses(normalized: str) -> dict[str, re.Match[str]]:
    """The urgent topics the NFKC text tells of, each with its first loss word: a loss
    (not a supposed one, unless the message asks for the line that suspends the card)
    near a card or a phone. A card named beside a lost phone is lost only when it went
    with the phone (「カードも挟んでた」), not when it is merely named (「病院ではカードを
    出せばいい？」「カードは家にある」)."""
    found: dict[str, re.Match[str]] = {}
    for topic, objects in _URGENT_OBJECTS.items():
        for loss in _LOSS.finditer(normalized):
            if loss.group().startswith(_LEFT_BEHIND) and _AT_HOME.search(normalized, 0, loss.start()):
                continue
            supposed = _IF.match(normalized, loss.end())
            asks_for_the_line = supposed is not None and bool(
                _ASKS_FOR_THE_LINE.search(normalized, supposed.end(), supposed.end() + _LINE_REACH)
            )
            if supposed and not asks_for_the_line:
                continue
            window = normalized[max(0, loss.start() - _OBJECT_REACH) : loss.end() + _OBJECT_REACH]
            if topic == "lost_card":
                window = _CARD_AT_HAND.sub("", window)
            # 「紛失したときの電話番号」 names no thing: here, a loss is the card's
            if objects.search(window) or (
                asks_for_the_line and topic == "lost_card" and "smartphone_lost" not in found
            ):
                found[topic] = loss
                break
    if "smartphone_lost" in found and not _CARD_ITSELF.search(normalized):
        found.pop("lost_card", None)
    return found


def urgent_topics_mentioned(text: str) -> list[str]:
    """The urgent topics a message tells of: a loss (not a supposed one, unless the
    message asks for the line that suspends the card) near a card or a phone."""
    return list(_losses(_nfkc(text)))


# What someone who has just lost the card or phone asks next, in words the classifier
# hears faintly next to the loss (the whole message is the loss): read only after the
# loss word. (topic, the urgent topics it follows, its words)
_AFTER_A_LOSS = (
    # how to see a doctor until the new card comes: the 資格確認書
    (
        "shikaku_kakuninsho",
        ("lost_card",),
        re.compile(
            r"通院|病院|受診|医者|診察|診療|医療機関|クリニック|薬局|"
            r"(?:かわり|代わり|替わり|代用)(?:に|の|を|と|は)?(?:なる|使える|もの|物|書類)"
        ),
    ),
    # whether the suspension line answers at night or on a holiday
    (
        "contact_hours",
        URGENT_TOPICS,
        re.compile(
            r"(?:夜|夜間|夜中|深夜|早朝|休日|土日|土曜|日曜|祝日|祭日|連休|年末|年始|大みそか|大晦日|正月|お盆|24時間)"
            r"[^。？?]{0,12}(?:電話|でんわ|つなが|繋が|受け付け|受付|対応|やって)|"
            r"(?:電話|でんわ|受付|窓口)[^。？?]{0,8}(?:何時|時間)"
        ),
    ),
    # a new card
    ("card_application", ("lost_card",), re.compile(r"再発行|再交付|再申請|作り直|作りなお|つくり直|新しく作")),
    # what a finder could do with the card
    ("carry_safety", ("lost_card",), re.compile(r"悪用|悪いこと|なりすまし|勝手に使|中身を?(?:読|見)")),
)
# A loss abroad, told before or after the loss word (「海外在住なんですが、スマホを盗まれ
# ました」): the line is called from abroad
_ABROAD = re.compile(r"海外|外国(?!語|人|籍)|国外|帰国")  # not 外国語 (a language), 外国人


def asked_after_a_loss(text: str) -> list[str]:
    """The topics a message asks about after telling of a lost card or phone
    (「財布ごと落としました。来週の通院はどうすれば」: the 資格確認書), in the
    message's order."""
    normalized = _nfkc(text)
    losses = _losses(normalized)
    found = []
    for topic, follows, words in _AFTER_A_LOSS:
        ends = [losses[t].end() for t in follows if t in losses]
        if ends and (asked := words.search(normalized, min(ends))):
            found.append((asked.start(), topic))
    if losses and (abroad := _ABROAD.search(normalized)):
        found.append((abroad.start(), "overseas"))
    return [topic for _, topic in sorted(found)]


def card_suspension_given(answered: list[str], text: str) -> bool:
    """Whether the answers already tell how to suspend the lost card: the lost-card or
    overseas answer does; the phone's answer does only when the card was not itself lost
    with the phone (that answer says nothing of the card: the police, a new card)."""
    given = set(answered) & set(SUSPENSION_GIVEN_BY)
    if given != {"smartphone_lost"}:
        return bool(given)
    return not _CARD_ITSELF.search(_nfkc(text))


_SUSPENSION = re.compile(r"止め|停止|ていし|ストップ")


def tells_of_a_loss(text: str) -> bool:
    """Whether a message has a word of losing something (told or supposed) or of
    suspending the card (「カードを止めたい」) at all."""
    normalized = _nfkc(text)
    return bool(_LOSS.search(normalized) or _SUSPENSION.search(normalized))


# 「カードを持っていない」: the card was never had, not lost (its answer: the 資格確認書,
# which comes without applying to whoever has no card).
_CARD_NOT_HAD = re.compile(
    r"(?:カード|かーど|マイナ保険証|まいなほけんしょう)\s*(?:は|を|が|も)?\s*(?:まだ|もともと|そもそも)?\s*"
    r"(?:持って|もって)(?:い|お)?(?:な|ませ|へん|ねえ|ねー)"
)


def says_the_card_is_not_had(text: str) -> bool:
    """Whether a message says the user has no card (「マイナカードは持っていません」) and
    tells of no loss."""
    normalized = _nfkc(text)
    return bool(_CARD_NOT_HAD.search(normalized)) and not tells_of_a_loss(normalized)


# 「ひかり電話では番号がつながらない」: the line given does not connect (the loss
# answer's card gives another number for IP phones).
_NOT_CONNECTING = re.compile(r"(?:つなが|繋が|かか|掛か)(?:らな|りませ|らへん|らん|んな)")
# 「お金はかかりませんか」: what does not cost, not a line
_COST = re.compile(r"(?:お金|費用|料金|手数料|時間|日数|円)\S{0,3}$")


def says_the_line_does_not_connect(text: str) -> bool:
    normalized = _nfkc(text)
    return any(
        m.group().startswith(("つなが", "繋が")) or not _COST.search(normalized[: m.start()])
        for m in _NOT_CONNECTING.finditer(normalized)
    )


_QUESTION = re.compile(
    r"[？?]|(?:です|ます|でしょう|ません)か|(?:何|なに|どう|どこ|どちら|いつ)|(?:の|ん)(?:です)?か?$|教えて"
)


def asks_a_question(text: str) -> bool:
    """Whether a message asks something (「〜ですか」「〜を教えて」), rather than only
    giving information such as a date."""
    return bool(_QUESTION.search(_nfkc(text).strip()))


_TELLS = re.compile(r"(?:ん|の)です[。.．!！…]*$")


def clause_asks(text: str) -> bool:
    """Whether a clause asks something; unlike a whole message, a clause ending
    「〜んです」 tells (「電子証明書を入れていたんです」)."""
    clause = _nfkc(text).strip()
    return asks_a_question(clause) and not _TELLS.search(clause)


# Where the NLU puts a message's several concerns, and the intent that says there are several
# (components/ sets both, actions/ reads them).
CONCERNS = "concerns"
SEVERAL_CONCERNS = "several_concerns"
FALLBACK = "nlu_fallback"
# The conversation's own intents: the user's own words for these are taken as they are,
# whatever came before.
OWN_WORDS = frozenset(
    {
        "greet",
        "goodbye",
        "thanks",
        "bot_challenge",
        "affirm",
        "deny",
        "cancel",
        "dont_know",
        "inform",
        "pii_guard",
        "message_too_long",
        "feedback_resolved",
        "feedback_unresolved",
    }
)
# What the pipeline itself sets, the conversation's own intents, the out-of-scope ones and
# the personal-dates form's: none of them is a topic a follow-up can lean on.
NOT_TOPICS = OWN_WORDS | {
    FALLBACK,
    SEVERAL_CONCERNS,
    "out_of_scope",
    "oos_insurer",
    "oos_municipal",
    "oos_suspicious_contact",
    "personal_validity",
}

_KAKUNINSHO = ("shikaku_kakuninsho", "kakuninsho_not_arrived")
_OLD_CARD = ("legacy_card_validity", "old_card_disposal", "what_to_show")
_CARD = (
    "card_validity",
    "ecert_expiry",
    "what_is",
    "registration_howto",
    "registration_check",
    "card_application",
    "proxy_application",
    "returned_card",
    "is_mandatory",
    "benefits",
)
_AT_THE_CLINIC = (
    "how_to_use",
    "face_auth_failed",
    "pin_forgotten",
    "reader_broken",
    "consent_screens",
    "card_not_accepted",
    "where_usable",
    "home_visit_online",
)


def _table(*pairs: tuple[str | tuple[str, ...], str | None]) -> dict[str, str | None]:
    table: dict[str, str | None] = {}
    for topics, answer in pairs:
        for topic in topics if isinstance(topics, tuple) else (topics,):
            table[topic] = answer
    return table


# (last topic or topics) -> the topic whose answer the follow-up needs; a topic that is
# not listed gets the `default` (None: ask what the user means).
_RESOLUTION: dict[str, dict[str, str | None]] = {
    "followup_validity": _table(
        (_KAKUNINSHO, "shikaku_kakuninsho"),
        ("kouki_kakuninsho", "kouki_kakuninsho"),
        (_OLD_CARD, "legacy_card_validity"),
        (_CARD + ("face_auth_card", "smartphone_lost"), "card_validity"),
    ),
    "followup_where": _table(
        ("registration_cancel", "registration_cancel"),
        (_KAKUNINSHO + ("kouki_kakuninsho",), "shikaku_kakuninsho"),
        ("kakuninsho_not_arrived", "kakuninsho_not_arrived"),  # it says whom to ask
        (("pin_forgotten", "face_auth_failed"), "pin_forgotten"),
        (("card_validity", "ecert_expiry"), "ecert_expiry"),
        ("face_auth_card", "face_auth_card"),
        (("card_application", "proxy_application", "returned_card", "is_mandatory"), "card_application"),
        (("registration_howto", "registration_check", "what_is", "benefits"), "registration_howto"),
        ("overseas", "overseas"),
        ("kogaku_ryoyohi", "kogaku_ryoyohi"),
        ("lost_card", "lost_card"),
        # its answer gives the loss line and where the certificate is revoked (the app)
        ("smartphone_lost", "smartphone_lost"),
        ("linkage_check", "linkage_check"),  # where in マイナポータル to look
        (("how_to_use", "where_usable", "card_not_accepted"), "where_usable"),
        (_OLD_CARD, "old_card_disposal"),
        ("job_change", "job_change"),
        ("dependents_job_change", "dependents_job_change"),
    ),
    "followup_proxy": _table(
        (("card_application", "proxy_application", "returned_card"), "proxy_application"),
        (_AT_THE_CLINIC + ("registration_howto",), "caregiver_help"),
        ("face_auth_card", "face_auth_card"),
        ("facility_custody", "facility_custody"),
        (_KAKUNINSHO, "shikaku_kakuninsho"),
        ("caregiver_help", "caregiver_help"),
    ),
    "followup_abroad": {},  # whatever came before: the answer for people abroad
    "followup_more": {},  # more of the same: the last topic again
    "followup_phone": _table(
        ("lost_card", "lost_card"),
        ("smartphone_lost", "smartphone_lost"),  # the same loss line, with the phone's words
        ("foreign_language", "foreign_language"),
        ("overseas", "overseas"),
        ("contact_hours", "contact_hours"),
        # insurer matters: the answer itself gives the insurer's own numbers
        (
            _KAKUNINSHO
            + ("registration_cancel", "shikaku_joho_oshirase", "job_change", "dependents_job_change", "kogaku_ryoyohi"),
            None,
        ),
    ),
}
_DEFAULT: dict[str, str | None] = {
    "followup_validity": None,
    "followup_where": None,
    "followup_proxy": "caregiver_help",
    "followup_abroad": "overseas",
    "followup_phone": "human_handoff",
    "followup_more": None,
}
FOLLOW_UP_INTENTS = frozenset(_RESOLUTION)

# A topic of its own that, right after another answer, asks for a part of that answer
# or of a neighbouring one: (topic heard, last topic) -> the topic to answer. Each row
# holds because the answer named gives what the question asks.
_IN_CONTEXT: dict[str, dict[str, str | None]] = {
    "what_to_show": _table(
        # 「じゃあ病院では何を見せるの」 after cancelling, not making or losing the card: the
        # 資格確認書, which the first two get without applying and a loser applies for
        (("registration_cancel", "is_mandatory", "lost_card"), "shikaku_kakuninsho"),
        # 「何を持っていけばいい？」 after the registration answer: what registering needs
        ("registration_howto", "registration_howto"),
    ),
    # 「それなら通院はどうやって？」 after the same three answers: the 資格確認書 too
    "how_to_use": _table((("registration_cancel", "is_mandatory", "lost_card"), "shikaku_kakuninsho")),
    # 「毎回同意するの？」 after home visits: later visits rest on the first consent
    # 「同意しないと見てもらえない？」 after the emergency answer: its own consent (the ambulance crew's view)
    "consent_screens": _table(("home_visit_online", "home_visit_online"), ("emergency", "emergency")),
    # a PIN question while helping someone: who may enter or be told the PIN
    "pin_forgotten": _table(("caregiver_help", "caregiver_help"), ("facility_custody", "facility_custody")),
    "pii_guard": _table(("caregiver_help", "caregiver_help"), ("facility_custody", "facility_custody")),
    # 「落としたら中身を読まれる？」 after the chip's contents or a number seen: what protects
    # a card that is carried or lost, with the loss line (a loss that happened still gets
    # the loss answer: the loss net)
    # 「旅先でカードが見当たらなくなったら」 after the answer for people abroad: it gives the line from abroad
    "lost_card": _table((("chip_contents", "number_seen", "carry_safety"), "carry_safety"), ("overseas", "overseas")),
}

# The topics an answer leads to: each named in that answer as the next step or the
# alternative (the lost-card answer names the 資格確認書 to see a doctor until the new card
# comes). After the answer, the user's next question is likely on the answer's own topic
# or on one of these.
_LEADS_TO: dict[str, tuple[str, ...]] = {
    "lost_card": ("shikaku_kakuninsho", "contact_hours"),
    "human_handoff": ("contact_hours",),
    "job_change": ("dependents_job_change",),
    "dependents_job_change": ("job_change",),
    "is_mandatory": ("shikaku_kakuninsho",),
    "registration_cancel": ("shikaku_kakuninsho",),
    "ecert_expiry": ("shikaku_kakuninsho",),
    "shikaku_kakuninsho": ("kakuninsho_not_arrived",),
    "kouki_kakuninsho": ("kakuninsho_not_arrived",),
    "kakuninsho_not_arrived": ("shikaku_kakuninsho",),
    "what_to_show": ("shikaku_kakuninsho", "registration_howto"),
    "registration_check": ("registration_howto",),
    "card_not_accepted": ("registration_howto", "ecert_expiry", "reader_broken"),
    "returned_card": ("card_application",),
    "kogaku_ryoyohi": ("consent_screens",),
    "info_shared": ("consent_screens",),
    "benefits": ("consent_screens", "kogaku_ryoyohi", "emergency", "job_change", "medical_deduction"),
}


# A question read as the last answer's topic that, by its words, asks for one part of it
# answered by a neighbouring topic: (last topic) -> ((words, topic to answer), ...).
_NOT_ARRIVED = re.compile(
    r"届(?:い)?て(?:い)?な|届かな|届きませ|届いていませ|来て(?:い)?な|来ていませ|(?:来|こ)な(?:い|かっ)(?!だ)|まだ来"
)
_PARTS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    # 「まだうちに来てないけど？」: who gets it without applying, whom to ask
    "shikaku_kakuninsho": ((_NOT_ARRIVED, "kakuninsho_not_arrived"),),
    "kouki_kakuninsho": ((_NOT_ARRIVED, "kakuninsho_not_arrived"),),
    # 「再発行されるまで通院は？」: the 資格確認書 the loss answer names for that time
    "lost_card": ((re.compile(r"(?:届く|できる|出来る|来る|再発行される|発行される)まで"), "shikaku_kakuninsho"),),
}


def part_asked(last_topic: str, text: str) -> str:
    """The topic whose answer a question read as `last_topic` needs, by its words."""
    normalized = _nfkc(text)
    for words, topic in _PARTS.get(last_topic, ()):
        if words.search(normalized):
            return topic
    return last_topic


def is_topic(intent: str | None) -> bool:
    return bool(intent) and intent not in NOT_TOPICS and intent not in FOLLOW_UP_INTENTS


def resolve(follow_up: str, last_topic: str | None) -> str | None:
    """The topic to answer for a follow-up after `last_topic`; None when it cannot be
    told (the user is asked to say more)."""
    table = _RESOLUTION[follow_up]
    if last_topic in table:
        return table[last_topic]
    if follow_up == "followup_more":
        return last_topic
    return _DEFAULT[follow_up]


def likely_after(last_topic: str) -> tuple[str, ...]:
    """The topics a question right after `last_topic`'s answer is likely on: that topic
    itself first, then those its answer leads to."""
    return (last_topic, *_LEADS_TO.get(last_topic, ()))


def _supposes_a_loss_only(text: str) -> bool:
    """Whether a message's losses are all supposed (「旅先で落としたら」), none told."""
    normalized = _nfkc(text)
    losses = list(_LOSS.finditer(normalized))
    return bool(losses) and all(_IF.match(normalized, loss.end()) for loss in losses)


# Rows of `_IN_CONTEXT` that hold only for messages saying so: a loss after the answer for
# people abroad is theirs only when supposed (abroad); one told may be here and now.
_ONLY_WHEN = {("lost_card", "overseas"): _supposes_a_loss_only}


def in_context(topic: str | None, last_topic: str | None, text: str = "") -> str | None:
    """The topic to answer when `topic` is heard in `text` right after `last_topic`'s
    answer; None when `topic` stands as it is."""
    meant = _IN_CONTEXT.get(topic or "", {}).get(last_topic or "")
    holds = _ONLY_WHEN.get((topic or "", last_topic or ""))
    return meant if meant is None or holds is None or holds(text) else None
