"""The personal-dates conversation: the form that collects the birth date and the
card's issue day, the answer computed by the rules engine, and forgetting the inputs."""

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from myna import expiry as rules
from myna.clock import now
from myna.date_roles import APPLIED, BIRTH, ISSUED, PRINTED, RENEWED, ROLES, SLOT_ROLES, assign_roles, mentions
from myna.dates import format_date_ja, format_ymd, scan
from myna.messages import text as message_text

# Dates are read from these messages, or from any message that labels its date
# (…生まれ, …に受け取った); an FAQ question that happens to hold a date is not an answer.
DATE_INTENTS = {"inform", "personal_validity", "nlu_fallback"}

# Said by the form when the user gives the day they applied for the card.
APPLICATION_DAY_RESPONSE = "utter_application_day_is_not_issue_day"
# Leads the answer when the user told about their old paper card.
LEGACY_CARD_RESPONSE = "utter_personal_legacy_card"
INSURANCE = "insurance"  # the old card's insurance type (employee, kokuho, kouki)
# Taken when offered, never asked (not required slots).
OPTIONAL_SLOTS = (RENEWED, PRINTED, INSURANCE)

ANSWER_SLOTS = (
    "pd_today",
    "pd_birth",
    "pd_issued",
    "pd_card_expires",
    "pd_card_state",
    "pd_card_notice",
    "pd_cert_expires",
    "pd_cert_state",
    "pd_cert_notice",
    "pd_cert_renewed",
    "pd_cert_basis",
)


def _today() -> date:
    return now().date()


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _reads_dates(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return intent in DATE_INTENTS or any(m.role for m in mentions(text))


class ValidatePersonalDatesForm(FormValidationAction):
    def name(self) -> str:
        return "validate_personal_dates_form"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Both dates are read in one go, against the slots as they were before this
        message: slot by slot, a birth date just read would make the same date look
        like the card's issue day."""
        if not _reads_dates(tracker):
            return []
        text = tracker.latest_message.get("text") or ""
        requested = tracker.get_slot("requested_slot")
        found = assign_roles(text, requested, {r: tracker.get_slot(r) for r in ROLES})
        events = [SlotSet(role, value.isoformat()) for role, value in found.items() if role in SLOT_ROLES]
        insurance = rules.normalize_insurance(text)
        if insurance:
            events.append(SlotSet(INSURANCE, insurance))
        if APPLIED in found and ISSUED not in found:
            # The application day is not the issue day: ask for the day the card came.
            dispatcher.utter_message(response=APPLICATION_DAY_RESPONSE)
            events.append(SlotSet(ISSUED, None))
        if found or insurance:
            return events
        problems = [m.error for m in scan(text) if m.error is not None]
        if problems:
            # The empty value keeps the form asking instead of handing the turn to
            # another rule.
            dispatcher.utter_message(text=message_text(problems[0].message, **problems[0].params))
            return [SlotSet(requested or BIRTH, None)]
        return []

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """The optional slots are never asked for (not required slots), so rasa_sdk
        would drop them from the events: they are validated and kept here."""
        events = await super().get_validation_events(dispatcher, tracker, domain)
        to_validate = tracker.slots_to_validate()
        for slot in OPTIONAL_SLOTS:
            if slot in to_validate:
                validate = getattr(self, f"validate_{slot}", None)
                value = tracker.get_slot(slot)
                checked = validate(value, dispatcher, tracker, domain) if validate else {slot: value}
                events.append(SlotSet(slot, checked[slot]))
        return events

    def validate_birth_date(self, value: Any, dispatcher, tracker, domain: DomainDict) -> dict[str, Any]:
        return _checked(BIRTH, value, dispatcher, lambda d: rules.validate_birth_date(d, _today()))

    def validate_card_issued(self, value: Any, dispatcher, tracker, domain: DomainDict) -> dict[str, Any]:
        birth = _as_date(tracker.get_slot(BIRTH))
        return _checked(ISSUED, value, dispatcher, lambda d: rules.validate_card_issued(d, birth, _today()))

    def validate_certificate_renewed(self, value: Any, dispatcher, tracker, domain: DomainDict) -> dict[str, Any]:
        issued = _as_date(tracker.get_slot(ISSUED))
        return _checked(RENEWED, value, dispatcher, lambda d: rules.validate_certificate_renewed(d, issued, _today()))


def _checked(slot: str, value: str | None, dispatcher, check) -> dict[str, Any]:
    """{slot: value} when the rules engine's check passes; otherwise the reason is said
    and the slot emptied. None was refused while extracting (the reason was said)."""
    if value is None:
        return {slot: None}
    try:
        check(_as_date(value))
    except rules.InputError as error:
        dispatcher.utter_message(text=message_text(error.message, **error.params))
        return {slot: None}
    return {slot: value}


def _state(expired: bool, notice: "rules.NoticeWindow") -> str:
    """expired | notice_passed (the notice should have come) | notice | valid."""
    if expired:
        return "expired"
    if notice.passed:
        return "notice_passed"
    return "notice" if notice.started else "valid"


def _window(notice: "rules.NoticeWindow") -> str:
    return f"{format_ymd(notice.start)}〜{format_ymd(notice.end)}"


class ActionComputePersonalDates(Action):
    """Runs the rules engine on the form's inputs; the answer's text is in the domain
    (utter_personal_dates and the status responses), filled from these slots."""

    def name(self) -> str:
        return "action_compute_personal_dates"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        renewed = _as_date(tracker.get_slot(RENEWED))
        issued = _as_date(tracker.get_slot(ISSUED))
        if renewed is not None and renewed < issued:  # validated against an older issue day
            renewed = None
        printed = _as_date(tracker.get_slot(PRINTED))
        result = rules.compute(
            _as_date(tracker.get_slot(BIRTH)),
            issued,
            insurance=tracker.get_slot(INSURANCE),
            printed_expiry=printed,
            today=_today(),
            certificate_renewed=renewed,
        )
        if tracker.get_slot(INSURANCE) or printed:
            # Asked about the old card: every old card has expired, so that comes first.
            dispatcher.utter_message(response=LEGACY_CARD_RESPONSE, pd_legacy_until=legacy_until(result))
        return [SlotSet(name, value) for name, value in answer_slots(result).items()]


def legacy_until(result: "rules.PersonalDates") -> str:
    """The old card's last day, or the latest it can have been."""
    legacy = result.legacy_card
    return format_date_ja(legacy.expires or legacy.latest)


def answer_slots(result: "rules.PersonalDates") -> dict[str, str | None]:
    """The answer's slot values for a rules-engine result (card issue day known).
    pd_cert_basis is "issued" when the certificate is counted from the issue day: the
    answer then says the date assumes no renewal before any alarm."""
    renewed = result.certificate_renewed
    return {
        "pd_today": format_ymd(result.today),
        "pd_birth": format_date_ja(result.birth_date),
        "pd_issued": format_date_ja(result.card_issued),
        "pd_card_expires": format_date_ja(result.card_expires),
        "pd_card_state": _state(result.card_expired, result.card_notice),
        "pd_card_notice": _window(result.card_notice),
        "pd_cert_expires": format_date_ja(result.certificate_expires),
        "pd_cert_state": _state(result.certificate_expired, result.certificate_notice),
        "pd_cert_notice": _window(result.certificate_notice),
        "pd_cert_renewed": format_date_ja(renewed) if renewed else None,
        "pd_cert_basis": "renewed" if renewed else "issued",
    }


class ActionForgetPersonalDates(Action):
    """Birth dates are kept only until the answer is given."""

    def name(self) -> str:
        return "action_forget_personal_dates"

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return [SlotSet(name, None) for name in (*SLOT_ROLES, INSURANCE, *ANSWER_SLOTS)]
