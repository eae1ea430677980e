"""Session start: every number, menu, hour and date of the insurer profile
(settings/insurer.yml) goes into slots, with whether each policy date has passed today,
so the answers' placeholders ({insurer_name}, {loss_number}, ...) come from configuration."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from myna.session_slots import slot_values


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SessionStarted()]
        events += [SlotSet(name, value) for name, value in slot_values().items()]
        events.append(ActionExecuted("action_listen"))
        return events
