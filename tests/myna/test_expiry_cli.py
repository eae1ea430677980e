import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYNA_")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "myna.expiry_cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_full_output():
    out = run(
        "--birth-date",
        "1955-07-08",
        "--card-issued",
        "2020-03-01",
        "--insurance",
        "kokuho",
        "--printed-expiry",
        "2026-07-31",
        "--today",
        "2026-11-21",
    )
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)  # exactly one JSON object
    assert d["today"] == "2026-11-21"
    assert d["card_expires"] == "2029-07-08" and d["card_expired"] is False
    assert d["certificate_expires"] == "2024-07-08" and d["certificate_expired"] is True
    assert d["card_notice_window"]["start"] == "2029-04-08"
    assert d["card_notice_window"]["end"] == "2029-05-08"
    assert d["certificate_notice_window"]["passed"] is True
    assert d["legacy_card_expires"] == "2025-07-31" and d["legacy_card_rule"] == "age70"
    assert d["legacy_card_expired"] is True
    k = d["kakuninsho"]
    assert k["insurer_valid_until"] == "2029-03-31" and k["kouki_valid_until"] == "2026-07-31"
    assert k["automatic_recipients"] and k["on_application"]
    assert out.stderr == ""


def test_minimal_output_has_nulls():
    out = run("--birth-date", "1955-07-08", "--today", "2026-11-21")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    for key in (
        "card_expires",
        "certificate_expires",
        "legacy_card_expires",
        "card_notice_window",
        "certificate_notice_window",
        "card_expired",
    ):
        assert d[key] is None
    assert d["legacy_card_rule"] == "insurance_unknown"


def test_residence_expiry_and_today_default():
    out = run(
        "--birth-date",
        "1980-04-01",
        "--card-issued",
        "2021-06-01",
        "--insurance",
        "employee",
        "--residence-expiry",
        "2025-03-31",
        env_extra={"MYNA_FIXED_NOW": "2025-01-15T10:00:00+09:00"},
    )
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["today"] == "2025-01-15"
    assert d["legacy_card_expires"] == "2025-03-31"
    assert d["legacy_card_rule"] == "residence_expiry" and d["legacy_card_expired"] is False


@pytest.mark.parametrize(
    "args, flag",
    [
        (["--birth-date", "1955-02-30"], "--birth-date"),  # impossible date
        (["--birth-date", "1955/07/08"], "--birth-date"),  # not ISO
        (["--birth-date", "2027-01-01", "--today", "2026-11-21"], "--birth-date"),  # future
        (["--birth-date", "1990-01-01", "--card-issued", "1989-12-31"], "--card-issued"),
        (["--birth-date", "1955-07-08", "--card-issued", "2015-12-31"], "--card-issued"),
        (["--birth-date", "1955-07-08", "--insurance", "private"], "--insurance"),
        (["--birth-date", "1955-07-08", "--printed-expiry", "2025-13-01"], "--printed-expiry"),
        (["--birth-date", "1955-07-08", "--today", "yesterday"], "--today"),
        (["--birth-date", "1955-07-08", "--color", "red"], "--color"),  # unknown flag
        ([], "--birth-date"),  # required flag missing
    ],
)
def test_bad_input_exit_2(args, flag):
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert flag in out.stderr
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in out.stderr)
