"""The pure topic rules: which intents are topics, follow-up resolution, the lost-card net."""

import pytest

from myna.topics import FOLLOW_UP_INTENTS, is_topic, resolve, urgent_topics_mentioned


@pytest.mark.parametrize(
    "follow_up, last_topic, topic",
    [
        ("followup_validity", "shikaku_kakuninsho", "shikaku_kakuninsho"),
        ("followup_validity", "legacy_card_validity", "legacy_card_validity"),
        ("followup_validity", "kouki_kakuninsho", "kouki_kakuninsho"),
        ("followup_validity", None, None),  # cannot be told: ask
        ("followup_where", "registration_cancel", "registration_cancel"),
        ("followup_where", "pin_forgotten", "pin_forgotten"),
        ("followup_proxy", "card_application", "proxy_application"),
        ("followup_proxy", "how_to_use", "caregiver_help"),
        ("followup_proxy", None, "caregiver_help"),
        ("followup_abroad", "lost_card", "overseas"),
        ("followup_abroad", None, "overseas"),
        ("followup_phone", "smartphone_lost", "lost_card"),
        ("followup_phone", "registration_cancel", None),  # the insurer's own answer is asked for again
        ("followup_phone", "benefits", "human_handoff"),
        ("followup_more", "face_auth_card", "face_auth_card"),
        ("followup_more", None, None),
    ],
)
def test_a_follow_up_leans_on_the_last_topic(follow_up, last_topic, topic):
    assert resolve(follow_up, last_topic) == topic


def test_every_follow_up_kind_resolves_without_a_last_topic():
    for follow_up in FOLLOW_UP_INTENTS:
        resolve(follow_up, None)  # no KeyError: each kind has a default


@pytest.mark.parametrize(
    "intent, topic",
    [("lost_card", True), ("what_to_show", True), ("greet", False), ("oos_insurer", False),
     ("followup_where", False), ("several_concerns", False), ("nlu_fallback", False), (None, False)],
)
def test_topics_are_the_faq_intents(intent, topic):
    assert is_topic(intent) is topic


@pytest.mark.parametrize(
    "text, urgent",
    [
        ("財布ごとマイナカード盗まれた。とりあえず止めたい", ["lost_card"]),
        ("カードを落として、暗証番号も忘れました", ["lost_card"]),
        ("母のカードがどこにも見当たりません", ["lost_card"]),
        ("ｶｰﾄﾞをなくしてしまいました", ["lost_card"]),  # half-width katakana (NFKC)
        ("スマホをなくした。マイナの証明書が入ってる", ["smartphone_lost"]),
        ("スマホとマイナンバーカードを入れたバッグを盗まれました", ["smartphone_lost", "lost_card"]),
        # a loss that has not happened, or of something else: the classifier decides
        ("カードを落としたらどうなりますか", []),
        ("マイナンバーカードを紛失した場合の連絡先は", []),
        ("病院の領収書をなくしました", []),
        ("マイナカードを持っていないので病院に行けなくなるのでは", []),
        ("暗証番号を忘れてロックされました", []),
    ],
)
def test_the_lost_card_net(text, urgent):
    assert urgent_topics_mentioned(text) == urgent
