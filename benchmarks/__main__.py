"""`python -m benchmarks`: the figures of the issue's benchmark list, printed and
written to reports/bench.md (about 10 minutes on 2 cores; --quick for development).

    python -m benchmarks --model models/myna.tar.gz --heldout tests/nlu/heldout.yml --out reports
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Before anything imports Rasa or TensorFlow (the child processes inherit them).
os.environ["RASA_TELEMETRY_ENABLED"] = "false"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up lines would bury the figures

from benchmarks import baseline, nlu_latency, rest, tokenizers, training, variants  # noqa: E402
from benchmarks.report import render_markdown, write_report  # noqa: E402
from benchmarks.results import Bench, Variant  # noqa: E402
from evaluation.arguments import add_model_and_data_arguments  # noqa: E402
from evaluation.crossval import training_examples  # noqa: E402
from evaluation.heldout import Example, Result, load_examples  # noqa: E402

USERS = (1, 10, 50)


@dataclass(frozen=True)
class Effort:
    parse_rounds: int  # passes over the held-out file per pipeline
    tokenizer_rounds: int
    level_seconds: float  # per concurrency level
    warm_up_messages: int
    profiled_messages: int


FULL = Effort(parse_rounds=3, tokenizer_rounds=5, level_seconds=20, warm_up_messages=20, profiled_messages=100)
QUICK = Effort(parse_rounds=1, tokenizer_rounds=1, level_seconds=4, warm_up_messages=5, profiled_messages=20)


def _setup(args: argparse.Namespace, effort: Effort) -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True)
    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "commit": commit.stdout.strip() or "unknown",
        "machine": f"{os.cpu_count()} cores, {cpu}",
        "load average at the start (1/5/15 min)": " / ".join(f"{v:.2f}" for v in os.getloadavg()),
        "model": f"`{args.model}`",
        "held-out file": f"`{args.heldout}`",
        "config": f"`{args.config}`",
        "effort": ("--quick: " if args.quick else "") + f"{effort.level_seconds:.0f} s per concurrency level, "
        f"held-out file parsed {effort.parse_rounds}× per pipeline",
    }


def _variant(
    name: str, description: str, examples: list[Example], probe: nlu_latency.NluProbe, training_seconds: float | None
) -> Variant:
    result = Result()
    for example, (intent, confidence) in zip(examples, probe.predictions, strict=False):
        result.add(example, intent, confidence)
    return Variant(name, description, result, probe.seconds, probe.rss_mb, training_seconds)


def _pipelines(
    args: argparse.Namespace,
    effort: Effort,
    work: Path,
    config: variants.Config,
    heldout: list[Example],
    train_examples: list[Example],
) -> tuple[float, list[Variant], nlu_latency.NluProbe]:
    """Training time, then the chosen pipeline and its alternatives on the held-out file."""
    print("training config.yml (rasa train, empty cache) ...", flush=True)
    training_seconds = training.train(args.config, args.domain, args.data, work, "chosen", False).seconds
    print(f"training: {training_seconds:.0f} s", flush=True)
    trained = {}
    for name, derive in (("fugashi", variants.fugashi), ("ginza", variants.ginza)):
        config_path = variants.write_config(derive(config), work / f"{name}.yml")
        trained[name] = training.train(config_path, args.domain, args.nlu, work, name, True)
        print(f"{name} variant: NLU trained in {trained[name].seconds:.0f} s", flush=True)

    print("parsing the held-out file with each model ...", flush=True)
    texts = [e.text for e in heldout]
    chosen = nlu_latency.probe(args.model, texts, effort.parse_rounds, profile=True)
    probes = {name: nlu_latency.probe(t.model, texts, effort.parse_rounds) for name, t in trained.items()}
    afternoon = baseline.run(train_examples, heldout, variants.fallback_threshold(config))
    pipelines = [
        _variant(
            "chosen",
            "config.yml (SudachiPy, word and character counts, TF-IDF + logistic " "regression)",
            heldout,
            chosen,
            training_seconds,
        ),
        Variant(
            "baseline",
            "scikit-learn only: TF-IDF of character 1–4-grams (char_wb) of the NFKC " "text + logistic regression",
            afternoon.result,
            afternoon.seconds,
            None,
            afternoon.training_seconds,
        ),
        _variant(
            "fugashi",
            "config.yml with the tokenizer on fugashi + unidic-lite",
            heldout,
            probes["fugashi"],
            trained["fugashi"].seconds,
        ),
        _variant(
            "ginza",
            "config.yml plus ja_ginza's sentence vector as a dense feature",
            heldout,
            probes["ginza"],
            trained["ginza"].seconds,
        ),
    ]
    for v in pipelines:
        print(
            f"{v.name:9} accuracy {v.result.accuracy():.3f}, parse p50 {v.latency.p50:.1f} ms "
            f"p95 {v.latency.p95:.1f} ms",
            flush=True,
        )
    return training_seconds, pipelines, chosen


def _tokenizer_speeds(config: variants.Config, texts: list[str], rounds: int) -> list[tokenizers.TokenizerSpeed]:
    settings = variants.tokenizer_settings(config)
    speeds = [tokenizers.measure(backend, settings, texts, rounds) for backend in ("sudachi", "fugashi")]
    for s in speeds:
        print(f"tokenizer {s.backend}: {s.tokens_per_second:,.0f} tokens/s", flush=True)
    return speeds


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_model_and_data_arguments(parser)
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--quick", action="store_true", help="shorter runs, for development")
    args = parser.parse_args(argv)
    effort = QUICK if args.quick else FULL

    setup = _setup(args, effort)
    heldout = load_examples(args.heldout)
    texts = [e.text for e in heldout]
    train_examples = training_examples(args.nlu)
    config = variants.load_config(args.config)
    with tempfile.TemporaryDirectory(prefix="myna-bench-") as tmp:
        work = Path(tmp)
        training_seconds, pipelines, chosen = _pipelines(args, effort, work, config, heldout, train_examples)
        speeds = _tokenizer_speeds(config, texts + [e.text for e in train_examples], effort.tokenizer_rounds)
        print("REST: starting the action server and the Rasa server ...", flush=True)
        figures = rest.measure(
            work, texts, USERS, effort.level_seconds, effort.warm_up_messages, effort.profiled_messages
        )
    setup["load average at the end"] = " / ".join(f"{v:.2f}" for v in os.getloadavg())

    bench = Bench(
        setup,
        os.cpu_count() or 1,
        training_seconds,
        pipelines,
        speeds,
        figures,
        chosen.components,
        chosen.libraries,
        chosen.own_time,
    )
    report = write_report(args.out, bench)
    print()
    print(render_markdown(bench))
    print(f"wrote {report}")


if __name__ == "__main__":
    main()
