"""`python -m staff report|review-import|purge`: the staff's commands (make report,
make review-import, make purge). Messages in Japanese; exit status 2 on a setting or
store problem."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from myna.config import ConfigError, RuntimeConfig, load_config
from staff.store import StoreError
from staff.usage import TOKYO

DEFAULT_REPORT_DAYS = 7


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日付は 2026-11-01 の形で書いてください: {text!r}") from None


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"保存日数は 1 日以上の整数にしてください: {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m staff", description="職員向けのレポート・見直し・保存期間")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="利用状況レポート reports/usage.html と CSV")
    report.add_argument("--since", type=_date, help=f"最初の日 (既定: 最後の日の {DEFAULT_REPORT_DAYS - 1} 日前)")
    report.add_argument("--until", type=_date, help="最後の日 (この日を含む; 既定: 今日, 東京時間)")
    report.add_argument("--out", type=Path, default=Path("reports"))
    report.add_argument("--domain", type=Path, default=Path("domain.yml"))
    review = commands.add_parser("review-import", help="話題を書き込んだ review.csv を学習データへ")
    review.add_argument("csv", type=Path)
    review.add_argument("--out", type=Path, default=Path("data/nlu/reviewed.yml"))
    review.add_argument("--domain", type=Path, default=Path("domain.yml"))
    review.add_argument("--nlu-dir", type=Path, default=Path("data/nlu"))
    purge = commands.add_parser("purge", help="古い会話を削除")
    purge.add_argument(
        "--days", type=_days, help="この日数より前に終わった会話を削除 (既定: MYNA_RETENTION_DAYS または 90)"
    )
    purge.add_argument("--dry-run", action="store_true", help="数えるだけで削除しない")
    return parser


def _report(args, config: RuntimeConfig) -> int:
    from staff.render import write_report
    from staff.store import open_store
    from staff.topics import Topics
    from staff.usage import Period, read_usage

    until = args.until or datetime.now(TOKYO).date()
    since = args.since or until - timedelta(days=DEFAULT_REPORT_DAYS - 1)
    if since > until:
        print(f"--since ({since}) が --until ({until}) より後です。", file=sys.stderr)
        return 2
    engine, dialect = open_store(config.database)
    usage = read_usage(engine, dialect, Period(since, until))
    files = write_report(usage, Topics.from_domain(args.domain), args.out)
    print(f"{since} ～ {until}: 会話 {usage.conversations} 件, メッセージ {usage.messages} 件")
    print("書き出したファイル: " + ", ".join(str(f) for f in files))
    return 0


def _review_import(args, _config: RuntimeConfig) -> int:
    from staff.review import import_review

    result = import_review(args.csv, out=args.out, domain=args.domain, nlu_dir=args.nlu_dir)
    for line, text, why in result.rejected:
        print(f"取り込めません ({args.csv} {line} 行目): {text} — {why}")
    for line, text, why in result.skipped:
        print(f"省略 ({line} 行目): {text} — {why}")
    print(
        f"{args.out} に {len(result.accepted)} 件を追加しました"
        f" (省略 {len(result.skipped)} 件, 取り込めない {len(result.rejected)} 件)。"
        + (" make train で学習します。" if result.accepted else "")
    )
    return 0


def _purge(args, config: RuntimeConfig) -> int:
    from staff.retention import purge
    from staff.store import open_store

    days = args.days or config.retention_days  # make purge DAYS=N, else MYNA_RETENTION_DAYS
    engine, _ = open_store(config.database)
    result = purge(engine, days, dry_run=args.dry_run)
    cutoff = datetime.fromtimestamp(result.cutoff, TOKYO)
    verb = "削除の対象" if args.dry_run else "削除しました"
    print(
        f"{cutoff:%Y-%m-%d %H:%M} (東京時間, {days} 日前) より前に終わった会話: "
        f"{result.conversations} 件 (イベント {result.events} 件) を{verb}。"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    from staff.plots import FontMissing
    from staff.review import ReviewFileError

    args = _parser().parse_args(argv)
    command = {"report": _report, "review-import": _review_import, "purge": _purge}[args.command]
    try:
        return command(args, load_config(os.environ))
    except (ConfigError, StoreError, ReviewFileError, FontMissing) as error:
        print(f"できませんでした: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
