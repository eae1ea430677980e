"""Writes reports/bench.md and the plot of latency against concurrency."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from benchmarks import targets  # noqa: E402
from benchmarks.profiling import ProfileRow  # noqa: E402
from benchmarks.rest_load import Level  # noqa: E402
from benchmarks.results import Bench  # noqa: E402
from benchmarks.stats import format_ratio, latency_ms  # noqa: E402

REPORT_NAME = "bench.md"
PLOT_NAME = "bench_latency.png"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") or "—"


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _with_ratio(value: float | None, reference: float | None, digits: int = 1) -> str:
    ratio = format_ratio(value, reference)
    return _number(value, digits) + ("" if ratio == "—" else f" ({ratio})")


def plot_latency(levels: list[Level], path: Path) -> None:
    users = [level.users for level in levels]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, marker in (("p50", "o"), ("p95", "s"), ("p99", "^")):
        ax.plot(users, [getattr(level.latency, name) for level in levels], marker=marker, label=name)
    ax.axhline(
        targets.REST_P95_MS, color="grey", linestyle=":", label=f"target: p95 ≤ {targets.REST_P95_MS:.0f} ms at 1 user"
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(users)
    ax.set_xticklabels([str(u) for u in users])
    ax.set_xlabel("concurrent users")
    ax.set_ylabel("REST latency, all replies (ms)")
    rate = ax.twinx()
    rate.plot(users, [level.per_second for level in levels], color="black", linestyle="--", marker="x", label="msg/s")
    rate.axhline(
        targets.MIN_PER_SECOND,
        color="black",
        linestyle=":",
        linewidth=0.8,
        label=f"target: ≥ {targets.MIN_PER_SECOND:.0f} msg/s at 10 users",
    )
    rate.set_ylabel("messages per second")
    rate.set_ylim(0, 1.2 * max([targets.MIN_PER_SECOND] + [level.per_second for level in levels]))
    lines = ax.get_legend_handles_labels()
    more = rate.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="lower right", fontsize=8)
    ax.set_title("Latency and throughput against concurrency")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _profile_table(title: str, rows: list[ProfileRow], what: str = "function") -> list[str]:
    lines = [title, "", f"| {what} | ms per message | calls per message |", "|---|---|---|"]
    lines += [f"| `{_cell(r.function)}` | {r.ms_per_message:.2f} | {r.calls_per_message:.1f} |" for r in rows]
    return lines + [""]


def _targets(bench: Bench) -> list[str]:
    rest, cores = bench.rest, bench.cores
    libraries = rest.message_path.libraries if rest.message_path else []
    checks = [
        targets.accuracy_above_baseline(bench.chosen.result, bench.variant("baseline").result),
        targets.training(bench.training_seconds),
    ]
    one, ten = targets.level_with(rest.levels, 1), targets.level_with(rest.levels, 10)
    if one:
        checks.append(targets.rest_p95(one, cores, libraries))
    if ten:
        checks.append(targets.throughput(ten, cores, libraries))
    lines = ["## Targets", "", "| target | measured | met | missed by | what limits it |", "|---|---|---|---|---|"]
    for t in checks:
        lines.append(
            f"| {_cell(t.goal)} | {_cell(t.measured)} | {'yes' if t.met else '**no**'} | "
            f"{_cell(t.shortfall)} | {_cell(t.limit)} |"
        )
    return lines + [""]


def _rest(bench: Bench) -> list[str]:
    rest = bench.rest
    lines = [
        "## REST end to end",
        "",
        "Message in, all replies out (`/webhooks/rest/webhook`, custom actions on the action "
        "server, SQLite tracker store). Each user holds conversations of "
        "5 held-out messages and sends the next one when the replies are in (no think time). "
        f"The servers run `{rest.model}`, started by tests/servers.py.",
        "",
        f"![latency against concurrency]({PLOT_NAME})",
        "",
        "| users | seconds | answered | msg/s | p50 ms | p95 ms | p99 ms | errors | Rasa cores | "
        "Rasa ms CPU/msg | action server cores | load generator cores | machine busy |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for level in rest.levels:
        latency = level.latency
        lines.append(
            f"| {level.users} | {level.seconds:.0f} | {level.answered} | {level.per_second:.1f} | "
            f"{latency.p50:.0f} | {latency.p95:.0f} | {latency.p99:.0f} | {level.errors} | "
            f"{level.rasa_cpu / level.seconds:.2f} | {1000 * level.rasa_cpu / max(level.answered, 1):.0f} | "
            f"{level.actions_cpu / level.seconds:.2f} | {level.client_cpu / level.seconds:.2f} | "
            f"{100 * level.machine_busy:.0f}% |"
        )
    lines.append("")
    for level in rest.levels:
        if level.errors:
            lines.append(f"- {level.users} users, first error: {_cell(level.first_error)}")
    if rest.turn_costs:
        lines += [
            "",
            "## A long conversation",
            "",
            "One conversation of FAQ questions, median answer time of the 5 turns up to each mark "
            "(sessions end after serving.conversation_context.MAX_SESSION_USER_MESSAGES messages):",
            "",
            "| turn | " + " | ".join(str(mark) for mark in rest.turn_costs) + " |",
            "|---|" + "---|" * len(rest.turn_costs),
            "| ms | " + " | ".join(f"{ms:.0f}" for ms in rest.turn_costs.values()) + " |",
        ]
    lines += [
        "",
        "## Cold start and memory",
        "",
        "| figure | value |",
        "|---|---|",
        f"| Rasa server: process start to first answer | {rest.cold_start_seconds:.1f} s |",
        f"| action server: process start to /health | {rest.actions_start_seconds:.1f} s |",
        f"| Rasa server resident memory, idle / after the load | {rest.rasa_rss_idle_mb:.0f} / "
        f"{rest.rasa_rss_loaded_mb:.0f} MiB |",
        f"| action server resident memory, idle / after the load | {rest.actions_rss_idle_mb:.0f} / "
        f"{rest.actions_rss_loaded_mb:.0f} MiB |",
        "",
        "Start times are polled once a second (tests/servers.py), so they are up to 1 s high. "
        "Memory is VmRSS summed over each server's process tree.",
        "",
    ]
    return lines


def _alternatives(bench: Bench) -> list[str]:
    chosen, others = bench.chosen, bench.variants[1:]
    lines = [
        "## The chosen pipeline against the alternatives",
        "",
        "Same training data, same held-out file, scored the same way (`nlu_fallback` is "
        "never right). Ratios are to the chosen pipeline.",
        "",
    ]
    lines += [f"- **{v.name}**: {v.description}" for v in bench.variants]
    lines += [
        "",
        "### Held-out accuracy by style",
        "",
        "| style | messages | " + " | ".join(v.name for v in bench.variants) + " |",
        "|---|---|" + "---|" * len(bench.variants),
    ]
    styles = list(chosen.result.styles().items()) + [(None, len(chosen.result.predictions))]
    for style, count in styles:
        reference = chosen.result.accuracy(style)
        cells = [_number(reference, 3)] + [_with_ratio(v.result.accuracy(style), reference, 3) for v in others]
        lines.append(f"| {style or '**all**'} | {count} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Cost",
        "",
        "| pipeline | parse p50 ms | parse p95 ms | resident memory MiB | training s |",
        "|---|---|---|---|---|",
    ]
    lines.append(
        f"| chosen | {_number(chosen.latency.p50)} | {_number(chosen.latency.p95)} | "
        f"{_number(chosen.rss_mb, 0)} | {_number(chosen.training_seconds, 0)} |"
    )
    for v in others:
        lines.append(
            f"| {v.name} | {_with_ratio(v.latency.p50, chosen.latency.p50)} | "
            f"{_with_ratio(v.latency.p95, chosen.latency.p95)} | {_with_ratio(v.rss_mb, chosen.rss_mb, 0)} | "
            f"{_number(v.training_seconds, 0)} |"
        )
    lines += [
        "",
        "Parse: one message at a time, in-process (Rasa's `Agent.parse_message`; the baseline's "
        "`predict_proba`). Memory: a fresh process with the model loaded and the held-out file "
        "parsed (the baseline runs inside the benchmark process and has no figure of its own). "
        "Training: `rasa train` with the dialogue for the chosen pipeline, `rasa train nlu` for "
        "the variants (both from process start), `fit` for the baseline.",
        "",
        "### Tokenizer",
        "",
        "| backend | tokens/s | characters/s | tokens |",
        "|---|---|---|---|",
    ]
    reference = bench.tokenizers[0]
    lines.append(
        f"| {reference.backend} | {reference.tokens_per_second:.0f} | "
        f"{reference.characters_per_second:.0f} | {reference.tokens} |"
    )
    for t in bench.tokenizers[1:]:
        lines.append(
            f"| {t.backend} | {_with_ratio(t.tokens_per_second, reference.tokens_per_second, 0)} | "
            f"{_with_ratio(t.characters_per_second, reference.characters_per_second, 0)} | {t.tokens} |"
        )
    return lines + [""]


def _profiles(bench: Bench) -> list[str]:
    lines = [
        "## Profiles",
        "",
        "cProfile, in a fresh process; the profiler inflates the times, so compare rows, "
        "not totals. A library's time includes what it calls; the event loop and Rasa's "
        "message handling, which everything passes through, are left out.",
        "",
        "### NLU parse of the held-out messages",
        "",
    ]
    lines += _profile_table("Each pipeline step (with what it calls):", bench.nlu_components)
    lines += _profile_table("Libraries:", bench.nlu_libraries, "library")
    lines += _profile_table("Most time in the function itself:", bench.nlu_own_time)
    path = bench.rest.message_path
    if path:
        latency = latency_ms(path.seconds)
        lines += [
            "### One message's path without HTTP",
            "",
            f"Rasa's `Agent.handle_text` with the model, the action server and a SQLite tracker "
            f"store, on the load test's conversations: p50 {latency.p50:.0f} ms, p95 "
            f"{latency.p95:.0f} ms over {latency.count} messages, not profiled "
            "(the REST figures add HTTP and the project's tracker store).",
            "",
        ]
        lines += _profile_table("Rasa's steps (with what they call):", path.cumulative)
        lines += _profile_table("Libraries:", path.libraries, "library")
        lines += _profile_table("Most time in the function itself:", path.own_time)
    return lines


def render_markdown(bench: Bench) -> str:
    chosen = bench.chosen.latency
    lines = ["# Benchmarks", ""]
    lines += [f"- {key}: {value}" for key, value in bench.setup.items()]
    lines += ["", "Figures, not tests: on a shared machine they vary from run to run.", ""]
    lines += _targets(bench)
    lines += [
        "## NLU parse latency (chosen pipeline)",
        "",
        "One held-out message at a time, in-process, after a warm-up.",
        "",
        "| messages parsed | p50 ms | p95 ms | p99 ms | mean ms |",
        "|---|---|---|---|---|",
        f"| {chosen.count} | {chosen.p50:.1f} | {chosen.p95:.1f} | {chosen.p99:.1f} | {chosen.mean:.1f} |",
        "",
        "## Training",
        "",
        f"`rasa train` of config.yml (dialogue and NLU), empty cache, process start to model "
        f"written: **{bench.training_seconds:.0f} s**.",
        "",
    ]
    lines += _rest(bench)
    lines += _alternatives(bench)
    lines += _profiles(bench)
    return "\n".join(lines) + "\n"


def write_report(out_dir: Path, bench: Bench) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plot_latency(bench.rest.levels, out_dir / PLOT_NAME)
    report = out_dir / REPORT_NAME
    report.write_text(render_markdown(bench), encoding="utf-8")
    return report
