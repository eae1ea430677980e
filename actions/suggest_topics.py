"""Fills the suggestion slots that utter_ask_rephrase turns into buttons: the likeliest
topics of an unclear message, or, after 「解決しない」, the other likely topics of the
message whose answer did not help."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import TOPIC_SLOT, UNRESOLVED, rated_message
from myna.faq_topics import ranked_topics

MAX_SUGGESTIONS = 3


class ActionSuggestTopics(Action):
    """The likeliest FAQ topics of an unclear message, best first."""

    def name(self) -> str:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message, answered = tracker.latest_message, None
        if (message.get("intent") or {}).get("name") == UNRESOLVED:
            message, answered = rated_message(tracker) or {}, tracker.get_slot(TOPIC_SLOT)
        ranking = [e for e in message.get("intent_ranking") or [] if e.get("name") != answered]
        topics = ranked_topics(domain, ranking, MAX_SUGGESTIONS)
        events = [SlotSet("suggestion_count", str(len(topics)))]
        for index in range(1, MAX_SUGGESTIONS + 1):
            intent, title = topics[index - 1] if index <= len(topics) else (None, None)
            events.append(SlotSet(f"suggestion_{index}", intent))
            events.append(SlotSet(f"suggestion_{index}_title", title))
        return events
