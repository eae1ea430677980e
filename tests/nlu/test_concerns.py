"""Several concerns in one message (components/tfidf_intent_classifier.py `_concerns`,
components/clauses.py), through the trained model's NLU: which concerns a message is
read as, on our own sentences."""

import asyncio
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "myna.tar.gz"


@pytest.fixture(scope="module")
def concerns_of():
    from rasa.core.agent import Agent

    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    agent = Agent.load(str(MODEL))

    def parse(text):
        parsed = asyncio.run(agent.parse_message(text))
        if parsed["intent"]["name"] != "several_concerns":
            return [parsed["intent"]["name"]]
        return [c["name"] for c in parsed["concerns"]]

    return parse


@pytest.mark.parametrize(
    "text, concerns",
    [
        # two nouns joined by と, each a topic of its own
        ("カードの有効期限と電子証明書の更新場所を知りたいです", {"card_validity", "ecert_expiry"}),
        # a list the writer punctuated (「…と、」): a marked cut
        ("マイナ保険証の登録方法と、解除のしかたを教えてください", {"registration_howto", "registration_cancel"}),
        # the second clause is a follow-on of the first: from abroad, the overseas answer
        ("登録を解除したいです。海外からでもできますか", {"registration_cancel", "overseas"}),
    ],
)
def test_each_concern_is_found(concerns_of, text, concerns):
    assert set(concerns_of(text)) == concerns


def test_a_clause_without_a_loss_is_not_read_as_a_lost_card(concerns_of):
    # 「証明書が切れてました」 is no loss: no suspension answer, and certainly not first
    assert "lost_card" not in concerns_of("証明書が切れてました。確認書って勝手に届くんですか")


def test_a_reason_before_the_question_is_not_a_concern_of_its_own(concerns_of):
    # the expired paper card is why the user asks what to show, not a second question
    assert concerns_of("紙の保険証の期限が切れたので、病院の窓口では何を見せるのでしょうか") == ["what_to_show"]


def test_a_question_about_carrying_the_card_stays_one_concern(concerns_of):
    assert concerns_of("カードを財布に入れて持ち歩いても平気ですか") == ["carry_safety"]


def test_a_card_lost_with_the_phone_gets_both_answers_the_losses_first(concerns_of):
    # the phone's answer says nothing of the card itself (the police, a new card)
    concerns = concerns_of("スマホを電車に忘れてなくした。カバーにマイナカードも挟んでた")
    assert set(concerns[:2]) == {"smartphone_lost", "lost_card"}


@pytest.mark.parametrize(
    "text, asked",
    [
        # how to see a doctor until the card is back: the 資格確認書
        ("母がマイナカードをなくしたそうです。カードが戻るまで受診はどうすれば？", "shikaku_kakuninsho"),
        # whether the suspension line answers on a holiday
        ("カードを落としました。停止の受付は日曜でもやっていますか", "contact_hours"),
        # a new card
        ("旅先で財布をすられました。マイナカードも入っていたので、作り直しの手続きも知りたいです", "card_application"),
    ],
)
def test_what_a_loss_brings_up_is_answered_after_the_loss(concerns_of, text, asked):
    assert concerns_of(text) == ["lost_card", asked]


def test_a_card_left_somewhere_is_a_loss_answered_first(concerns_of):
    concerns = concerns_of("駅のコインロッカーにカードを置いてきてしまいました。今日の受診はどうしたらいいですか")
    assert concerns == ["lost_card", "shikaku_kakuninsho"]


def test_a_card_at_home_beside_a_lost_phone_is_not_lost(concerns_of):
    assert concerns_of("スマホをなくしました。カードは家にあるので病院ではカードを使えますか") == ["smartphone_lost"]


def test_a_phone_lost_abroad_gets_the_line_from_abroad_too(concerns_of):
    concerns = concerns_of("いま海外に住んでいます。携帯を盗まれてしまいました。止めるにはどこへ連絡すれば")
    assert concerns == ["smartphone_lost", "overseas"]


def test_a_card_lost_abroad_gets_the_line_from_abroad_first(concerns_of):
    # the overseas answer gives the line from abroad, the lost-card answer the domestic one
    assert (
        concerns_of("海外に住んでいますが、カードをなくしてしまいました。どこに連絡すればいいですか")[0] == "overseas"
    )
