"""After the privacy warning: answer the question that came with the number."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.concerns import concerns_of
from actions.hand_off import hotline_slots, line_for_intent
from myna.faq_topics import SYNTHETIC_INTENTS, ranked_topics
from myna.hotline import HAND_OFF_TOPICS
from myna.topics import SEVERAL_CONCERNS

# Answered only when the classifier was sure of the question (its confidence among
# the real intents); otherwise the warning stands alone and the user asks again.
ANSWER_CONFIDENCE = 0.5


def without_synthetic(ranking: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ranking of the real intents, their confidences renormalised to sum as before."""
    synthetic = sum(r.get("confidence") or 0.0 for r in ranking if r.get("name") in SYNTHETIC_INTENTS)
    scale = 1.0 / (1.0 - synthetic) if synthetic < 1.0 else 0.0
    return [
        {**r, "confidence": (r.get("confidence") or 0.0) * scale}
        for r in ranking
        if r.get("name") not in SYNTHETIC_INTENTS
    ]


def carried_ranking(latest_message: dict[str, Any]) -> list[dict[str, Any]]:
    """The ranking the carried question is read from. A verdict of several concerns
    stands for its concerns, in the order they are answered (a lost card first:
    「カードをなくしました。番号は…です」 must get the suspension line)."""
    ranking: list[dict[str, Any]] = []
    for entry in latest_message.get("intent_ranking") or []:
        if entry.get("name") == SEVERAL_CONCERNS:
            ranking += [{**entry, "name": name} for name in concerns_of(latest_message)]
        else:
            ranking.append(entry)
    return without_synthetic(ranking)


class ActionAnswerCarriedQuestion(Action):
    def name(self) -> str:
        return "action_answer_carried_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        ranking = carried_ranking(tracker.latest_message)
        events: list[dict[str, Any]] = []
        for intent, _title in ranked_topics(domain, ranking, 1, ANSWER_CONFIDENCE):
            dispatcher.utter_message(response=f"utter_{intent}")
            if intent in HAND_OFF_TOPICS:
                # The answer leaves the number to the hand-off card. Its variation is
                # chosen on the slots as they were (the general one: hours to be
                # checked); the values passed here fill it, the events keep them.
                values = hotline_slots(line_for_intent(intent))
                dispatcher.utter_message(response="utter_hotline", **values)
                events += [SlotSet(name, value) for name, value in values.items()]
        return events
