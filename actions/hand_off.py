"""The phone hand-off: which number, and is it open now (Asia/Tokyo)?

The choice is made by myna/hotline.py; the words are utter_hotline's in the domain,
one variation per state, filled from these slots.
"""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions.concerns import hand_off_topic
from actions.feedback import TOPIC_SLOT, UNRESOLVED
from myna.dates import format_md_weekday_hm
from myna.hotline import LineChoice, choose_line, kind_for_intent
from myna.messages import text as message_text


def _state(line: LineChoice) -> str:
    if line.always_open:
        return "always"
    if not line.hours_known:
        return "unknown"
    if line.open_now is None or (not line.open_now and line.next_open is None):
        return "year_end"  # an undated 年末年始 closure may fall on the day
    return "open" if line.open_now else "closed"


def hotline_slots(line: LineChoice) -> dict[str, Any]:
    first, *others = line.numbers
    return {
        "hotline_state": _state(line),
        "hotline_name": line.name,
        # As printed in the leaflet (003 prints 03-6734-0170); the link dials the
        # number as configured (+81-3-6734-0170 from abroad).
        "hotline_number": first.printed or first.number,
        "hotline_tel": first.number,
        "hotline_menu": message_text("hand_off.menu", menu=message_text("phone.menu", menu=line.menu))
        if line.menu
        else "",
        "hotline_others": "".join(f"\n{p.label}: {p.number}" for p in others),
        "hotline_hours": line.hours_ja or "",
        "hotline_next_open": format_md_weekday_hm(line.next_open) if line.next_open else "",
    }


def line_for_intent(intent: str | None) -> LineChoice:
    line = choose_line(kind_for_intent(intent))
    if not line.available:  # no number configured for this kind: the general line
        line = choose_line("general")
    return line


class ActionChooseHotline(Action):
    def name(self) -> str:
        return "action_choose_hotline"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if (tracker.latest_message.get("intent") or {}).get("name") == UNRESOLVED:
            topic = tracker.get_slot(TOPIC_SLOT)  # the line of the answer that did not help
        else:
            topic = hand_off_topic(tracker.latest_message)
        line = line_for_intent(topic)
        return [SlotSet(name, value) for name, value in hotline_slots(line).items()]
