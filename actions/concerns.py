"""Answers a message with several concerns (intent `several_concerns`, set by
components/conversation_context.py): each concern's own answer, in the order the
NLU gave (a lost card or phone first), after a line saying how many there are.

The answers are the topics' own responses from the domain, filled from the tracker's
slots as they are when answered alone. The first concern that hands off to a phone
line is followed by the phone card, as when it is asked alone; its slots were set
just before by action_choose_hotline (see `hand_off_topic`).
"""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from myna.faq_topics import topic_title
from myna.hotline import HAND_OFF_TOPICS
from myna.topics import CONCERNS, SEVERAL_CONCERNS


def concerns_of(latest_message: dict[str, Any]) -> list[str]:
    return [c.get("name") for c in latest_message.get(CONCERNS) or []]


def hand_off_topic(latest_message: dict[str, Any]) -> str | None:
    """The topic whose phone line the turn gives: the message's intent, or for several
    concerns the first one that hands off."""
    intent = (latest_message.get("intent") or {}).get("name")
    if intent != SEVERAL_CONCERNS:
        return intent
    return next((c for c in concerns_of(latest_message) if c in HAND_OFF_TOPICS), None)


class ActionAnswerConcerns(Action):
    def name(self) -> str:
        return "action_answer_concerns"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        topics = [c for c in concerns_of(tracker.latest_message) if topic_title(domain, c)]
        phone_card_for = hand_off_topic(tracker.latest_message)
        if len(topics) > 1:
            dispatcher.utter_message(response="utter_several_concerns", concern_count=len(topics))
        for topic in topics:
            dispatcher.utter_message(response=f"utter_{topic}")
            if topic == phone_card_for:
                dispatcher.utter_message(response="utter_hotline")
        if not topics:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return []
