"""When the action server cannot answer, the user gets an apology with phone numbers.

Rasa 3.6 logs a failed custom action and carries on without its events, so the user
sees nothing, or an answer with empty placeholders. Rasa has no hook for this, so
`RemoteAction.run` is wrapped (serving/rasa_patches.py): a connection failure or a 5xx becomes
the `utter_action_server_unavailable` response and the turn ends there. A rejection
(HTTP 400, e.g. a form's validation) is Rasa's normal flow and passes through.
A failed session start still starts the session, with the insurer's slots from the
same profile, so the greeting and later answers read right once the server is back.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, Event, FollowupAction, SessionStarted, SlotSet
from rasa.shared.exceptions import RasaException

from myna.messages import text as message_text
from myna.profile import Profile
from myna.session_slots import slot_values

logger = logging.getLogger(__name__)

APOLOGY_RESPONSE = "utter_action_server_unavailable"


def apology_values(profile: Profile) -> dict[str, str]:
    """The response's placeholders, from settings/insurer.yml: the slots that usually
    carry them may be empty when the action server was down at session start."""
    contact = next(c for c in profile.insurer.contacts if c.number)
    loss = profile.national_lines.loss
    number, hours = loss.numbers[0].number, loss.hours.text if loss.hours else None
    return {
        "outage_insurer": message_text(
            "apology.insurer", insurer=profile.insurer.name.value, label=contact.label, number=contact.number
        ),
        "outage_loss_line": message_text("apology.loss_line_hours", line=loss.name, number=number, hours=hours)
        if hours
        else message_text("apology.loss_line", line=loss.name, number=number),
    }


def apologising_run(run_remote: Callable[..., Awaitable[list[Event]]], profile: Profile):
    """`RemoteAction.run`, with the apology on a failure (serving/rasa_patches.py installs it)."""
    values = apology_values(profile)

    async def run_or_apologise(self: RemoteAction, output_channel, nlg, tracker, domain) -> list[Event]:
        try:
            return await run_remote(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except RasaException:
            if self.name() == ACTION_SESSION_START_NAME:
                logger.error("Action server failed on %s: session started without it.", self.name())
                slots = [SlotSet(name, value) for name, value in slot_values(profile).items()]
                return [SessionStarted(), *slots, ActionExecuted(ACTION_LISTEN_NAME)]
            logger.error("Action server failed on %s: the user gets the apology.", self.name())
            message: dict[str, Any] = await nlg.generate(APOLOGY_RESPONSE, tracker, output_channel.name(), **values)
            return [create_bot_utterance(message), FollowupAction("action_listen")]

    return run_or_apologise
