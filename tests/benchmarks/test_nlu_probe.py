"""benchmarks.nlu_latency with the trained model: a message of several concerns is
scored on the concern answered first, as `make test` scores the held-out file."""

import asyncio
from pathlib import Path

from benchmarks.nlu_latency import _probe

MODEL = Path(__file__).resolve().parents[2] / "models" / "myna.tar.gz"


def test_several_concerns_count_as_the_concern_answered_first():
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    probe = asyncio.run(_probe(str(MODEL), ["カードをなくして、暗証番号も忘れました"], 1, False))
    assert probe.predictions[0][0] == "lost_card"
