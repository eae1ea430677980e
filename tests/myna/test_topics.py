"""The pure topic rules: which intents are topics, follow-up resolution, the lost-card net."""

import pytest

from myna.topics import (
    FOLLOW_UP_INTENTS,
    asked_after_a_loss,
    card_suspension_given,
    clause_asks,
    in_context,
    is_topic,
    likely_after,
    part_asked,
    resolve,
    says_the_card_is_not_had,
    says_the_line_does_not_connect,
    tells_of_a_loss,
    urgent_topics_mentioned,
)


@pytest.mark.parametrize(
    "follow_up, last_topic, topic",
    [
        ("followup_validity", "shikaku_kakuninsho", "shikaku_kakuninsho"),
        ("followup_validity", "legacy_card_validity", "legacy_card_validity"),
        ("followup_validity", "kouki_kakuninsho", "kouki_kakuninsho"),
        ("followup_validity", None, None),  # cannot be told: ask
        ("followup_where", "registration_cancel", "registration_cancel"),
        ("followup_where", "pin_forgotten", "pin_forgotten"),
        ("followup_where", "kakuninsho_not_arrived", "kakuninsho_not_arrived"),  # whom to ask
        ("followup_where", "shikaku_kakuninsho", "shikaku_kakuninsho"),
        ("followup_where", "smartphone_lost", "smartphone_lost"),  # the line, the app
        ("followup_where", "lost_card", "lost_card"),
        ("followup_where", "linkage_check", "linkage_check"),  # where in マイナポータル
        ("followup_proxy", "card_application", "proxy_application"),
        ("followup_proxy", "how_to_use", "caregiver_help"),
        ("followup_proxy", None, "caregiver_help"),
        ("followup_abroad", "lost_card", "overseas"),
        ("followup_abroad", None, "overseas"),
        ("followup_phone", "smartphone_lost", "smartphone_lost"),
        ("followup_phone", "lost_card", "lost_card"),
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
    "heard, last_topic, topic",
    [
        # the hours answer gives the loss line's hours with the others
        ("contact_hours", "lost_card", None),
        ("contact_hours", "smartphone_lost", None),  # the loss line's hours, as after a lost card
        ("contact_hours", "benefits", None),  # the hours themselves
        ("contact_hours", None, None),
        ("what_to_show", "registration_cancel", "shikaku_kakuninsho"),
        ("what_to_show", "registration_howto", "registration_howto"),
        ("what_to_show", "legacy_card_validity", None),
        ("how_to_use", "is_mandatory", "shikaku_kakuninsho"),
        ("how_to_use", "registration_cancel", "shikaku_kakuninsho"),
        ("how_to_use", "where_usable", None),
        ("consent_screens", "home_visit_online", "home_visit_online"),
        ("consent_screens", "emergency", "emergency"),  # the crew's view rests on consent
        ("consent_screens", "benefits", None),
        ("pin_forgotten", "caregiver_help", "caregiver_help"),
        ("pin_forgotten", "how_to_use", None),
        ("lost_card", "chip_contents", "carry_safety"),
        ("lost_card", "number_seen", "carry_safety"),
        ("lost_card", "pin_forgotten", None),
    ],
)
def test_a_topic_heard_right_after_an_answer_may_mean_a_part_of_it(heard, last_topic, topic):
    assert in_context(heard, last_topic) == topic


@pytest.mark.parametrize(
    "text, topic",
    [
        ("旅行中に財布を落としたらどうするの", "overseas"),  # supposed abroad: its line from abroad
        ("あっちでなくした場合の連絡先は？", "overseas"),
        ("さっき駅でカードを落としました", None),  # told: it may be here and now
        ("カードの話です", None),
    ],
)
def test_a_loss_after_the_answer_for_people_abroad_is_theirs_only_when_supposed(text, topic):
    assert in_context("lost_card", "overseas", text) == topic


@pytest.mark.parametrize(
    "last_topic, likely",
    [
        ("lost_card", ("lost_card", "shikaku_kakuninsho", "contact_hours")),
        ("job_change", ("job_change", "dependents_job_change")),
        ("pin_forgotten", ("pin_forgotten",)),  # its answer leads nowhere else
    ],
)
def test_the_likely_topics_after_an_answer_are_its_own_first_then_those_it_names(last_topic, likely):
    assert likely_after(last_topic) == likely


def test_an_answer_leads_only_to_topics():
    from myna.topics import _LEADS_TO

    for topic, next_topics in _LEADS_TO.items():
        assert is_topic(topic) and all(is_topic(t) and t != topic for t in next_topics)


@pytest.mark.parametrize(
    "intent, topic",
    [
        ("lost_card", True),
        ("what_to_show", True),
        ("greet", False),
        ("oos_insurer", False),
        ("followup_where", False),
        ("several_concerns", False),
        ("nlu_fallback", False),
        (None, False),
    ],
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
        ("施設で母のマイナ保険証をなくされたと連絡がありました", ["lost_card"]),  # passive
        ("財布がなくなった。カードも入ってた", ["lost_card"]),
        ("カード本体もどこかへいってしまったみたい", ["lost_card"]),
        ("電車の網棚にかばんを置き忘れました", ["lost_card"]),
        ("銀行の窓口にカードを置いてきてしまいました", ["lost_card"]),  # left somewhere
        ("タクシーに財布を置いてきちゃった", ["lost_card"]),
        # the card is safe at home, or named as safe beside the lost phone
        ("マイナカードは家に置いてきたので今は持っていません", []),
        ("自宅にカードを置いてきました", []),
        ("スマホを電車で落としました。カードのほうは家にあります", ["smartphone_lost"]),
        ("携帯をなくした。マイナカードは手元にあるから大丈夫", ["smartphone_lost"]),
        # a card merely named beside the lost phone; one lost with it
        ("スマホを落としました。病院ではカードを出せばいいですか", ["smartphone_lost"]),
        ("スマホとマイナカードを一緒に盗まれました", ["smartphone_lost", "lost_card"]),
        # a supposed loss that asks for the line that suspends the card
        ("マイナンバーカードを紛失した場合の連絡先は", ["lost_card"]),
        ("紛失したときの電話番号", ["lost_card"]),  # names no thing: the card's
        ("スマホを落としたときはどこに電話すればいい？", ["smartphone_lost"]),
        # a loss that has not happened, or of something else: the classifier decides
        ("カードを落としたらどうなりますか", []),
        ("カードを失くしたら番号は変わる？", []),  # the card's number, not the line
        ("カードをなくさないようにしたい", []),
        ("カードが使えなくなった", []),
        ("病院の領収書をなくしました", []),
        ("マイナカードを持っていないので病院に行けなくなるのでは", []),
        ("暗証番号を忘れてロックされました", []),
        ("カードはどこかに行って作るんですか", []),  # going somewhere, not a loss
    ],
)
def test_the_lost_card_net(text, urgent):
    assert urgent_topics_mentioned(text) == urgent


@pytest.mark.parametrize(
    "text, asked",
    [
        # how to see a doctor meanwhile: the 資格確認書
        ("母のカードをなくしました。次の受診はどうしたらいいでしょう", ["shikaku_kakuninsho"]),
        ("かばんを盗まれた。カードが戻るまでの間、保険証の代わりになるものは？", ["shikaku_kakuninsho"]),
        # the suspension line's hours, after a card or a phone
        ("カードを落としました。土日でも電話は受け付けていますか", ["contact_hours"]),
        ("スマホをすられた。止める窓口は夜中でもつながる？", ["contact_hours"]),
        # a new card, and what a finder could do
        ("カードを紛失。再交付の手続きも知りたい", ["card_application"]),
        ("財布ごとなくした。悪用されたらと思うと不安で、病院にも行く予定です", ["carry_safety", "shikaku_kakuninsho"]),
        # a loss abroad, told before or after it: the line from abroad
        ("いま海外に住んでいます。携帯を盗まれてしまいました", ["overseas"]),
        ("出張中にカードを落としました。帰国するまで止められませんか", ["overseas"]),
        ("カードを落としました。外国語で話せる窓口はありますか", []),  # a language, not abroad
        # only what comes after a told loss of the card
        ("病院でカードをなくしました", []),
        ("カードを落としたら病院ではどうなりますか", []),
        ("スマホをなくしました。病院ではカードを出せばいいですか", []),  # the card is not lost
        ("夜中に電話したら、カードの期限が切れていると言われた", []),
    ],
)
def test_what_is_asked_after_a_loss(text, asked):
    assert asked_after_a_loss(text) == asked


@pytest.mark.parametrize(
    "text, loss",
    [
        ("財布ごとなくしたかもしれない", True),
        ("もし落としたらどうなるの", True),  # supposed: still a word of it
        ("カードをすぐ止めてほしい", True),  # suspending is asked for
        ("利用停止はどこに電話するの", True),
        ("そもそもマイナのカードは作っていません", False),
        ("カードの写真を変えたい", False),
    ],
)
def test_a_word_of_losing_or_suspending_is_found(text, loss):
    assert tells_of_a_loss(text) is loss


@pytest.mark.parametrize(
    ("answered", "text", "given"),
    [
        (["lost_card"], "カードを落とした", True),
        (["overseas"], "旅行先でカードを落とした", True),
        (["smartphone_lost"], "スマホを落とした。マイナカードの証明書が入ってる", True),
        (["smartphone_lost"], "証明書を入れたスマホ本体をなくしました", True),
        # the card itself went with the phone: its answer is needed too
        (["smartphone_lost"], "スマホを電車に忘れてなくした。カバーにマイナカードも挟んでた", False),
        (["smartphone_lost"], "財布とスマホを両方すられた", False),
        (["pin_forgotten"], "カードをなくした", False),
    ],
)
def test_card_suspension_given(answered, text, given):
    assert card_suspension_given(answered, text) is given


@pytest.mark.parametrize(
    "clause, asks",
    [
        ("止める窓口は夜でもつながりますか", True),
        ("再発行の仕方を教えて", True),
        ("病院はどうしたら", True),
        ("証明書も入れていたんです", False),  # 〜んです tells, in a clause
        ("アプリも使っていたのです。", False),
        ("カードを落としました", False),
    ],
)
def test_a_clause_asks_or_tells(clause, asks):
    assert clause_asks(clause) is asks


@pytest.mark.parametrize(
    "text, not_had",
    [
        ("祖母はマイナンバーカードを持っていません", True),
        ("かーど もってへんねん", True),
        ("マイナ保険証はまだ持ってないけど", True),
        ("カードを落として、いまは持っていない", False),  # a loss told
        ("スマホは持っていません", False),  # not the card
        ("カードはいつも持っています", False),
    ],
)
def test_a_card_never_had_is_no_loss(text, not_had):
    assert says_the_card_is_not_had(text) is not_had


@pytest.mark.parametrize(
    "text, not_connecting",
    [
        ("ダイヤルしても話し中ばかりでつながらない", True),
        ("何度かけても繋がりません", True),
        ("公衆電話からはかからんのかな", True),
        ("日曜でも電話は受けてもらえる？", False),
        ("電話代はかかりますか", False),
        ("作り直すのにお金はかかりませんか", False),
    ],
)
def test_a_line_that_does_not_connect(text, not_connecting):
    assert says_the_line_does_not_connect(text) is not_connecting


@pytest.mark.parametrize(
    "last_topic, text, topic",
    [
        ("shikaku_kakuninsho", "うちにはまだ来てないみたい", "kakuninsho_not_arrived"),
        ("kouki_kakuninsho", "一向に届きませんが", "kakuninsho_not_arrived"),
        ("shikaku_kakuninsho", "こないだ届いた紙のことです", "shikaku_kakuninsho"),
        ("shikaku_kakuninsho", "その書類の期限は？", "shikaku_kakuninsho"),
        ("lost_card", "再発行されるまでの通院は？", "shikaku_kakuninsho"),
        ("lost_card", "止めたあとで見つかったら？", "lost_card"),
        ("benefits", "まだ来てないけど", "benefits"),  # no part of that answer
    ],
)
def test_a_question_on_the_last_topic_may_by_its_words_ask_for_a_part_of_it(last_topic, text, topic):
    assert part_asked(last_topic, text) == topic
