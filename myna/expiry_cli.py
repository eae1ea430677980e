"""CLI: python -m myna.expiry_cli --birth-date YYYY-MM-DD [--card-issued ...] [--certificate-renewed ...]
[--insurance ...] [--printed-expiry ...] [--residence-expiry ...] [--today ...]

Prints one JSON object (PersonalDates.to_dict()). Bad input: a Japanese message naming the
flag on stderr, exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from typing import NoReturn

from myna.config import ConfigError, install, load_config
from myna.expiry import INSURANCE_TYPES, InputError, compute

EXIT_BAD_INPUT = 2
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Parser(argparse.ArgumentParser):
    """argparse with Japanese errors (exit 2 like argparse itself)."""

    def error(self, message: str) -> NoReturn:  # noqa: D401 - argparse hook
        m = re.search(r"the following arguments are required: (.+)", message)
        if m:
            text = f"必要な指定がありません: {m.group(1)}"
        elif "invalid choice" in message:
            flag = re.search(r"argument ([^:]+):", message)
            text = (
                f"{flag.group(1) if flag else '--insurance'}: 選べるのは "
                f"{'・'.join(INSURANCE_TYPES)} のどれかです。"
            )
        elif "unrecognized arguments" in message:
            text = f"知らない指定があります: {message.split(':', 1)[1].strip()}"
        elif "expected one argument" in message:
            flag = re.search(r"argument ([^:]+):", message)
            text = f"{flag.group(1) if flag else ''}: 値がありません。"
        else:
            text = f"指定が正しくありません: {message}"
        self.exit(EXIT_BAD_INPUT, f"エラー: {text}\n")


def _date(flag: str, value: str) -> date:
    if not _ISO.match(value):
        raise InputError(flag, "expiry.date_not_iso", value=value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(flag, "expiry.no_such_date", value=value) from None


def _optional_date(flag: str, value: str | None) -> date | None:
    return None if value is None else _date(flag, value)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m myna.expiry_cli",
        description="マイナンバーカード・電子証明書・従来の保険証の有効期限を計算します。",
    )
    p.add_argument("--birth-date", required=True, help="生年月日 YYYY-MM-DD")
    p.add_argument("--card-issued", help="カードを受け取った日 YYYY-MM-DD")
    p.add_argument("--certificate-renewed", help="電子証明書を更新した日 YYYY-MM-DD（更新していれば）")
    p.add_argument("--insurance", choices=INSURANCE_TYPES, help="保険の種類")
    p.add_argument("--printed-expiry", help="従来の保険証に印刷された有効期限 YYYY-MM-DD")
    p.add_argument("--residence-expiry", help="在留期限 YYYY-MM-DD（外国籍の方）")
    p.add_argument("--today", help="基準日 YYYY-MM-DD（既定: 東京の今日）")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        install(load_config(os.environ))  # the profile file and the fixed clock
    except ConfigError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        result = compute(
            birth_date=_date("birth_date", args.birth_date),
            card_issued=_optional_date("card_issued", args.card_issued),
            insurance=args.insurance,
            printed_expiry=_optional_date("printed_expiry", args.printed_expiry),
            residence_expiry=_optional_date("residence_expiry", args.residence_expiry),
            today=_optional_date("today", args.today),
            certificate_renewed=_optional_date("certificate_renewed", args.certificate_renewed),
        )
    except InputError as exc:
        print(f"エラー: {exc.flag}: {exc.message_ja}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
