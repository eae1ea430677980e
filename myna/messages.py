"""User-facing words keyed by code: the message catalogue (pure; no Rasa import).

The words a user reads that are not an answer of the dialogue (those are the
responses in domain.yml) live in myna/catalogue/<language>.yml, nested keys joined
by dots ("date.bad_day"), each a str.format template with named placeholders. Python
holds only the codes and the values of the placeholders, so a second language is a
second catalogue file.

    text("date.bad_day", shown="2月30日", month=2, last=29)
        -> "「2月30日」という日はありません。2月は29日までです。"

A file is read on the first use of its language and kept (no I/O at import time).
An unknown code, and placeholders that differ from the template's, raise
MessageError: a wrong code must not reach a user as an empty or half-filled text.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

__all__ = ["CATALOGUE_DIR", "DEFAULT_LANGUAGE", "MessageError", "WordedError", "catalogue", "placeholders", "text"]

# Inside the package: every image and every `python -m myna...` that has the code
# reading the catalogue has the catalogue too.
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
DEFAULT_LANGUAGE = "ja"


class MessageError(LookupError):
    """An unknown code, or placeholders that do not match the template."""


class WordedError(ValueError):
    """An error of the pure domain whose words are a catalogue message: .message (its
    code) and .params (its placeholders' values); the adapter that shows it renders
    them in the conversation's language, .message_ja in Japanese."""

    def __init__(self, message: str, params: Mapping[str, Any]):
        super().__init__(message, dict(params))
        self.message = message
        self.params = dict(params)

    @property
    def message_ja(self) -> str:
        return text(self.message, "ja", **self.params)


def _flatten(node: Any, prefix: str, out: dict[str, str], source: Path) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, f"{prefix}{key}.", out, source)
        return
    code = prefix[:-1]
    if not isinstance(node, str):
        raise MessageError(f"{source}: {code!r} must be a text, not {type(node).__name__}")
    out[code] = node


@cache
def catalogue(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """code -> template for `lang`, read once from CATALOGUE_DIR/<lang>.yml."""
    source = CATALOGUE_DIR / f"{lang}.yml"
    with source.open(encoding="utf-8") as f:
        tree = yaml.safe_load(f)
    if not isinstance(tree, dict):
        raise MessageError(f"{source}: expected a mapping of codes")
    out: dict[str, str] = {}
    _flatten(tree, "", out, source)
    return out


@cache
def placeholders(template: str) -> frozenset[str]:
    """The named placeholders of a template ("{shown}" -> {"shown"})."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name is not None)


def text(code: str, /, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The words for `code` in `lang`, with its placeholders filled from `params`."""
    template = catalogue(lang).get(code)
    if template is None:
        raise MessageError(f"no message {code!r} in {lang}.yml")
    wanted = placeholders(template)
    if wanted != params.keys():
        raise MessageError(f"{code!r} takes {sorted(wanted)}, got {sorted(params)}")
    return template.format(**params)
