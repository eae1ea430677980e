"""Unicode normalisation that remembers where every character came from.

Pure Python, no Rasa import. The tokenizer works on NFKC text (so ＡＴＭ == ATM,
ｶｰﾄﾞ == カード, ４桁 == 4桁), but Rasa slices the ORIGINAL message with token
offsets, so each normalised character carries the span of original text it
came from.

The text is cut into clusters: a cluster is the smallest run of original
characters whose normalisation does not interact with its neighbours (e.g.
half-width ｶ + ﾞ compose into one ガ, so they form one cluster). Inside a
cluster we cannot say which output character came from which input
character, so every output character maps to the whole cluster span, and
only cluster edges are valid token boundaries.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

NormalForm = Literal["NFC", "NFD", "NFKC", "NFKD"]

__all__ = ["NormalizedText", "normalize_with_offsets"]


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus a map from normalised indices to original spans."""

    original: str
    text: str
    # For normalised char i: original span [starts[i], ends[i]).
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    # boundaries[i] is True if a token may start/end at normalised index i
    # (len(boundaries) == len(text) + 1).
    boundaries: tuple[bool, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised half-open span [start, end) to the original text.

        A span that cuts through a cluster is widened to whole clusters.
        An empty span maps to an empty span at the corresponding position.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside 0..{len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _clusters(text: str, form: NormalForm) -> list[tuple[int, int, str]]:
    """Split text into (orig_start, orig_end, normalised) clusters.

    A character joins the current cluster when normalising them together
    differs from normalising them apart (composition, canonical reordering).
    """
    clusters: list[tuple[int, int, str]] = []
    start = 0
    current = ""
    current_norm = ""
    for i, char in enumerate(text):
        char_norm = unicodedata.normalize(form, char)
        if current:
            joined = unicodedata.normalize(form, current + char)
            if joined != current_norm + char_norm:
                current += char
                current_norm = joined
                continue
            clusters.append((start, i, current_norm))
        start, current, current_norm = i, char, char_norm
    if current:
        clusters.append((start, len(text), current_norm))
    return clusters


def _identity(text: str) -> NormalizedText:
    n = len(text)
    return NormalizedText(
        original=text,
        text=text,
        starts=tuple(range(n)),
        ends=tuple(range(1, n + 1)),
        boundaries=(True,) * (n + 1),
    )


def normalize_with_offsets(text: str, form: NormalForm = "NFKC") -> NormalizedText:
    """Normalise text with unicodedata and keep an offset map to the original."""
    normalized = unicodedata.normalize(form, text)
    if normalized == text:
        # Common case (already NFKC): every character maps to itself.
        return _identity(text)

    clusters = _clusters(text, form)
    if "".join(c[2] for c in clusters) != normalized:
        # Interaction the pairwise check missed (should not happen): treat
        # the whole text as one cluster, coarse but still correct.
        clusters = [(0, len(text), normalized)]

    starts: list[int] = []
    ends: list[int] = []
    boundaries: list[bool] = []
    for c_start, c_end, c_norm in clusters:
        for k in range(len(c_norm)):
            starts.append(c_start)
            ends.append(c_end)
            boundaries.append(k == 0)
    boundaries.append(True)
    return NormalizedText(
        original=text,
        text=normalized,
        starts=tuple(starts),
        ends=tuple(ends),
        boundaries=tuple(boundaries),
    )


def snap_spans(norm: NormalizedText, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, list[int]]]:
    """Merge consecutive normalised spans until both edges are cluster edges.

    Takes sorted, non-overlapping spans over norm.text and returns
    (start, end, member_indices) in normalised coordinates, where
    member_indices lists which input spans were merged.
    """
    result: list[tuple[int, int, list[int]]] = []
    pending: list[int] = []
    p_start = p_end = 0
    for idx, (s, e) in enumerate(spans):
        if not pending:
            p_start = s
            # Start inside a cluster: move back to the cluster's first char.
            while p_start > 0 and not norm.boundaries[p_start]:
                p_start -= 1
            # Never reach back over an earlier result.
            if result and p_start < result[-1][1]:
                prev_s, _, prev_members = result.pop()
                p_start = prev_s
                pending = prev_members
        pending.append(idx)
        p_end = e
        if norm.boundaries[p_end]:
            result.append((p_start, p_end, pending))
            pending = []
    if pending:
        while p_end < len(norm.text) and not norm.boundaries[p_end]:
            p_end += 1
        result.append((p_start, p_end, pending))
    return result
