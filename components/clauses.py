"""Where a Japanese message may be cut into clauses, each possibly its own concern
(pure logic; no Rasa import).

「カードをなくして、暗証番号も忘れました」 is two concerns joined by 〜て: a message is cut
only after punctuation, after a conjunctive particle that follows a predicate
(〜て/〜で/〜し/〜けど/〜ので/〜たら/〜うえに...), before a connective (あと, それと, ついでに...), or
between two nouns joined by と/や (「カードの期限と証明書の期限」: two things asked about).
Tokens are (surface, part of speech) pairs as the tokenizer gives them (Sudachi/UniDic
top-level parts of speech: 名詞, 動詞, 助詞, 補助記号...).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

_PUNCTUATION_POS = {"補助記号", "空白"}
_PREDICATE_POS = {"動詞", "助動詞", "形容詞", "形状詞"}
_CONJUNCTIVE = {
    "て",
    "で",
    "し",
    "けど",
    "けれど",
    "けれども",
    "ので",
    "から",
    "たら",
    "だら",
    "が",
    "のに",
    "ても",
    "でも",
}
_SENTENCE_END = {"。", "？", "！", "?", "!", "．", "\n"}
_CONNECTIVES = {
    "あと",
    "それと",
    "それから",
    "ついでに",
    "さらに",
    "ちなみに",
    "それに",
    "また",
    "あとは",
    "他に",
    "ほかに",
}


_NOUN_POS = {"名詞", "接尾辞", "代名詞"}  # 証明|書: a suffix ends a noun
# 「AとB」「AやB」 between nouns
_COORDINATING = {"と", "や"}
_NOUN_STARTS = {"名詞", "接頭辞", "代名詞"}
# 「…方法と、…」「…したいのと、…」「…のか、…」: a list the writer punctuated (not
# 「電話すると、」, a と after a verb)
_NOMINALISERS = {"の", "か"}
_BESIDES = {"うえ", "上"}


class ClauseStart(NamedTuple):
    index: int  # of the token the clause starts at
    # after a sentence end, before a connective or after a punctuated list (「…と、」):
    # the writer marked a new point (「…なくしました。あと…」), not merely a clause of
    # the same sentence
    marked: bool
    # after 〜ので/〜から: the clause before gives the reason for what follows
    # (「使えなくなったので、何を見せれば」), background more often than a concern
    reason: bool = False


def _ends_a_list(tokens: Sequence[tuple[str, str]]) -> bool:
    """Whether the tokens end with the と of a list item or a question's か (before 、)."""
    if len(tokens) < 2 or tokens[-1][1] != "助詞":
        return False
    last, (before, before_pos) = tokens[-1][0], tokens[-2]
    if last == "か":
        return True
    return last == "と" and (before_pos in _NOUN_POS or before in _NOMINALISERS) or _adds_a_point(tokens)


def _adds_a_point(tokens: Sequence[tuple[str, str]]) -> bool:
    """Whether the tokens end with a predicate's listing 〜し (「通らないし」) or 〜うえに
    (「通らないうえに」, besides): the writer adds one trouble to another."""
    if len(tokens) >= 2 and tokens[-1] == ("し", "助詞") and tokens[-2][1] in _PREDICATE_POS:
        return True
    return (
        len(tokens) >= 3
        and tokens[-1] == ("に", "助詞")
        and tokens[-2][0] in _BESIDES
        and tokens[-3][1] in _PREDICATE_POS
    )


def _gives_a_reason(tokens: Sequence[tuple[str, str]]) -> bool:
    """Whether the tokens end (before any punctuation) with 〜ので or a predicate's 〜から."""
    while tokens and tokens[-1][1] in _PUNCTUATION_POS:
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return False
    tail = tokens[-2][0] + tokens[-1][0]
    return tail.endswith("ので") or (tokens[-1][0] == "から" and tokens[-2][1] in _PREDICATE_POS)


def clause_starts(tokens: Sequence[tuple[str, str]]) -> list[ClauseStart]:
    """Where a new clause may start (never at token 0), in order."""
    starts = []
    for index in range(1, len(tokens)):
        pos = tokens[index][1]
        previous, previous_pos = tokens[index - 1]
        after_punctuation = previous_pos in _PUNCTUATION_POS and pos not in _PUNCTUATION_POS
        after_conjunction = (
            previous in _CONJUNCTIVE
            and index >= 2
            and tokens[index - 2][1] in _PREDICATE_POS
            and pos not in _PUNCTUATION_POS
        )
        ahead = "".join(t for t, _ in tokens[index : index + 3])  # a connective may be split (それ|と)
        before_connective = any(ahead.startswith(c) for c in _CONNECTIVES) and not ahead.startswith("あとで")
        coordination = (
            previous in _COORDINATING
            and previous_pos == "助詞"
            and index >= 2
            and tokens[index - 2][1] in _NOUN_POS
            and pos in _NOUN_STARTS
        )
        besides = _adds_a_point(tokens[:index]) and pos not in _PUNCTUATION_POS
        if after_punctuation or after_conjunction or before_connective or coordination or besides:
            listed = (after_punctuation and _ends_a_list(tokens[: index - 1])) or besides
            marked = before_connective or listed or (after_punctuation and previous in _SENTENCE_END)
            starts.append(ClauseStart(index, marked, _gives_a_reason(tokens[:index])))
    return starts
