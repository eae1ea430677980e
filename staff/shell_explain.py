"""`make shell` for staff testing answers (MYNA_SHELL_EXPLAIN=1; off by default):
under each answer, the topic, its confidence, the runner-up and the leaflet the
answer comes from, read from the conversation's own events.

The only Rasa patch here: `rasa shell` prints the replies that
`rasa.core.channels.console._send_message_receive_stream` yields; the wrapper yields
the same replies with the explanation added under the last one. The shell's server
runs in the same process, so the conversation is read from its tracker store. Rasa
3.6 only (checked at install; tests/staff pin the signature).
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Dict, List, Optional

from staff.topics import Topics

PATCHED_SIGNATURE = ["server_url", "auth_token", "sender_id", "message", "request_timeout"]
FALLBACK_INTENT = "nlu_fallback"
MARK = "〔説明〕"


class ExplainUnsupported(RuntimeError):
    pass


def _scored(topics: Topics, entry: Optional[Dict[str, Any]]) -> str:
    if not entry:
        return "なし"
    return f"{topics.label(entry.get('name'))} 確信度 {entry.get('confidence') or 0:.2f}"


def explain(events: List[Dict[str, Any]], topics: Topics) -> List[str]:
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


async def _conversation_events(sender_id: str) -> List[Dict[str, Any]]:
    from sanic import Sanic

    agent = Sanic.get_app().ctx.agent  # the shell's only app ("rasa_core_no_api" or "rasa_server")
    tracker = await agent.tracker_store.retrieve(sender_id)
    return [event.as_dict() for event in tracker.events] if tracker else []


def install_if_requested(requested: bool, domain: Path = Path("domain.yml")) -> bool:
    """Patch the shell's reply stream when the switch (MYNA_SHELL_EXPLAIN) is on; True when patched."""
    if not requested:
        return False
    import rasa
    from rasa.core.channels import console

    original = console._send_message_receive_stream
    parameters = list(inspect.signature(original).parameters)
    if not rasa.__version__.startswith("3.6.") or parameters != PATCHED_SIGNATURE:
        raise ExplainUnsupported(
            f"MYNA_SHELL_EXPLAIN は Rasa 3.6 用です / needs Rasa 3.6 (found {rasa.__version__}, {parameters})"
        )
    topics = Topics.from_domain(domain)

    async def explained_stream(server_url, auth_token, sender_id, message, request_timeout=None):
        replies = [r async for r in original(server_url, auth_token, sender_id, message, request_timeout)]
        text = "\n".join(explain(await _conversation_events(sender_id), topics))
        if replies and replies[-1].get("text"):
            replies[-1] = {**replies[-1], "text": f"{replies[-1]['text']}\n{text}"}
        else:
            replies.append({"recipient_id": sender_id, "text": text})
        for reply in replies:
            yield reply

    console._send_message_receive_stream = explained_stream
    return True
