"""Readable titles for the links in the answers (pure; no Rasa, no LINE SDK).

The answers in domain.yml end with raw URLs of the official sites. People read
「厚生労働省のページ」 more easily than "https://www.mhlw.go.jp/stf/newpage_40406.html",
so the widget and LINE show a title. The widget receives this table from
channels/widget.py (GET /webhooks/widget/config) and applies the same rule.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from myna.messages import text as message_text

# Host (or a parent domain of it) -> the message codes of its title; PDF files get
# their own wording.
SITES: list[dict[str, str]] = [
    {"host": "mhlw.go.jp", "title": "link.mhlw", "pdf": "link.mhlw_pdf"},
    {"host": "digital.go.jp", "title": "link.digital", "pdf": "link.digital_pdf"},
    {"host": "kojinbango-card.go.jp", "title": "link.card_site", "pdf": "link.card_site_pdf"},
    {"host": "myna.go.jp", "title": "link.myna_portal", "pdf": "link.myna_portal_pdf"},
]


def site_titles() -> list[dict[str, str]]:
    """The table with its words: host, title, pdf (the widget receives it)."""
    return [
        {"host": site["host"], "title": message_text(site["title"]), "pdf": message_text(site["pdf"])} for site in SITES
    ]


# A URL in an answer ends at a space or at Japanese punctuation.
URL = re.compile(r"https?://[^\s<>\"'（）「」『』、。，！？]+")
_TRAILING = ".,:;!?)]"


def link_title(url: str) -> str | None:
    """The title for `url`, or None for a site not in the table."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for site in site_titles():
        if host == site["host"] or host.endswith("." + site["host"]):
            return site["pdf"] if parts.path.lower().endswith(".pdf") else site["title"]
    return None


def add_link_titles(text: str) -> str:
    """Each known URL of `text` preceded by its title on its own line (for LINE,
    whose text messages cannot hide a URL behind a title):
    "詳しくは: https://www.mhlw.go.jp/…" -> "詳しくは: 厚生労働省のページ\nhttps://www.mhlw.go.jp/…"."""

    def titled(match: re.Match[str]) -> str:
        url = match.group().rstrip(_TRAILING)
        title = link_title(url)
        rest = match.group()[len(url) :]
        return f"{title}\n{url}{rest}" if title else match.group()

    return URL.sub(titled, text)
