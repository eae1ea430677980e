"""The resolver's reading of a verdict after earlier answers: the classifier's ranking
is given as it would come, the conversation as Rasa would hand it."""

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from components.conversation_context import ConversationContextResolver, _answer_order, recent_topics

RESOLVER = ConversationContextResolver(ConversationContextResolver.get_default_config())


def conversation(*topics):
    """A session whose user messages were answered with these topics, in order."""
    tracker = DialogueStateTracker.from_events("someone", [], slots=Domain.empty().slots)
    for topic in topics:
        tracker.update(UserUttered("…", {"name": topic, "confidence": 0.9}, parse_data={"intent": {"name": topic}}))
        tracker.update(ActionExecuted("action_listen"))
    return tracker


def heard(*ranking, concerns=None):
    """A message as the classifier leaves it: its ranking, best first."""
    entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={"text": "…", "intent": entries[0], "intent_ranking": entries})
    if concerns:
        message.set("concerns", [{"name": c, "confidence": 0.9} for c in concerns])
    return message


def heard_text(text, *ranking):
    message = heard(*ranking)
    message.set("text", text)
    return message


def read(message, tracker):
    RESOLVER.process([message], tracker=tracker)
    return message.get("intent")["name"]


def test_a_topic_the_last_answer_leads_to_is_likely():
    # after the job-change answer, a faint question on the family's part of it
    message = heard(("out_of_scope", 0.3), ("dependents_job_change", 0.15), ("job_change", 0.05))
    assert read(message, conversation("job_change")) == "dependents_job_change"


def test_a_topic_the_last_answer_does_not_lead_to_is_not_raised():
    message = heard(("out_of_scope", 0.3), ("dependents_job_change", 0.15))
    assert read(message, conversation("pin_forgotten")) == "out_of_scope"


def test_a_message_heard_as_the_answer_just_given_asks_for_the_next_step_it_named():
    # the lost-card answer names the 資格確認書 for seeing a doctor until the new card comes
    message = heard(("lost_card", 0.35), ("out_of_scope", 0.2), ("shikaku_kakuninsho", 0.05))
    assert read(message, conversation("lost_card")) == "shikaku_kakuninsho"


def test_a_clear_repeat_of_the_last_topic_stays_on_it():
    message = heard(("lost_card", 0.8), ("shikaku_kakuninsho", 0.05))
    assert read(message, conversation("lost_card")) == "lost_card"


def test_a_faint_likely_verdict_is_heard_clearly_enough_to_be_answered():
    message = heard(("card_application", 0.12), ("followup_phone", 0.1))
    RESOLVER.process([message], tracker=conversation("returned_card"))
    assert message.get("intent")["name"] == "card_application"
    assert message.get("intent")["confidence"] > 0.15  # above FallbackClassifier's threshold


def test_an_earlier_topic_of_the_conversation_is_still_likely():
    message = heard(("registration_howto", 0.33), ("registration_cancel", 0.16))
    assert read(message, conversation("registration_cancel", "shikaku_kakuninsho")) == "registration_cancel"


def test_the_concern_the_last_answer_has_just_answered_is_dropped():
    message = heard(("several_concerns", 1.0), ("what_to_show", 0.3), concerns=["registration_cancel", "what_to_show"])
    # what is shown after cancelling: the 資格確認書 (in_context)
    assert read(message, conversation("registration_cancel")) == "shikaku_kakuninsho"
    assert not message.get("concerns")


def test_a_ranked_topic_is_read_in_context_too():
    # below the verdict, a PIN question while a facility keeps the card: the keeping answer
    message = heard(("caregiver_help", 0.2), ("pin_forgotten", 0.18), ("out_of_scope", 0.1))
    assert read(message, conversation("facility_custody")) == "facility_custody"


def test_more_of_the_last_answer_ranked_near_the_verdict_is_that_answer():
    # a question the classifier finds unknown, but nearly "more of the same", after an answer
    message = heard(("out_of_scope", 0.25), ("followup_more", 0.2), ("carry_safety", 0.15))
    assert read(message, conversation("card_not_accepted")) == "card_not_accepted"


def test_a_ranked_follow_up_is_read_as_the_topic_it_leans_on():
    # 「どこで？」 faintly heard after the answer on checking one's records: that answer
    message = heard(("out_of_scope", 0.3), ("followup_where", 0.15), ("where_usable", 0.1))
    assert read(message, conversation("linkage_check")) == "linkage_check"


def test_a_likely_topic_ranked_below_a_faint_follow_up_is_still_raised():
    # a question after the home-visit answer: below a faint "more", the consent question
    # read in context (later visits rest on the first consent)
    message = heard(("out_of_scope", 0.38), ("followup_more", 0.07), ("consent_screens", 0.05))
    assert read(message, conversation("home_visit_online")) == "home_visit_online"


def test_a_ranked_follow_up_does_not_turn_a_new_topic_back_to_the_last_answer():
    message = heard(("old_card_disposal", 0.3), ("followup_more", 0.25))
    assert read(message, conversation("legacy_card_validity")) == "old_card_disposal"


def test_a_ranked_follow_up_far_below_an_unknown_question_leaves_it_unknown():
    message = heard(("out_of_scope", 0.35), ("followup_where", 0.12))
    assert read(message, conversation("ecert_expiry")) == "out_of_scope"


def test_a_follow_up_that_cannot_lean_on_the_last_answer_takes_a_likely_topic_ranked_near_it():
    message = heard(("followup_validity", 0.2), ("info_shared", 0.18), ("where_usable", 0.12))
    assert read(message, conversation("where_usable")) == "where_usable"


def test_a_follow_up_that_cannot_lean_on_the_last_answer_and_no_likely_topic_asks_again():
    message = heard(("followup_validity", 0.2), ("info_shared", 0.18), ("pin_forgotten", 0.12))
    assert read(message, conversation("where_usable")) == "nlu_fallback"


def test_a_clear_unknown_question_after_an_answer_stays_unknown():
    message = heard(("out_of_scope", 0.8), ("followup_more", 0.1))
    assert read(message, conversation("card_not_accepted")) == "out_of_scope"


def test_a_new_clear_topic_is_taken_as_it_is():
    message = heard(("pin_forgotten", 0.9), ("lost_card", 0.02))
    assert read(message, conversation("lost_card")) == "pin_forgotten"


def test_after_another_answer_the_card_words_alone_are_no_loss():
    message = heard_text("そもそもマイナのカードは作っていません", ("lost_card", 0.45), ("is_mandatory", 0.3))
    assert read(message, conversation("benefits")) == "is_mandatory"


@pytest.mark.parametrize(
    "heard_as",
    [
        (("contact_hours", 0.9), ("lost_card", 0.05)),  # the hours, by the line's words
        (("lost_card", 0.3), ("contact_hours", 0.1)),  # the loss, with the hours within the margin
    ],
)
def test_after_the_loss_answer_a_line_that_does_not_connect_asks_for_its_lines_again(heard_as):
    message = heard_text("ひかり電話でダイヤルしても全然かからないです", *heard_as)
    assert read(message, conversation("lost_card")) == "lost_card"


def test_a_line_that_does_not_connect_after_a_later_answer_is_the_earlier_loss_line():
    message = heard_text("公衆電話でかけてみたけど一向につながらない", ("contact_hours", 0.12), ("followup_more", 0.06))
    RESOLVER.process([message], tracker=conversation("lost_card", "shikaku_kakuninsho"))
    assert message.get("intent")["name"] == "lost_card"
    assert message.get("intent")["confidence"] > 0.15  # above FallbackClassifier's threshold


def test_after_the_loss_answer_the_hours_asked_are_the_hours():
    message = heard_text("夜遅くても電話を受けてもらえますか", ("contact_hours", 0.9), ("lost_card", 0.05))
    assert read(message, conversation("lost_card")) == "contact_hours"


def test_a_faint_follow_up_leaning_on_the_last_answer_is_answered_not_asked_again():
    message = heard(("followup_abroad", 0.1), ("oos_insurer", 0.08))
    RESOLVER.process([message], tracker=conversation("smartphone_lost"))
    assert message.get("intent")["name"] == "overseas"
    assert message.get("intent")["confidence"] > 0.15  # above FallbackClassifier's threshold


def test_more_of_the_kakuninsho_answer_saying_it_has_not_come_asks_whom_to_ask():
    message = heard_text("うちにはまだ来てないみたい", ("followup_more", 0.8), ("out_of_scope", 0.05))
    assert read(message, conversation("shikaku_kakuninsho")) == "kakuninsho_not_arrived"


def test_words_of_a_part_count_only_on_the_last_answer_topic():
    message = heard_text("まだ来てないけど", ("card_application", 0.8), ("out_of_scope", 0.05))
    assert read(message, conversation("shikaku_kakuninsho")) == "card_application"


@pytest.mark.parametrize("tracker", [None, conversation("what_to_show")])
def test_no_card_heard_as_a_lost_card_asks_for_the_kakuninsho(tracker):
    message = heard_text("カードはまだ持っていません。通院はどうなりますか", ("lost_card", 0.4), ("how_to_use", 0.2))
    assert read(message, tracker) == "shikaku_kakuninsho"


def test_no_card_after_a_loss_is_the_loss_told_again():
    message = heard_text("もうカードを持っていないので", ("lost_card", 0.4), ("is_mandatory", 0.2))
    assert read(message, conversation("lost_card")) == "lost_card"


@pytest.mark.parametrize(
    "text, last_topic",
    [
        ("さっき財布ごと落としたみたい", "benefits"),  # a loss told
        ("カードをすぐ止めてほしい", "benefits"),  # the suspension asked for
        ("家の電話からでもかけられる？", "lost_card"),  # on the loss answer's own line
    ],
)
def test_a_loss_heard_is_kept_when_it_is_told_or_the_conversation_is_on_it(text, last_topic):
    message = heard_text(text, ("lost_card", 0.45), ("is_mandatory", 0.3))
    assert read(message, conversation(last_topic)) == "lost_card"


@pytest.mark.parametrize(
    "topics, recent",
    [
        (("lost_card", "greet", "shikaku_kakuninsho"), ["shikaku_kakuninsho", "lost_card"]),
        (("lost_card", "shikaku_kakuninsho", "lost_card"), ["lost_card", "shikaku_kakuninsho"]),
        (("lost_card", "greet", "thanks", "goodbye"), []),  # beyond the look-back
        ((), []),
    ],
)
def test_the_recent_topics_are_the_answered_ones_latest_first(topics, recent):
    assert recent_topics(conversation(*topics)) == recent


@pytest.mark.parametrize(
    "concerns, main, order",
    [
        # the loss first, then the main topic, then the others as written
        (
            ["pin_forgotten", "card_validity", "lost_card"],
            "card_validity",
            ["lost_card", "card_validity", "pin_forgotten"],
        ),
        (["overseas", "smartphone_lost"], "overseas", ["smartphone_lost", "overseas"]),
        # a card lost abroad: the overseas answer's line from abroad first
        (["lost_card", "overseas", "shikaku_kakuninsho"], "lost_card", ["overseas", "lost_card", "shikaku_kakuninsho"]),
        (["smartphone_lost", "lost_card", "overseas"], "smartphone_lost", ["smartphone_lost", "overseas", "lost_card"]),
    ],
)
def test_the_answer_order(concerns, main, order):
    ordered = _answer_order([{"name": c, "confidence": 0.9} for c in concerns], main)
    assert [c["name"] for c in ordered] == order
