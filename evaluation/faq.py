"""The FAQ topics of the domain file, by the one definition (myna/faq_topics.py):
intents whose response `utter_<intent>` has a `metadata.title`."""

from __future__ import annotations

from pathlib import Path

import yaml

from myna.faq_topics import faq_intents as _faq_intents


def faq_intents(domain_path: Path) -> set[str]:
    return _faq_intents(yaml.safe_load(Path(domain_path).read_text(encoding="utf-8")))
