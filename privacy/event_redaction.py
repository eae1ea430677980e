"""Personal numbers out of anything that is stored: every string inside a
(JSON-like) value is redacted, keys and non-strings are kept as they are."""

from typing import Any

from privacy.personal_numbers import redact


def redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    return value
