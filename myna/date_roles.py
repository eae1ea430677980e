"""Which date in a message is the birth date, the card's issue day, the day the
electronic certificate was renewed, the day the card was applied for, or the expiry
printed on the old paper insurance card.

Pure logic. A date labelled by nearby words (…生まれ, …に受け取りました,
…に電子証明書を更新しました, …に申請しました) takes that role; unlabelled dates fill
the roles still open, first the one the conversation asked for, then in the order
birth date, issue day. A renewal counts only for the certificate; an application
day is not the issue day (the card comes about a month later), so it fills no role
the rules engine uses: the form asks for the issue day instead. A date next to 期限 is
the old card's printed expiry only in a message about the old card (保険証, not マイナ保険証).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from re import Pattern

from myna.dates import normalize, scan

BIRTH = "birth_date"
ISSUED = "card_issued"
RENEWED = "certificate_renewed"
APPLIED = "card_applied"
PRINTED = "printed_expiry"
ROLES = (BIRTH, ISSUED)  # asked for, in this order; unlabelled dates fill only these
SLOT_ROLES = (BIRTH, ISSUED, RENEWED, PRINTED)  # kept in slots until the answer is given

# Certificate renewal before card renewal: "電子証明書を更新" names the certificate,
# "カードを更新" a new card (a new issue day).
_LABELS = {
    BIRTH: re.compile(r"生まれ|生年月日|誕生|うまれ|産まれ"),
    RENEWED: re.compile(r"(?:電子)?証明書[をのはもが]?(?:更新|こうしん|切り替え|取り直)"),
    APPLIED: re.compile(r"申請|申し込|申込|もうしこ|しんせい"),
    ISSUED: re.compile(r"受け取|受取|うけと|もらっ|作っ|作り|つくっ|交付|発行|取得|更新|こうしん"),
}
_PRINTED_LABEL = re.compile(r"期限|有効|きげん")
_OLD_CARD = re.compile(r"(?<!マイナ)(?:健康)?保険証|ほけんしょう")
# How far a label may stand after (or, for 生年月日/交付日 style, before) its date.
_AFTER = 12
_BEFORE = 8


@dataclass(frozen=True)
class Mention:
    value: date
    role: str | None


def _role_near(text: str, start: int, end: int, labels: Mapping[str, Pattern[str]]) -> str | None:
    after = text[end : end + _AFTER]
    before = text[max(0, start - _BEFORE) : start]
    # The nearest label after the date wins ("平成元年生まれで、令和2年に作った").
    best: tuple[str, int] | None = None
    for role, pattern in labels.items():  # on a tie the first role listed wins
        match = pattern.search(after)
        if match and (best is None or match.start() < best[1]):
            best = (role, match.start())
    if best:
        return best[0]
    for role, pattern in labels.items():
        if pattern.search(before):
            return role
    return None


def mentions(text: str) -> list[Mention]:
    """Complete, valid dates of the message with their labelled role (if any)."""
    normalized = normalize(text)
    labels = {**_LABELS, PRINTED: _PRINTED_LABEL} if _OLD_CARD.search(normalized) else _LABELS
    return [Mention(m.value, _role_near(normalized, m.start, m.end, labels)) for m in scan(text) if m.value is not None]


def assign_roles(text: str, requested: str | None, filled: dict[str, object]) -> dict[str, date]:
    """Dates of `text` by role. `requested` is the role being asked for; `filled`
    holds roles already known (a labelled date may still correct them)."""
    found = mentions(text)
    result: dict[str, date] = {}
    for mention in found:
        if mention.role and mention.role not in result:
            result[mention.role] = mention.value
    unlabelled = [m.value for m in found if m.role is None]
    open_roles = [r for r in ROLES if r not in result and filled.get(r) is None]
    if requested in open_roles:
        open_roles.remove(requested)
        open_roles.insert(0, requested)
    for role, value in zip(open_roles, unlabelled, strict=False):
        result[role] = value
    return result
