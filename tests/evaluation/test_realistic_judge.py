"""How a turn of a realistic set is judged (evaluation/realistic.py), as tables."""

import pytest

from evaluation.realistic import Probe, RealisticResult, Scored, Turn, _conversation_intent_ok, judge

FAQ = {"lost_card", "pin_forgotten", "registration_check", "legacy_card_validity"}


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


def test_a_date_of_the_users_own_card_may_start_the_form_when_the_writer_allowed_it():
    """「紙の保険証に令和8年3月31日まで有効と書いてあるけど、まだ使える？」 labelled
    legacy_card_validity, also personal_validity: the form answers it too, and it is not
    counted as a date in a question starting the form."""
    probe = Probe("…", "date_in_question", ("legacy_card_validity",), ("personal_validity",))
    turn = Turn("personal_validity", [], form_started=True)
    assert verdict(probe, turn)
    assert RealisticResult([Scored(probe, turn, True)]).dates_in_questions_starting_the_form() == 0
    strict = Probe("…", "date_in_question", ("legacy_card_validity",))
    assert RealisticResult([Scored(strict, turn, False)]).dates_in_questions_starting_the_form() == 1
