"""Answers a message with several concerns (intent `several_concerns`, set by
components/conversation_context.py): each concern's own answer, in the order the
NLU gave (a lost card or phone first), after a line saying how many there are.

The answers are the topics' own responses from the domain, filled from the tracker's
slots as they are when answered alone.
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq_topics import topic_title

CONCERNS = "concerns"  # the key the NLU puts them under (components/tfidf_intent_classifier.py)


class ActionAnswerConcerns(Action):
    def name(self) -> Text:
        return "action_answer_concerns"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        concerns = [c.get("name") for c in tracker.latest_message.get(CONCERNS) or []]
        topics = [c for c in concerns if topic_title(domain, c)]
        if len(topics) > 1:
            dispatcher.utter_message(response="utter_several_concerns", concern_count=len(topics))
        for topic in topics:
            dispatcher.utter_message(response=f"utter_{topic}")
        if not topics:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return []
