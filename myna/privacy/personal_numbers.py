"""Find My Numbers and PINs in a text, in every form people (or their keyboards) write
them. Pure logic, no Rasa.

Works on the original text (no normalisation step), so the spans it returns can be
redacted in place. What counts as a personal number:

- a My Number: a run of 12 digits with a valid check digit. A digit is anything
  Unicode gives a digit value (full-width, circled, super/subscript, mathematical,
  other scripts) or a kanji numeral (一二三…〇零); between digits, up to four
  separators: spaces, newlines, zero-width spaces, dashes, `. / _ , 、・` and brackets.
  The whole run is judged, so a 12-digit window inside a longer card number never
  matches, except where a list separator (a comma, a newline, several separators in
  a row) marks the end of one number and the start of the next.
- 12 digits in the card's own grouping, three groups of four with separators between
  them (3918 2047 6615, 3918-2047-6615), whatever the check digit;
- a labelled My Number: 12 digits, whatever the check digit (a mistyped real number
  is still someone's number), next to マイナンバー, 個人番号..., or next to 番号 with
  an owner (私の番号, おれの番号, 母の番号, この番号) or as the topic (番号は, 番号が,
  番号って). 番号 right after a kanji, katakana or letter names another number
  (受付番号, 電話番号, 保険者番号, ID番号): not a label;
- neither of these two right after a plus sign: that is an international phone
  number (+81-90-1234-5678 has 12 digits), a My Number only with a valid check digit;
- a PIN or password next to its label (暗証番号, PIN, パスワード...): every 4-digit
  number, and every 6-16-character letter-and-digit password (署名用), of that sentence;
- with the conversation's context: a message that is only a PIN right after the PIN
  was the topic, and the end of a My Number whose start ended the previous message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from myna.phone import DASH, DASHES

MY_NUMBER = "my_number"
PIN = "pin"

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# \d is every decimal digit (Nd) of every script; these are the other characters with
# a digit value (superscript, subscript, circled, parenthesised, dingbat, Ethiopic...).
# tests/myna/privacy checks the class against every code point of unicodedata.
_OTHER_DIGITS = (
    "\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
    "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792"
    "\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a"
)
_DIGIT = f"[\\d{_OTHER_DIGITS}{''.join(_KANJI_DIGITS)}]"
# Between digit groups: blanks (newlines, zero-width and no-break spaces too), the
# dashes a Japanese IME produces (and the long-vowel mark typed as one), dots,
# slashes, underscores, commas and brackets.
_SEPARATOR = (
    f"[\\s\u200b-\u200d\u2060\ufeff\u00ad{''.join(map(re.escape, DASHES))}~〜～.．·・･/／_＿,，、"
    "()（）\\[\\]［］{}｛｝「」『』【】〔〕<>＜＞〈〉《》]"
)
_MAX_SEPARATORS = 4
_DIGIT_RUN = re.compile(f"{_DIGIT}(?:{_SEPARATOR}{{0,{_MAX_SEPARATORS}}}{_DIGIT})*")
_GROUP = re.compile(f"{_DIGIT}+")
# Where one number ends and the next begins, inside a run: list punctuation, or
# several separators in a row ("] [", " / ").
_LIST_BREAK = re.compile(f"[,，、;；\n]|{_SEPARATOR}{{2,}}")

# What makes 番号 part of another number's name (受付番号, 電話番号, カード番号, ID番号).
_NAME_CHAR = "\u3400-\u9fff\uf900-\ufaff々〆ァ-ヶーｦ-ﾟA-Za-zＡ-Ｚａ-ｚ"
_MY_NUMBER_WORDS = (
    "(?:マイナンバー|マイナ番号|まいなんばー|個人番号|こじんばんごう|[Mm]y ?[Nn]umber|ＭＹナンバー"
    f"|の番号|(?<![{_NAME_CHAR}])番号(?=[はが]|って))"
)
_PIN_WORDS = (
    "(?:暗証番号|暗唱番号|暗しょう番号|あんしょう番号|あんしょうばんごう|暗証|パスワード|ぱすわーど"
    "|password|Password|PASSWORD|ＰＩＮ|PIN|[Pp]in(?![a-z])|(?<![ァ-ヶー])ピン(?![ァ-ヶー]))"
)
# Substrings every label contains one of: a text without any is not searched for
# labels (every log line is redacted, so this is on the server's path).
_MY_NUMBER_HINTS = ("マイナ", "まいな", "番号", "こじん", "umber", "ＭＹ")
_PIN_HINTS = (
    "暗",
    "あんしょう",
    "パスワード",
    "ぱすわーど",
    "pin",
    "Pin",
    "PIN",
    "ＰＩＮ",
    "ピン",
    "assword",
    "PASSWORD",
)
_SENTENCE_END = "。．！？!?\n"
# A label's number is after it in the same sentence ("暗証番号は1234です") or shortly
# before it ("1234が暗証番号です").
_AFTER_LABEL = 40
_BEFORE_LABEL = 8
_PIN_NUMBER = re.compile(f"(?<!{_DIGIT}){_DIGIT}(?:(?:[ \u3000]|{DASH})?{_DIGIT}){{3}}(?!{_DIGIT})")
_PASSWORD = re.compile(
    "(?<![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])(?=[A-Za-zＡ-Ｚａ-ｚ]*[0-9０-９])[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]{6,16}(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])"
)
# The card prints its number in three groups of four.
_CARD_GROUPING = (4, 4, 4)
_PLUS = "+＋"
_ONLY_PIN = re.compile(f"\\s*({_DIGIT}(?:\\s?{_DIGIT}){{3}})\\s*[。.．]?\\s*")

# What a redacted number is replaced with, by kind.
LABELS = {MY_NUMBER: "［マイナンバー削除］", PIN: "［暗証番号削除］"}


@dataclass(frozen=True)
class Finding:
    kind: str  # MY_NUMBER or PIN
    start: int
    end: int


@dataclass(frozen=True)
class Context:
    """What the conversation so far says about the next message."""

    pin_expected: bool = False  # the PIN was the topic of the last answer
    previous_digits: str = ""  # the digits that ended the previous message (ASCII)


NO_CONTEXT = Context()


def digit_value(char: str) -> int | None:
    if char in _KANJI_DIGITS:
        return _KANJI_DIGITS[char]
    return unicodedata.digit(char, None)


def digits_of(text: str) -> str:
    """The digits of `text` as ASCII, in order."""
    return "".join(str(value) for value in map(digit_value, text) if value is not None)


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


def _labelled_spans(text: str, words: str, hints: tuple[str, ...]) -> list[tuple[int, int]]:
    """The parts of `text` a label's number may be in: after each label to the end of
    its sentence (bounded), and a few characters before it."""
    spans: list[tuple[int, int]] = []
    if not any(hint in text for hint in hints):
        return spans
    for label in re.finditer(words, text):
        end = label.end()
        while end < len(text) and end - label.end() < _AFTER_LABEL and text[end] not in _SENTENCE_END:
            end += 1
        start = label.start()
        while start > 0 and label.start() - start < _BEFORE_LABEL and text[start - 1] not in _SENTENCE_END:
            start -= 1
        spans.append((start, label.start()))
        spans.append((label.end(), end))
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < high and low < end for low, high in spans)


def _numbers_in_run(run: re.Match[str], labelled: list[tuple[int, int]]) -> list[Finding]:
    """The My Numbers of one digit run: the whole run, or else each part between list
    breaks."""
    if run.end() - run.start() < 12:  # fewer than 12 digits: most runs (times, scores)
        return []
    pieces = [(run.start(), run.end())]
    text = run.string
    cuts = [m for m in _LIST_BREAK.finditer(text, run.start(), run.end())]
    if cuts:
        bounds = [run.start(), *[p for m in cuts for p in (m.start(), m.end())], run.end()]
        pieces += [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    found = []
    for start, end in pieces:
        groups = list(_GROUP.finditer(text, start, end))
        if not groups:
            continue
        start, end = groups[0].start(), groups[-1].end()
        digits = digits_of(text[start:end])
        if is_valid_my_number(digits) or (
            len(digits) == 12
            and not (start > 0 and text[start - 1] in _PLUS)
            and (_inside(labelled, start, end) or tuple(len(g.group()) for g in groups) == _CARD_GROUPING)
        ):
            found.append(Finding(MY_NUMBER, start, end))
            if (start, end) == (run.start(), run.end()):
                break  # the whole run is one number: its parts are not others
    return found


def _leading_end_of_split(text: str, previous_digits: str) -> Finding | None:
    """The start of `text` when it completes a My Number begun by `previous_digits`."""
    if not previous_digits:
        return None
    run = _DIGIT_RUN.match(text, len(text) - len(text.lstrip()))
    if run and is_valid_my_number(previous_digits + digits_of(run.group())):
        return Finding(MY_NUMBER, run.start(), run.end())
    return None


def find_personal_numbers(text: str, context: Context = NO_CONTEXT) -> list[Finding]:
    """All My Numbers and PINs in `text`, as non-overlapping spans in text order."""
    labelled = _labelled_spans(text, _MY_NUMBER_WORDS, _MY_NUMBER_HINTS)
    findings = [f for run in _DIGIT_RUN.finditer(text) for f in _numbers_in_run(run, labelled)]
    split = _leading_end_of_split(text, context.previous_digits)
    if split:
        findings.append(split)
    pin_spans = _labelled_spans(text, _PIN_WORDS, _PIN_HINTS)
    if context.pin_expected and _ONLY_PIN.fullmatch(text):
        pin_spans.append((0, len(text)))
    for start, end in pin_spans:
        for pattern in (_PIN_NUMBER, _PASSWORD):
            for m in pattern.finditer(text, start, end):
                if not any(f.start < m.end() and m.start() < f.end for f in findings):
                    findings.append(Finding(PIN, m.start(), m.end()))
    return sorted(findings, key=lambda f: f.start)


def _trailing_run(text: str) -> re.Match[str] | None:
    stripped = text.rstrip()
    runs = list(_DIGIT_RUN.finditer(stripped))
    return runs[-1] if runs and runs[-1].end() == len(stripped) else None


def trailing_digits(text: str) -> str:
    """The digits (ASCII) of the digit run that ends `text`, when there are fewer than
    12: the start of a My Number that the next message may finish."""
    run = _trailing_run(text)
    digits = digits_of(run.group()) if run else ""
    return digits if len(digits) < 12 else ""


def redact_trailing_digits(text: str) -> str:
    """`text` with the digit run that ends it replaced by the My Number label: the
    first part of a number the next message finished."""
    run = _trailing_run(text)
    return text if run is None else text[: run.start()] + LABELS[MY_NUMBER] + text[run.end() :]


def redact(text: str, placeholder: str | None = None, context: Context = NO_CONTEXT) -> str:
    """`text` with every personal number replaced by `placeholder`, or by a label
    naming what was removed when no placeholder is given."""
    pieces = []
    cursor = 0
    for finding in find_personal_numbers(text, context):
        pieces.append(text[cursor : finding.start])
        pieces.append(LABELS[finding.kind] if placeholder is None else placeholder)
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)
