import json
import logging

import pytest

from myna.privacy import install_log_redaction, redact_value
from myna.privacy.log_redaction import redact_log_text

MY_NUMBER = "1234 5678 9018"  # valid check digit


def test_every_string_in_an_event_is_redacted_and_the_shape_kept():
    event = {
        "event": "user",
        "text": f"番号は{MY_NUMBER}です",
        "timestamp": 1.5,
        "parse_data": {"text": "暗証番号は4821", "entities": [{"value": "4821"}], "intent": {"confidence": 0.9}},
        "metadata": {"list": ["１２３４５６７８９０１８", 3, None]},
    }
    redacted = redact_value(event)
    dumped = json.dumps(redacted, ensure_ascii=False)
    assert "9018" not in dumped and "４８２１" not in dumped and "暗証番号は4821" not in dumped
    assert redacted["timestamp"] == 1.5 and redacted["parse_data"]["intent"]["confidence"] == 0.9
    assert redacted["metadata"]["list"][1:] == [3, None]
    assert redacted["event"] == "user"


def test_a_number_without_a_valid_check_digit_is_kept_unless_written_as_the_card_groups_it():
    assert redact_value({"text": "123456789012"}) == {"text": "123456789012"}
    assert redact_value({"text": "1234 5678 9012"}) == {"text": "［マイナンバー削除］"}


@pytest.mark.parametrize(
    "line, secret",
    [
        (f"user said {MY_NUMBER}", "9018"),
        (json.dumps({"text": "暗証番号は4821です"}), "4821"),  # \\u escapes hide 暗証番号
        (json.dumps({"text": "１２３４５６７８９０１８"}), "\\uff18"),  # full-width, escaped
        # An undecodable escape right before the digits must not hide them.
        (json.dumps({"text": "\ud800１２３４５６７８９０１８"}), "\\uff18"),
        (json.dumps({"text": "\ud800123456789018"}), "9018"),
        (json.dumps({"text": "\udfff暗証番号は4821"}), "4821"),
    ],
)
def test_log_text(line, secret):
    assert secret not in redact_log_text(line)


def test_escaped_emoji_and_lone_surrogates_survive():
    assert redact_log_text(json.dumps("😀")) == '"😀"'
    assert redact_log_text('"\\ud83d"') == '"\ufffd"'


def test_installed_factory_redacts_arguments_and_tracebacks(caplog):
    install_log_redaction()
    install_log_redaction()  # twice is harmless
    logger = logging.getLogger("test.redaction")
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info("message %s", f"マイナンバー {MY_NUMBER}")
        try:
            raise ValueError("bad input 暗証番号 4821")
        except ValueError:
            logger.exception("failed")
    text = caplog.text
    assert "9018" not in text and "4821" not in text
    assert "［マイナンバー削除］" in text and "ValueError" in text


def test_keys_and_numbers_that_are_personal_numbers_are_redacted_too():
    metadata = {"123456789018": "x", "member": 123456789018, "pin": {"暗証番号 4821": 1}, "count": 3, "ok": True}
    redacted = redact_value(metadata)
    dumped = json.dumps(redacted, ensure_ascii=False)
    assert "9018" not in dumped and "4821" not in dumped
    assert redacted["member"] == "［マイナンバー削除］" and redacted["count"] == 3 and redacted["ok"] is True


def test_a_number_with_a_fraction_is_never_a_personal_number():
    # an event's timestamp whose twelve digits pass the check digit: it must stay a
    # number (a string there broke the order of a stored conversation's events)
    event = {"event": "user", "timestamp": 1764608412.09}
    assert redact_value(event) == event
    assert redact_value(123456789018.0) == "［マイナンバー削除］"
