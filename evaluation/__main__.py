"""`python -m evaluation`: held-out evaluation plus cross-validation, as a Markdown report.

    python -m evaluation --model models/myna.tar.gz --heldout tests/nlu/heldout.yml \
        --realistic tests/nlu/realistic/*.yml --out reports
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from evaluation.arguments import add_model_and_data_arguments
from evaluation.faq import faq_intents
from evaluation.heldout import evaluate
from evaluation.realistic import evaluate_sets
from evaluation.report import write_report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    add_model_and_data_arguments(parser)
    parser.add_argument("--folds", type=int, default=5, help="0 skips cross-validation")
    parser.add_argument(
        "--realistic",
        type=Path,
        nargs="*",
        default=[],
        help="realistic sets scored turn by turn (tests/nlu/realistic/)",
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    result = evaluate(args.model, args.heldout)
    print(result.summary(), flush=True)

    realistic = evaluate_sets(args.model, args.realistic, args.out) if args.realistic else {}
    for name, realistic_result in realistic.items():
        print(f"{name}: {realistic_result.summary()}", flush=True)

    cv_folds = cv_summary = None
    if args.folds:
        from evaluation.crossval import cross_validate, summarise

        scores = cross_validate(args.config, args.nlu, args.domain, n_splits=args.folds)
        cv_folds = [dataclasses.asdict(s) for s in scores]
        cv_summary = summarise(scores)

    report = write_report(
        args.out,
        result,
        faq_intents(args.domain),
        cv_folds=cv_folds,
        cv_summary=cv_summary,
        sources={"model": str(args.model), "held-out file": str(args.heldout), "config": str(args.config)},
        realistic=realistic,
    )
    print(f"wrote {report} in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
