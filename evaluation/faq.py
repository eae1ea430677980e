"""The FAQ topics of the domain, by the actions' own definition (actions/faq_topics.py):
intents whose response `utter_<intent>` has a `metadata.title`."""

from __future__ import annotations

from pathlib import Path
from typing import Set

import yaml

from actions.faq_topics import topic_title


def faq_intents(domain_path: Path) -> Set[str]:
    domain = yaml.safe_load(Path(domain_path).read_text(encoding="utf-8"))
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", [])}
    return {intent for intent in intents if topic_title(domain, intent)}
