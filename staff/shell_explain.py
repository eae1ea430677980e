"""`make shell` for staff testing answers (MYNA_SHELL_EXPLAIN=1; off by default):
under each answer, the topic, its confidence, the runner-up and the leaflet the
answer comes from, read from the conversation's own events.

The Rasa function patched for it, `rasa.core.channels.console._send_message_receive_stream`,
is replaced in serving/rasa_patches.py (`explain_shell_replies`, with every other change
to Rasa: version checked at install, signature pinned by its test); this module says
what is shown. The shell's server runs in the same process, so the conversation is
read from its tracker store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from staff.topics import Topics

FALLBACK_INTENT = "nlu_fallback"
MARK = "〔説明〕"


class ExplainUnsupported(RuntimeError):
    pass


def _scored(topics: Topics, entry: dict[str, Any] | None) -> str:
    if not entry:
        return "なし"
    return f"{topics.label(entry.get('name'))} 確信度 {entry.get('confidence') or 0:.2f}"


def explain(events: list[dict[str, Any]], topics: Topics) -> list[str]:
    """Lines explaining the last turn of `events` (Rasa event dicts, oldest first)."""
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if not users:
        return []
    user = events[users[-1]]
    parse = user.get("parse_data") or {}
    intent = parse.get("intent") or {}
    ranking = [e for e in parse.get("intent_ranking") or [] if e.get("name") != intent.get("name")]
    if intent.get("name") == FALLBACK_INTENT:  # the best guess comes second
        lines = [f"{MARK}話題: 理解できず（最有力 {_scored(topics, ranking[0] if ranking else None)}）"]
        ranking = ranking[1:]
    else:
        lines = [f"{MARK}話題: {_scored(topics, intent)}"]
    lines.append(f"{MARK}次点: {_scored(topics, ranking[0] if ranking else None)}")
    sources = []
    for event in events[users[-1] + 1 :]:
        if event.get("event") == "bot":
            source = ((event.get("metadata") or {}).get("metadata") or {}).get("source")
            if source and source not in sources:
                sources.append(source)
    lines.append(f"{MARK}出典: {' / '.join(sources) if sources else 'なし（資料によらない応答）'}")
    return lines


async def _conversation_events(sender_id: str) -> list[dict[str, Any]]:
    from sanic import Sanic

    agent = Sanic.get_app().ctx.agent  # the shell's only app ("rasa_core_no_api" or "rasa_server")
    tracker = await agent.tracker_store.retrieve(sender_id)
    return [event.as_dict() for event in tracker.events] if tracker else []


def install_if_requested(requested: bool, domain: Path = Path("domain.yml")) -> bool:
    """Patch the shell's reply stream when the switch (MYNA_SHELL_EXPLAIN) is on; True when patched."""
    if not requested:
        return False
    from serving import rasa_patches

    topics = Topics.from_domain(domain)

    async def explanation(sender_id: str) -> list[str]:
        return explain(await _conversation_events(sender_id), topics)

    try:
        rasa_patches.explain_shell_replies(explanation)
    except rasa_patches.PatchError as error:
        raise ExplainUnsupported(f"MYNA_SHELL_EXPLAIN: {error}") from None
    return True
