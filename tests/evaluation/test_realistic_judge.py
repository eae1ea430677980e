"""How a turn of a realistic set is judged (evaluation/realistic.py), as tables."""

import pytest

from evaluation.realistic import Probe, Turn, _conversation_intent_ok, judge

FAQ = {"lost_card", "pin_forgotten", "registration_check"}


def verdict(probe: Probe, turn: Turn) -> bool:
    by_intent = _conversation_intent_ok(probe, turn, FAQ)
    return judge(probe, turn) if by_intent is None else by_intent


@pytest.mark.parametrize(
    ("expect", "turn", "right"),
    [
        (("lost_card",), Turn("lost_card", ["lost_card"]), True),
        (("lost_card",), Turn("pin_forgotten", ["pin_forgotten", "lost_card"]), False),
        (("lost_card", "pin_forgotten"), Turn("several_concerns", ["lost_card", "pin_forgotten"]), True),
        (("lost_card", "pin_forgotten"), Turn("lost_card", ["lost_card"]), False),
        (("out_of_scope",), Turn("oos_insurer", []), True),
        (("out_of_scope",), Turn("lost_card", ["lost_card"]), False),
        (("thanks",), Turn("thanks", []), True),
        (("thanks",), Turn("thanks", ["lost_card"]), False),
        # the warning, then the question the number came with
        (("pii_guard",), Turn("pii_guard", ["registration_check"]), True),
        (("pii_guard",), Turn("pii_guard", []), True),
        (("pii_guard",), Turn("inform", [], form_started=True), False),
    ],
)
def test_judge(expect, turn, right):
    assert verdict(Probe("…", "everyday", expect), turn) is right


def test_a_date_in_a_question_must_not_start_the_form():
    probe = Probe("…", "date_in_question", ("legacy_card_validity",))
    assert not verdict(probe, Turn("legacy_card_validity", ["legacy_card_validity"], form_started=True))
