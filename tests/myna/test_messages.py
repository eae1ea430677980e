"""The message catalogue: every code renders, unknown codes and wrong placeholders
fail loudly, and the codes in Python and in myna/catalogue/ja.yml are the same set."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from myna.messages import MessageError, catalogue, placeholders, text

ROOT = Path(__file__).resolve().parents[2]
# The code that shows words to users (staff/ is the insurer's own tool, in Japanese).
SOURCE_DIRS = ("actions", "channels", "components", "myna", "serving")
CODE = re.compile(r"[a-z_]+(?:\.[a-z0-9_]+)+")

JA = catalogue("ja")
NAMESPACES = {code.split(".")[0] for code in JA}


def codes_in_python():
    """Every string literal of the source that looks like a code of a catalogue
    namespace ("date.bad_day"), with where it is."""
    found = {}
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and CODE.fullmatch(node.value)
                    and node.value.split(".")[0] in NAMESPACES
                ):
                    found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def sample(code):
    return {name: f"<{name}>" for name in placeholders(JA[code])}


@pytest.mark.parametrize("code", sorted(JA))
def test_every_code_renders_with_its_placeholders(code):
    params = sample(code)
    shown = text(code, **params)
    assert all(value in shown for value in params.values())
    assert "{" not in shown and "}" not in shown


@pytest.mark.parametrize("code", sorted(c for c in JA if placeholders(JA[c])))
def test_a_missing_or_extra_placeholder_fails(code):
    params = sample(code)
    missing = dict(params)
    missing.pop(next(iter(missing)))
    with pytest.raises(MessageError):
        text(code, **missing)
    with pytest.raises(MessageError):
        text(code, **params, unexpected="x")


def test_an_unknown_code_or_language_fails():
    with pytest.raises(MessageError):
        text("date.no_such_message")
    with pytest.raises(FileNotFoundError):
        text("date.not_found", lang="xx")


def test_every_code_in_python_is_in_the_catalogue():
    unknown = {code: where for code, where in codes_in_python().items() if code not in JA}
    assert unknown == {}


def test_every_code_in_the_catalogue_is_used():
    assert sorted(set(JA) - set(codes_in_python())) == []


def test_no_module_reads_the_catalogue_at_import_time():
    importing = "; ".join(
        f"import {m}"
        for m in (
            "myna.dates",
            "myna.expiry",
            "myna.hotline",
            "myna.session_slots",
            "channels.link_titles",
            "channels.line_messages",
            "channels.widget",
            "serving.rate_limit",
            "serving.action_failure",
            "actions.hand_off",
            "actions.personal_dates",
        )
    )
    script = f"{importing}; from myna.messages import catalogue; print(catalogue.cache_info().currsize)"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "0"
    assert catalogue("ja") is catalogue("ja")  # read once, then kept
