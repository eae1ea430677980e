"""Fills the suggestion slots that utter_ask_rephrase turns into buttons."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq_topics import ranked_topics

MAX_SUGGESTIONS = 3


class ActionSuggestTopics(Action):
    """The likeliest FAQ topics of an unclear message, best first."""

    def name(self) -> Text:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        topics = ranked_topics(domain, ranking, MAX_SUGGESTIONS)
        events = [SlotSet("suggestion_count", str(len(topics)))]
        for index in range(1, MAX_SUGGESTIONS + 1):
            intent, title = topics[index - 1] if index <= len(topics) else (None, None)
            events.append(SlotSet(f"suggestion_{index}", intent))
            events.append(SlotSet(f"suggestion_{index}_title", title))
        return events
