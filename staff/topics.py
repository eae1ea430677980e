"""The topics staff see and label: the domain's intents, with the FAQ topics' titles
(myna/faq_topics.py is the one definition of a topic and its title)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from myna.faq_topics import domain_intents, topic_title

OUT_OF_SCOPE = "out_of_scope"
OUT_OF_SCOPE_TITLE = "対象外の質問"
# Set by the NLU pipeline's own components, never learnt from examples.
COMPONENT_INTENTS = {"pii_guard", "message_too_long"}


@dataclass(frozen=True)
class Topics:
    intents: set[str]  # every intent of the domain
    titles: dict[str, str]  # FAQ topic -> its button label

    @classmethod
    def from_domain(cls, path: Path) -> Topics:
        domain = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        intents = domain_intents(domain)
        titles = {i: t for i in sorted(intents) if (t := topic_title(domain, i))}
        return cls(intents, titles)

    def label(self, intent: str | None) -> str:
        """What staff read for an intent: 「title」 (name), or the name alone."""
        if not intent:
            return "—"
        if intent == OUT_OF_SCOPE:
            return f"{OUT_OF_SCOPE_TITLE} ({intent})"
        title = self.titles.get(intent)
        return f"{title} ({intent})" if title else intent

    def learnable(self) -> set[str]:
        """Intents a reviewed message may be labelled with."""
        return self.intents - COMPONENT_INTENTS

    def resolve(self, written: str) -> str | None:
        """The intent staff meant: its name, or a FAQ topic's title, or 対象外の質問."""
        written = written.strip()
        if written in self.learnable():
            return written
        if written == OUT_OF_SCOPE_TITLE:
            return OUT_OF_SCOPE
        matches = [intent for intent, title in self.titles.items() if title == written]
        return matches[0] if len(matches) == 1 else None
