"""The slots set at session start, filled from the insurer profile (pure; no Rasa import).

Every number, menu, hour and date the answers in domain.yml show comes through these.
"""

from __future__ import annotations

from datetime import date

from myna.clock import now
from myna.dates import format_ymd
from myna.hotline import hours_text_ja
from myna.messages import text as message_text
from myna.profile import MAX_INSURER_CONTACTS, PolicyDate, Profile, SourcedText, load_profile

__all__ = ["slot_values"]


def _practice(insurer_name: str, practice: SourcedText | None) -> str:
    """The insurer's own practice as its own sentence, or "" (the answer then omits it)."""
    return message_text("session.insurer_practice", insurer=insurer_name, practice=practice.value) if practice else ""


def _passed(policy: PolicyDate, today: date) -> str:
    return "true" if today > policy.value else "false"


def slot_values(profile: Profile | None = None, today: date | None = None) -> dict[str, str]:
    """The slots set at session start: every number, menu, hour and date the answers
    show comes from the profile file through these, and each policy date comes with
    whether it has passed `today` (the answers' tense depends on it). Missing facts
    are "" (a slot's None would be printed as "None")."""
    s = profile or load_profile()
    if today is None:
        today = now().date()
    insurer, lines, k, legacy = s.insurer, s.national_lines, s.kakuninsho, s.legacy_card
    numbered = [c for c in insurer.contacts if c.number]
    values = {
        "insurer_name": insurer.name.value,
        "insurer_contacts": message_text("session.contacts_separator").join(
            message_text("session.contact", label=c.label, number=c.number) for c in numbered
        ),
        "insurer_contact_count": str(len(numbered)),
        "insurer_activation": _practice(insurer.name.value, insurer.practices.activation),
        "insurer_records_checked": _practice(insurer.name.value, insurer.practices.records_checked),
        "kakuninsho_valid_until": format_ymd(k.insurer_valid_until.value),
        "kakuninsho_expired": _passed(k.insurer_valid_until, today),
        "kouki_kakuninsho_until": format_ymd(k.kouki_valid_until.value),
        "kouki_kakuninsho_expired": _passed(k.kouki_valid_until, today),
        "legacy_issuance_stopped": format_ymd(legacy.issuance_stopped.value),
        "legacy_cutoff": format_ymd(legacy.cutoff.value),
        "legacy_cutoff_passed": _passed(legacy.cutoff, today),
        "general_number": lines.general.numbers[0].number,
        "general_menu": str(lines.general.menu),
        "general_hours": hours_text_ja(lines.general.hours) or "",
        "loss_number": lines.loss.numbers[0].number,
        "loss_menu": str(lines.loss.menu),
        "loss_hours": hours_text_ja(lines.loss.hours) or "",
        "foreign_card_number": lines.foreign.numbers[0].number,
        "foreign_system_number": lines.foreign.numbers[-1].number,
        "smartphone_other_menu": str(lines.smartphone_other_menu.value),
    }
    for i in range(MAX_INSURER_CONTACTS):  # the answers' tel: buttons
        contact = numbered[i] if i < len(numbered) else None
        values[f"insurer_tel_{i + 1}"] = (contact.number or "") if contact else ""
        values[f"insurer_tel_{i + 1}_label"] = contact.label if contact else ""
    return values
