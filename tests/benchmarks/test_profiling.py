"""Function labels of the profile tables."""

import cProfile
import sys

import pytest

from benchmarks.profiling import ROOT, by_package, label, package
from myna.text_normalization import normalize_with_offsets


@pytest.mark.parametrize(
    "key, expected",
    [
        (
            ("/x/.venv/lib/python3.10/site-packages/rasa/core/processor.py", 10, "handle_message"),
            "rasa/core/processor.py:handle_message",
        ),
        (
            (str(ROOT / "components" / "japanese_tokenizer.py"), 5, "tokenize_text"),
            "components/japanese_tokenizer.py:tokenize_text",
        ),
        (("/usr/lib/python3.10/asyncio/base_events.py", 1, "_run_once"), "base_events.py:_run_once"),
        (("~", 0, "<method 'poll' of 'select.epoll' objects>"), "<method 'poll' of 'select.epoll' objects>"),
    ],
)
def test_label(key, expected):
    assert label(key) == expected


@pytest.mark.parametrize(
    "file, expected",
    [
        ("/x/.venv/lib/python3.10/site-packages/rasa/core/processor.py", "rasa"),
        ("/x/.venv/lib/python3.10/site-packages/six.py", "six"),
        (str(ROOT / "components" / "japanese_tokenizer.py"), "components"),
        ("/root/.pyenv/versions/3.10.13/lib/python3.10/asyncio/base_events.py", ""),
        ("<frozen importlib._bootstrap>", ""),
        ("~", ""),
    ],
)
def test_package(file, expected):
    assert package(file) == expected


def test_by_package_counts_the_calls_from_other_packages():
    def work():  # started under the profiler, so that it is known as the caller
        for _ in range(20):
            normalize_with_offsets("ﾏｲﾅ保険証をなくしました" * 20)

    profiler = cProfile.Profile()
    profiler.runcall(work)
    packages = {row.function: row for row in by_package(profiler, messages=20, limit=5, below=1.01)}
    # called from this test (package "tests"); its calls inside `myna` are not entries
    assert packages["myna"].calls_per_message == 1.0
    assert packages["myna"].ms_per_message > 0
    # No standard library, no built-ins. (Other packages may appear: the garbage
    # collector runs their callbacks, e.g. jax's, at any time.)
    assert not {name for name in packages if name in sys.stdlib_module_names or not name.isidentifier()}
