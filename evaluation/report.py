"""Writes the evaluation report: eval.md and confusion_matrix.png in one directory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from evaluation.heldout import Result  # noqa: E402
from evaluation.metrics import (  # noqa: E402
    accuracy_by_style,
    confusion,
    macro_f1,
    out_of_scope_answered,
)
from evaluation.realistic import RealisticResult  # noqa: E402

REPORT_NAME = "eval.md"
MATRIX_NAME = "confusion_matrix.png"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def plot_confusion(expected: Sequence[str], predicted: Sequence[str], path: Path) -> None:
    """Correct counts on the diagonal in blue, errors in red with their count written in."""
    labels, matrix = confusion(expected, predicted)
    counts = np.array(matrix)
    n = len(labels)
    diagonal = np.where(np.eye(n, dtype=bool), counts, 0).astype(float)
    errors = np.where(np.eye(n, dtype=bool), 0, counts).astype(float)

    size = max(6.0, 0.24 * n + 3)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(
        np.ma.masked_equal(diagonal, 0),
        cmap="Blues",
        vmin=0,
        vmax=max(diagonal.max(), 1) * 1.3,
        interpolation="nearest",
    )
    ax.imshow(np.ma.masked_equal(errors, 0), cmap="Reds", vmin=0, vmax=max(errors.max(), 1), interpolation="nearest")
    for i, j in zip(*np.nonzero(errors), strict=False):
        ax.text(j, i, int(errors[i, j]), ha="center", va="center", fontsize=7, color="white", fontweight="bold")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xticklabels(labels, rotation=90, fontsize=7)
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_xticks(np.arange(-0.5, n), minor=True)
    ax.set_yticks(np.arange(-0.5, n), minor=True)
    ax.grid(which="minor", color="#dddddd", linewidth=0.4)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("predicted intent")
    ax.set_ylabel("expected intent")
    ax.set_title(
        f"Held-out confusion matrix ({int(errors.sum())} errors in red, " f"{int(diagonal.sum())} correct in blue)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def render_realistic(name: str, result: RealisticResult) -> list[str]:
    """One realistic set: figures by category, the issue's measures, every error."""
    lines = [
        f"## Realistic set `{name}`",
        "",
        "Whole turns through the model, the rules and the action server "
        "(evaluation/realistic.py says how a turn is judged).",
        "",
        "| category | correct | turns |",
        "|---|---|---|",
        f"| **all** | **{result.accuracy():.3f}** | {len(result.scored)} |",
    ]
    for category, count in result.categories().items():
        lines.append(f"| {category} | {result.accuracy(category):.3f} | {count} |")
    lines += [
        "",
        "| measure | value |",
        "|---|---|",
        f"| near-topic questions given no FAQ answer | {result.near_topic_without_faq_answer():.3f} |",
        f"| several concerns with a loss: the loss answered first | {result.suspension_present():.3f} |",
        f"| dates in questions that started the form | {result.dates_in_questions_starting_the_form()} |",
        f"| follow-ups resolved | {result.follow_ups_resolved():.3f} |",
        "",
    ]
    errors = result.errors()
    lines += [f"### Errors ({len(errors)})", ""]
    if errors:
        lines += ["| category | text | expected | intent | answered | form |", "|---|---|---|---|---|---|"]
        for s in sorted(errors, key=lambda s: (s.probe.category, s.probe.expect)):
            lines.append(
                f"| {s.probe.category} | {_cell(s.probe.text)} | {', '.join(s.probe.expect)} | "
                f"{s.turn.intent} | {', '.join(s.turn.topics) or '—'} | "
                f"{'started' if s.turn.form_started else ''} |"
            )
    else:
        lines.append("None.")
    lines.append("")
    return lines


def render_markdown(
    result: Result,
    faq_intents: Iterable[str],
    cv_folds: list[dict[str, float]] | None = None,
    cv_summary: dict[str, tuple] | None = None,
    sources: dict[str, str] | None = None,
    realistic: dict[str, RealisticResult] | None = None,
) -> str:
    expected = [e.intent for e, _ in result.predictions]
    predicted = [p for _, p in result.predictions]
    overall = result.accuracy()
    oos_fraction, oos_answered, oos_total = out_of_scope_answered(expected, predicted, faq_intents)
    lines = ["# NLU evaluation", ""]
    for key, value in (sources or {}).items():
        lines.append(f"- {key}: `{value}`")
    if sources:
        lines.append("")

    lines += [
        "## Held-out summary",
        "",
        "| metric | value |",
        "|---|---|",
        f"| messages | {len(result.predictions)} |",
        f"| intent accuracy | {overall:.3f} |",
        f"| macro-F1 | {macro_f1(expected, predicted):.3f} |",
        f"| out_of_scope answered with an FAQ | {oos_fraction:.3f} ({oos_answered}/{oos_total}) |",
        "",
    ]

    lines += ["## Accuracy by style", "", "| style | accuracy | messages |", "|---|---|---|"]
    rows = [(e.style, e.intent, p) for e, p in result.predictions]
    for style, (acc, count) in accuracy_by_style(rows).items():
        lines.append(f"| {style} | {acc:.3f} | {count} |")
    lines.append("")

    lines += [
        "## Out-of-scope messages",
        "",
        "An out_of_scope message counts as answered when its predicted intent is an FAQ "
        "topic (an intent whose `utter_<intent>` response has `metadata.title`); "
        "`nlu_fallback` and `out_of_scope` count as not answered.",
        "",
    ]
    answered = [(e, p) for e, p in result.predictions if e.intent == "out_of_scope" and p in set(faq_intents)]
    for e, p in answered:
        lines.append(f"- {_cell(e.text)} → `{p}`")
    if answered:
        lines.append("")

    lines += ["## Confusion matrix", "", f"![confusion matrix]({MATRIX_NAME})", ""]

    errors = result.errors_with_confidence()
    lines += [f"## Errors ({len(errors)})", ""]
    if any(p == "nlu_fallback" for _, p, _ in errors):
        lines += [
            "An `nlu_fallback` row's confidence is the FallbackClassifier threshold, " "not a classifier score.",
            "",
        ]
    if errors:
        lines += ["| text | style | expected | predicted | confidence |", "|---|---|---|---|---|"]
        for e, p, conf in sorted(errors, key=lambda x: (x[0].intent, x[1])):
            lines.append(f"| {_cell(e.text)} | {e.style} | {e.intent} | {p} | {conf:.3f} |")
    else:
        lines.append("None.")
    lines.append("")

    for name, realistic_result in (realistic or {}).items():
        lines += render_realistic(name, realistic_result)

    lines += ["## Cross-validation on the training data", ""]
    if cv_summary:
        (acc_mean, acc_sd), (f1_mean, f1_sd) = cv_summary["accuracy"], cv_summary["macro_f1"]
        lines += [
            f"{len(cv_folds or [])}-fold stratified (fixed random_state), NLU-only models "
            "trained with config.yml on the other folds.",
            "",
            "| fold | train | test | accuracy | macro-F1 |",
            "|---|---|---|---|---|",
        ]
        for fold in cv_folds or []:
            lines.append(
                f"| {fold['fold']} | {fold['train_size']} | {fold['test_size']} | "
                f"{fold['accuracy']:.3f} | {fold['macro_f1']:.3f} |"
            )
        lines += [f"| **mean ± sd** | | | **{acc_mean:.3f} ± {acc_sd:.3f}** | " f"**{f1_mean:.3f} ± {f1_sd:.3f}** |"]
    else:
        lines.append("Not run.")
    lines.append("")
    return "\n".join(lines)


def write_report(out_dir: Path, result: Result, faq_intents: Iterable[str], **kwargs) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    faq = set(faq_intents)
    plot_confusion([e.intent for e, _ in result.predictions], [p for _, p in result.predictions], out_dir / MATRIX_NAME)
    report = out_dir / REPORT_NAME
    report.write_text(render_markdown(result, faq, **kwargs), encoding="utf-8")
    return report
