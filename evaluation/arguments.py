"""The command-line options `make eval` and `make bench` share: what they measure
(model, held-out file) and what the model was trained from."""

import argparse
from pathlib import Path


def add_model_and_data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", type=Path, default=Path("models/myna.tar.gz"))
    parser.add_argument("--heldout", type=Path, default=Path("tests/nlu/heldout.yml"))
    parser.add_argument("--out", type=Path, default=Path("reports"))
    parser.add_argument("--config", type=Path, default=Path("config.yml"))
    parser.add_argument("--domain", type=Path, default=Path("domain.yml"))
    parser.add_argument("--nlu", type=Path, default=Path("data/nlu"))
