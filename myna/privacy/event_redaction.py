"""Personal numbers out of anything that is stored: every string inside a
(JSON-like) value is redacted, keys included; a number that is a personal number
(`{"id": 123456789018}`) becomes the redacted text."""

from typing import Any

from myna.privacy.personal_numbers import redact


def redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_value(key): redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        redacted = redact(str(value))
        return value if redacted == str(value) else redacted
    return value
