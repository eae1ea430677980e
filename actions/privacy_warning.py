"""After the privacy warning: answer the question that came with the number."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq_topics import SYNTHETIC_INTENTS, ranked_topics

# Answered only when the classifier was sure of the question (its confidence among
# the real intents); otherwise the warning stands alone and the user asks again.
ANSWER_CONFIDENCE = 0.5


def without_synthetic(ranking: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The ranking of the real intents, their confidences renormalised to sum as before."""
    synthetic = sum(r.get("confidence") or 0.0 for r in ranking if r.get("name") in SYNTHETIC_INTENTS)
    scale = 1.0 / (1.0 - synthetic) if synthetic < 1.0 else 0.0
    return [
        {**r, "confidence": (r.get("confidence") or 0.0) * scale}
        for r in ranking
        if r.get("name") not in SYNTHETIC_INTENTS
    ]


class ActionAnswerCarriedQuestion(Action):
    def name(self) -> Text:
        return "action_answer_carried_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        ranking = without_synthetic(tracker.latest_message.get("intent_ranking") or [])
        for intent, _title in ranked_topics(domain, ranking, 1, ANSWER_CONFIDENCE):
            dispatcher.utter_message(response=f"utter_{intent}")
        return []
