"""The review loop: review.csv (written with the report) lists the messages to look
at; staff write the right topic in its last column and import it. Each labelled
message is checked (a known topic, no personal number, not already a training or a
held-out example, no conflict) and the accepted ones are added to the reviewed-data
file, which the next `make train` learns from."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.crossval import write_nlu_yaml
from evaluation.heldout import Example, load_examples
from myna.privacy import find_personal_numbers
from staff.grouping import KIND_LABELS, ReviewGroup, comparison_key
from staff.topics import Topics

MESSAGE_COLUMN = "メッセージ"
TOPIC_COLUMN = "正しい話題"
REVIEW_COLUMNS = ["グループ", MESSAGE_COLUMN, "件数", "種類", "推定した話題", TOPIC_COLUMN]
REVIEWED_FILE = Path("data/nlu/reviewed.yml")
HELDOUT_FILE = Path("tests/nlu/heldout.yml")
# The labels myna/privacy/ writes in place of a removed number: such a text is not a question.
REDACTION_MARKS = ("［マイナンバー削除］", "［暗証番号削除］")


def review_rows(groups: Sequence[ReviewGroup], topics: Topics) -> list[list]:
    return [
        [
            group.number,
            message.text,
            message.count,
            "・".join(KIND_LABELS[k] for k in sorted(message.kinds)),
            topics.label(message.guess),
            "",
        ]
        for group in groups
        for message in group.messages
    ]


class ReviewFileError(ValueError):
    pass


@dataclass
class ImportResult:
    accepted: list[Example] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # line, text, why (harmless)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, text, why


def _known_examples(nlu_dir: Path, reviewed: Path) -> dict[str, str]:
    """comparison key -> intent of every training example outside the reviewed file."""
    return {
        comparison_key(e.text): e.intent
        for path in sorted(nlu_dir.glob("*.yml"))
        if path.resolve() != reviewed.resolve()
        for e in load_examples(path)
    }


def check_rows(
    rows: Sequence[dict[str, str]],
    topics: Topics,
    training: dict[str, str],
    heldout: dict[str, str],
    reviewed: Sequence[Example],
) -> ImportResult:
    """Which labelled rows may be learnt. Line numbers count the header as line 1."""
    result = ImportResult()
    seen = {comparison_key(e.text): e.intent for e in reviewed}
    for line, row in enumerate(rows, start=2):
        text = (row.get(MESSAGE_COLUMN) or "").strip()
        written = (row.get(TOPIC_COLUMN) or "").strip()
        if not written or not text:
            continue  # not labelled: left for later
        intent = topics.resolve(written)
        key = comparison_key(text)
        if intent is None:
            result.rejected.append((line, text, f"「{written}」という話題はありません (topics.csv を見てください)"))
        elif find_personal_numbers(text) or any(mark in text for mark in REDACTION_MARKS):
            result.rejected.append((line, text, "個人の番号 (マイナンバー・暗証番号) を含むため学習に使えません"))
        elif key in heldout:
            result.rejected.append((line, text, "評価用のメッセージ (tests/nlu/heldout.yml) なので学習に使えません"))
        elif key in training and training[key] != intent:
            result.rejected.append((line, text, f"学習データでは別の話題 ({training[key]}) になっています"))
        elif key in seen and seen[key] != intent:
            result.rejected.append((line, text, f"見直し済みのデータでは別の話題 ({seen[key]}) になっています"))
        elif key in training or key in seen:
            result.skipped.append((line, text, "すでに学習データにあります"))
        else:
            seen[key] = intent
            result.accepted.append(Example(text, intent, "reviewed"))
    return result


def import_review(
    csv_path: Path,
    out: Path = REVIEWED_FILE,
    domain: Path = Path("domain.yml"),
    nlu_dir: Path = Path("data/nlu"),
    heldout: Path = HELDOUT_FILE,
) -> ImportResult:
    with open(csv_path, newline="", encoding="utf-8-sig") as source:
        reader = csv.DictReader(source)
        missing = {MESSAGE_COLUMN, TOPIC_COLUMN} - set(reader.fieldnames or [])
        if missing:
            raise ReviewFileError(f"{csv_path}: 列がありません / missing columns: {', '.join(sorted(missing))}")
        rows = list(reader)
    reviewed = load_examples(out) if out.exists() else []
    heldout_keys = {comparison_key(e.text): e.intent for e in load_examples(heldout)} if heldout.exists() else {}
    result = check_rows(rows, Topics.from_domain(domain), _known_examples(nlu_dir, out), heldout_keys, reviewed)
    if result.accepted:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_nlu_yaml([*reviewed, *result.accepted], out)
    return result
