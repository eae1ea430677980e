"""After the privacy warning: answer the question that came with the number."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq_topics import ranked_topics

# Answered only when the classifier was sure of the question; otherwise the
# warning stands alone and the user asks again.
ANSWER_CONFIDENCE = 0.6


class ActionAnswerCarriedQuestion(Action):
    def name(self) -> Text:
        return "action_answer_carried_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        for intent, _title in ranked_topics(domain, ranking, 1, ANSWER_CONFIDENCE):
            dispatcher.utter_message(response=f"utter_{intent}")
        return []
