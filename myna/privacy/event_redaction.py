"""Personal numbers out of anything that is stored: every string inside a
(JSON-like) value is redacted, keys included; a number that is a personal number
(`{"id": 123456789018}`) becomes the redacted text. A number with a fraction is never
one: an event's timestamp (1764608412.09, twelve digits) stays a number."""

from typing import Any

from myna.privacy.personal_numbers import redact


def redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_value(key): redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float) and not value.is_integer():
        return value
    digits = str(int(value))
    redacted = redact(digits)
    return value if redacted == digits else redacted
