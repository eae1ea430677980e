"""The one grammar of Japanese phone numbers, and the one set of dash characters.

Pure (no Rasa). Used by the profile validation (settings/insurer.yml numbers), the
LINE channel (call buttons, the phone card), the widget channel (the call links of
each bot message, so the page never reads numbers itself) and the text rules that
meet dashes (date normalisation, personal-number separators).

A number in text needs its separators (0120-95-0178, 03(1234)5678, +81-3-6734-0170)
and 10-11 digits (9-10 after +81), so dates, postal codes and 12-digit My Numbers are
never taken. Full-width digits, brackets and dashes are read as typed, without
normalising the text first, so each span is a span of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# A hyphen as people (and Japanese IMEs) type it: hyphen-minus and its look-alikes,
# hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, minus sign, the
# full-width hyphen-minus, and the long-vowel marks (full- and half-width).
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\u30fc\uff70"
DASH = "[" + DASHES.replace("-", "\\-") + "]"

_DIGIT = "[0-9０-９]"
_OPEN = "[(（]"
_CLOSE = "[)）]"
_SPACE = "[ \u3000]"
_DOMESTIC = re.compile(
    rf"(?<![0-9０-９+＋])"
    rf"(?:{_OPEN}([0０]{_DIGIT}{{1,4}}){_CLOSE}{_SPACE}?"
    rf"|([0０]{_DIGIT}{{1,4}})(?:{DASH}|{_OPEN}))"
    rf"({_DIGIT}{{1,4}})(?:{DASH}|{_CLOSE}{_SPACE}?)({_DIGIT}{{2,4}})"
    rf"(?!{_DIGIT}|{DASH}{_DIGIT})"
)
_INTERNATIONAL = re.compile(
    rf"(?<![0-9０-９+＋])[+＋][8８][1１](?:{_SPACE}|{DASH})?(?:{_OPEN}[0０]{_CLOSE})?"
    rf"({_DIGIT}{{1,4}}){DASH}({_DIGIT}{{1,4}}){DASH}({_DIGIT}{{2,4}})"
    rf"(?!{_DIGIT}|{DASH}{_DIGIT})"
)


@dataclass(frozen=True)
class PhoneNumber:
    display: str  # e.g. "0120-95-0178", "+81-3-6734-0170"
    uri: str  # e.g. "tel:0120950178", "tel:+81367340170"
    start: int = 0  # where it is in the text it was found in
    end: int = 0


def _ascii(digits: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in digits)


def _domestic(match: re.Match[str]) -> PhoneNumber | None:
    groups = [_ascii(g) for g in (match.group(1) or match.group(2), match.group(3), match.group(4))]
    digits = "".join(groups)
    if len(digits) not in (10, 11):
        return None
    return PhoneNumber("-".join(groups), f"tel:{digits}", match.start(), match.end())


def _international(match: re.Match[str]) -> PhoneNumber | None:
    groups = [_ascii(g) for g in match.groups()]
    digits = "".join(groups)
    if len(digits) not in (9, 10) or digits.startswith("0"):
        return None
    return PhoneNumber("+81-" + "-".join(groups), f"tel:+81{digits}", match.start(), match.end())


def find_phone_numbers(text: str) -> list[PhoneNumber]:
    """Every phone number in `text`, in text order (repeats included)."""
    found = [
        number
        for pattern, read in ((_DOMESTIC, _domestic), (_INTERNATIONAL, _international))
        for number in map(read, pattern.finditer(text))
        if number is not None
    ]
    return sorted(found, key=lambda n: n.start)


def distinct_numbers(text: str) -> list[PhoneNumber]:
    """The different numbers of `text`, each at its first place."""
    unique: dict[str, PhoneNumber] = {}
    for number in find_phone_numbers(text):
        unique.setdefault(number.uri, number)
    return list(unique.values())


def is_call_payload(payload: Any) -> bool:
    """True for a button payload that dials ("tel:0120-95-0178", domain.yml's hand-off
    buttons) rather than a message to the bot."""
    return isinstance(payload, str) and payload.strip()[:4].lower() == "tel:"


def read_phone_number(text: str) -> PhoneNumber | None:
    """The number `text` is (spaces around allowed), or None. A call payload
    ("tel:0120-95-0178") reads as its number."""
    stripped = text.strip()
    if is_call_payload(stripped):
        stripped = stripped[4:].strip()
    numbers = find_phone_numbers(stripped)
    if len(numbers) == 1 and (numbers[0].start, numbers[0].end) == (0, len(stripped)):
        return numbers[0]
    return None


def is_display_form(text: str) -> bool:
    """True for a number written as the assistant shows it: half-width digits and
    hyphens, e.g. 0120-95-0178 or +81-3-6734-0170 (the form of settings/insurer.yml)."""
    number = read_phone_number(text)
    return number is not None and number.display == text


def tel_uri(text: str) -> str | None:
    """The tel: URI of a number (or of a tel: payload), or None when it is not one."""
    number = read_phone_number(text)
    return number.uri if number else None


def call_segments(text: str) -> list[dict[str, Any]]:
    """`text` as consecutive segments that join back to it, each phone number its
    own segment with its `tel` URI: [{"text": "電話 "}, {"text": "0120-95-0178",
    "tel": "tel:0120950178"}, ...]. What the widget renders call buttons from."""
    segments: list[dict[str, Any]] = []
    cursor = 0
    for number in find_phone_numbers(text):
        if number.start > cursor:
            segments.append({"text": text[cursor : number.start]})
        segments.append({"text": text[number.start : number.end], "tel": number.uri})
        cursor = number.end
    if cursor < len(text):
        segments.append({"text": text[cursor:]})
    return segments
