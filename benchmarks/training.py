"""Timed `rasa train` in its own process, into a directory of its own, with an empty
cache (Rasa would otherwise reuse what an earlier training computed)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Trained:
    model: Path
    seconds: float  # process start to model written


def train(config: Path, domain: Path, data: Path, out_dir: Path, name: str, nlu_only: bool) -> Trained:
    """`rasa train` (dialogue and NLU, from `data`) or `rasa train nlu` (from `data`
    as the NLU directory), written to out_dir/<name>.tar.gz."""
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        *(["nlu", "--nlu"] if nlu_only else ["--data"]),
        str(data),
        "--config",
        str(config),
        "--domain",
        str(domain),
        "--out",
        str(out_dir),
        "--fixed-model-name",
        name,
    ]
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", RASA_CACHE_DIRECTORY=str(Path(out_dir) / f"cache-{name}"))
    log = Path(out_dir) / f"train-{name}.log"
    started = time.perf_counter()
    with open(log, "w") as output:
        finished = subprocess.run(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    model = Path(out_dir) / f"{name}.tar.gz"
    if finished.returncode != 0 or not model.exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
        raise RuntimeError(f"training {name} failed ({finished.returncode}):\n{tail}")
    return Trained(model, seconds)
