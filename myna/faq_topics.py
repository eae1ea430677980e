"""FAQ topics as the domain defines them: an intent whose answer `utter_<intent>`
carries a `title` in its metadata. The domain is the one home of that text."""

from typing import Any

# Intents the NLU pipeline adds itself; never offered as a topic.
SYNTHETIC_INTENTS = {"nlu_fallback", "pii_guard"}


def domain_intents(domain: dict[str, Any]) -> set[str]:
    """Every intent of a domain as read from domain.yml (a name, or a mapping with options)."""
    return {i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", [])}


def faq_intents(domain: dict[str, Any]) -> set[str]:
    return {intent for intent in domain_intents(domain) if topic_title(domain, intent)}


def topic_title(domain: dict[str, Any], intent: str) -> str | None:
    for variation in domain.get("responses", {}).get(f"utter_{intent}", []):
        title = (variation.get("metadata") or {}).get("title")
        if isinstance(title, str) and title:
            return title
    return None


def ranked_topics(
    domain: dict[str, Any],
    intent_ranking: list[dict[str, Any]],
    limit: int,
    min_confidence: float = 0.0,
) -> list[tuple[str, str]]:
    """(intent, title) of the best-ranked FAQ topics, best first."""
    topics: list[tuple[str, str]] = []
    for entry in intent_ranking:
        name = entry.get("name")
        if not isinstance(name, str) or name in SYNTHETIC_INTENTS or (entry.get("confidence") or 0.0) < min_confidence:
            continue
        title = topic_title(domain, name)
        if title:
            topics.append((name, title))
        if len(topics) == limit:
            break
    return topics
