"""Find 12-digit My Numbers (valid check digit) and PIN-like numbers next to 暗証番号.

Works on the original text (no normalisation step), so the spans it returns can be
redacted in place: full-width digits and the separators people type between digit
groups are matched directly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Optional

MY_NUMBER = "my_number"
PIN = "pin"

_DIGIT = "[0-9０-９]"
# Spaces and the dashes a Japanese IME produces, including the long-vowel mark
# that people type as a hyphen.
_SEPARATOR = "[ \t\u3000\\-‐‑–—―−ー－]"
# A maximal run of digits with at most two separator characters between them: the
# whole run is judged, so a 12-digit window inside a longer card number never matches.
_DIGIT_RUN = re.compile(f"{_DIGIT}(?:{_SEPARATOR}{{0,2}}{_DIGIT})*")

_PIN_WORDS = "(?:暗証番号|暗唱番号|あんしょうばんごう|あんしょう番号|暗証|パスワード|ＰＩＮ|PIN|pin)"
_PIN_DIGITS = f"(?<![0-9０-９])({_DIGIT}{{4}})(?![0-9０-９])"
# "暗証番号は1234", "暗証番号：１２３４です" / "1234が暗証番号": the keyword and the
# digits may be a few characters apart, but not across a sentence end.
_PIN_AFTER = re.compile(f"{_PIN_WORDS}[^0-9０-９。．！？!?\\n]{{0,10}}?{_PIN_DIGITS}")
_PIN_BEFORE = re.compile(f"{_PIN_DIGITS}[^0-9０-９。．！？!?\\n]{{0,6}}?{_PIN_WORDS}")

_REPLACEMENT = {MY_NUMBER: "［マイナンバー削除］", PIN: "［暗証番号削除］"}


@dataclass(frozen=True)
class Finding:
    kind: str  # MY_NUMBER or PIN
    start: int
    end: int


def _digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdigit())


def is_valid_my_number(digits: str) -> bool:
    """Check digit of the individual number (番号法施行令 8条の計算方法)."""
    if len(digits) != 12 or not digits.isascii() or not digits.isdigit():
        return False
    body = [int(d) for d in digits[:11]]
    total = 0
    for n in range(1, 12):  # P_n is the n-th digit from the right of the 11-digit body
        weight = n + 1 if n <= 6 else n - 5
        total += body[11 - n] * weight
    remainder = total % 11
    check = 0 if remainder <= 1 else 11 - remainder
    return check == int(digits[11])


def find_personal_numbers(text: str) -> List[Finding]:
    """All My Numbers and PIN-like numbers in `text`, as non-overlapping spans."""
    findings = [
        Finding(MY_NUMBER, m.start(), m.end())
        for m in _DIGIT_RUN.finditer(text)
        if is_valid_my_number(_digits(m.group()))
    ]
    for pattern in (_PIN_AFTER, _PIN_BEFORE):
        for m in pattern.finditer(text):
            span = Finding(PIN, m.start(1), m.end(1))
            if not any(f.start < span.end and span.start < f.end for f in findings):
                findings.append(span)
    return sorted(findings, key=lambda f: f.start)


def redact(text: str, placeholder: Optional[str] = None) -> str:
    """`text` with every personal number replaced by `placeholder`, or by a label
    naming what was removed when no placeholder is given."""
    pieces = []
    cursor = 0
    for finding in find_personal_numbers(text):
        pieces.append(text[cursor : finding.start])
        pieces.append(_REPLACEMENT[finding.kind] if placeholder is None else placeholder)
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)
