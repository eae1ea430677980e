"""The shared table of personal-number cases against the server's rules
(myna/privacy/personal_numbers.py); test_widget_phone.py runs the same table in the page."""

import json
from pathlib import Path

import pytest

from myna.privacy import find_personal_numbers, redact

CASES = json.loads((Path(__file__).parent / "personal_numbers.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:24] or "empty")
def test_the_server_follows_the_shared_table(case):
    assert [f.kind for f in find_personal_numbers(case["text"])] == case["kinds"]
    assert redact(case["text"]) == case["redacted"]


def test_the_table_covers_both_kinds_and_near_misses():
    kinds = [kind for case in CASES for kind in case["kinds"]]
    assert {"my_number", "pin"} <= set(kinds)
    assert sum(1 for case in CASES if not case["kinds"]) >= 10


def test_the_pages_port_has_no_look_behind():
    # Safari before 16.4 cannot parse a look-behind: the whole widget would not load.
    source = (Path(__file__).parents[2] / "widget" / "myna-chat.js").read_text()
    assert "(?<=" not in source and "(?<!" not in source
