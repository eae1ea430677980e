"""「解決しましたか？」 under an FAQ answer: remembers the topic the answer was about
(slot `last_topic`, which 「解決しない」 rates and the staff report counts by), then offers
the two buttons (`utter_ask_feedback`)."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.concerns import concerns_of
from myna.topics import SEVERAL_CONCERNS

TOPIC_SLOT = "last_topic"
UNRESOLVED = "feedback_unresolved"


def answered_topic(latest_message: dict[str, Any]) -> str | None:
    """The topic a turn answered: its intent, or the first of several concerns."""
    intent = (latest_message.get("intent") or {}).get("name")
    if intent == SEVERAL_CONCERNS:
        return next(iter(concerns_of(latest_message)), None)
    return intent


def rated_message(tracker: Tracker) -> dict[str, Any] | None:
    """The user message whose answer a 「解決しない」 rates: the one before it."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    return users[-2].get("parse_data") if len(users) >= 2 else None


class ActionAskFeedback(Action):
    def name(self) -> str:
        return "action_ask_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_ask_feedback")
        return [SlotSet(TOPIC_SLOT, answered_topic(tracker.latest_message))]
