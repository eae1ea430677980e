"""Detection and redaction of personal numbers (My Number, PINs). Pure logic, no Rasa."""

from myna.privacy.event_redaction import redact_value
from myna.privacy.log_redaction import install_log_redaction
from myna.privacy.personal_numbers import Finding, find_personal_numbers, is_valid_my_number, redact
from myna.privacy.text import readable_text

__all__ = [
    "Finding",
    "find_personal_numbers",
    "install_log_redaction",
    "is_valid_my_number",
    "readable_text",
    "redact",
    "redact_value",
]
