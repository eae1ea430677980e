"""Detection and redaction of personal numbers (My Number, PINs). Pure logic, no Rasa."""

from privacy.personal_numbers import Finding, find_personal_numbers, is_valid_my_number, redact

__all__ = ["Finding", "find_personal_numbers", "is_valid_my_number", "redact"]
