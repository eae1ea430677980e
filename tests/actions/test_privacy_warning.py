"""Which question came with a personal number (actions/privacy_warning.py), as tables."""

from actions.privacy_warning import carried_ranking


def names(ranking):
    return [entry["name"] for entry in ranking]


def test_several_concerns_stand_for_their_concerns_in_answer_order():
    message = {
        "intent": {"name": "pii_guard", "confidence": 1.0},
        "intent_ranking": [
            {"name": "several_concerns", "confidence": 1.0},
            {"name": "number_seen", "confidence": 0.2},
            {"name": "pii_guard", "confidence": 0.01},
        ],
        "concerns": [{"name": "lost_card", "confidence": 0.97}, {"name": "number_seen", "confidence": 0.42}],
    }
    ranking = carried_ranking(message)
    assert names(ranking) == ["lost_card", "number_seen", "number_seen"]
    assert ranking[0]["confidence"] >= 0.5  # heard as clearly as the verdict


def test_one_question_keeps_its_ranking_without_the_synthetic_intents():
    message = {
        "intent_ranking": [
            {"name": "pii_guard", "confidence": 0.5},
            {"name": "registration_check", "confidence": 0.4},
            {"name": "lost_card", "confidence": 0.1},
        ]
    }
    ranking = carried_ranking(message)
    assert names(ranking) == ["registration_check", "lost_card"]
    assert abs(ranking[0]["confidence"] - 0.8) < 1e-9
