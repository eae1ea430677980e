"""The insurer profiles the tests run on: the fixture (a frozen copy of the production
profile) and the fictitious municipal 国民健康保険 example."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "insurer.yml"
KOKUHO_EXAMPLE = ROOT / "settings" / "examples" / "kokuho_example.yml"
PROFILES = {"fixture": FIXTURE, "kokuho_example": KOKUHO_EXAMPLE}
