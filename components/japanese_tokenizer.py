"""Japanese tokenizer for Rasa 3.6 (Sudachi or fugashi/UniDic backend).

Used in config.yml as `components.japanese_tokenizer.JapaneseTokenizer`.

The message is NFKC-normalised before analysis, but token offsets and
Token.text always refer to the ORIGINAL message, because Rasa's entity
extraction slices the original text. Token.lemma carries the form chosen by
`lemma_form`, so CountVectorsFeaturizer (use_lemma: true) sees orthographic
variants (引越し/引っ越し, ｶｰﾄﾞ/カード, ＡＴＭ/ATM) as one feature.

The analyzer (dictionary) is created lazily on first use, so importing this
module is cheap. The component is not trainable: create() and load() just
build it from config, nothing is written to the model storage.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from typing import Any, NamedTuple

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message

from myna.text_normalization import normalize_with_offsets, snap_spans

logger = logging.getLogger(__name__)

BACKENDS = ("sudachi", "fugashi")
SPLIT_MODES = ("A", "B", "C")
LEMMA_FORMS = ("normalized", "reading", "surface", "dictionary")

# Longest piece (in characters) handed to the analyzer at once. Sudachi
# rejects inputs over ~49 KB; 1,000 chars is <= 4 KB in UTF-8 and keeps
# the lattice small.
MAX_CHUNK_CHARS = 1000
# Preferred places to cut an over-long run of non-space text.
_CUT_AFTER = set("。．！？!?、，,.；;：:」』）)】")

# Hiragana, katakana, CJK ideographs (+ext A, compat), 々〆ヶ.
_JAPANESE_CHAR = re.compile(
    "[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\u3005\u3006\u30f6\U00020000-\U0002fa1f]"
)
# UniDic lemmas of loanwords carry the source word: "カード-card".
_UNIDIC_LEMMA_SUFFIX = re.compile(r"-[A-Za-z][A-Za-z0-9_\-]*$")


def to_katakana(text: str) -> str:
    """Hiragana -> katakana (ぁ-ゖ, ゝゞ); other characters unchanged."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0x3041 <= code <= 0x3096 or code in (0x309D, 0x309E):
            out.append(chr(code + 0x60))
        else:
            out.append(ch)
    return "".join(out)


class _Morpheme(NamedTuple):
    start: int  # offset in the chunk given to the analyzer
    end: int
    surface: str
    normalized: str | None
    reading: str | None
    dictionary: str | None
    pos: str


class _SudachiAnalyzer:
    def __init__(self, split_mode: str) -> None:
        from sudachipy import Dictionary, SplitMode

        self._mode = getattr(SplitMode, split_mode)
        self._tokenizer = Dictionary(dict="core").create(self._mode)

    def analyze(self, text: str) -> list[_Morpheme]:
        return [
            _Morpheme(
                m.begin(),
                m.end(),
                m.surface(),
                m.normalized_form(),
                None if m.is_oov() else m.reading_form(),
                m.dictionary_form(),
                m.part_of_speech()[0],
            )
            for m in self._tokenizer.tokenize(text, self._mode)
        ]


class _FugashiAnalyzer:
    def __init__(self) -> None:
        import os

        import fugashi
        import unidic_lite

        # Name unidic-lite explicitly: a bare Tagger() would prefer the full
        # `unidic` package, whose dictionary must be downloaded separately.
        dicdir = unidic_lite.DICDIR
        mecabrc = os.path.join(dicdir, "mecabrc")
        self._tagger = fugashi.Tagger(f'-d "{dicdir}" -r "{mecabrc}"')

    def analyze(self, text: str) -> list[_Morpheme]:
        result = []
        cursor = 0
        for node in self._tagger(text):
            surface = node.surface
            cursor += len(node.white_space)
            if text[cursor : cursor + len(surface)] != surface:
                cursor = text.find(surface, cursor)
                if cursor < 0:  # cannot place it; never seen, be safe
                    logger.debug(f"fugashi surface {surface!r} not found")
                    break
            start, cursor = cursor, cursor + len(surface)
            feature = node.feature
            lemma = getattr(feature, "lemma", None)
            if lemma:
                lemma = _UNIDIC_LEMMA_SUFFIX.sub("", lemma) or lemma
            result.append(
                _Morpheme(
                    start,
                    cursor,
                    surface,
                    lemma,
                    getattr(feature, "kana", None),
                    getattr(feature, "orthBase", None),
                    node.pos.split(",")[0],
                )
            )
        return result


# Whitespace plus invisible separators (zero-width space, word joiner, BOM)
# that users paste along; none of them should become a token.
_RUN = re.compile("[^\\s\u200b\u2060\ufeff]+")


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, piece): the runs between separators, long runs cut up."""
    for match in _RUN.finditer(text):
        run, offset = match.group(), match.start()
        while len(run) > MAX_CHUNK_CHARS:
            cut = MAX_CHUNK_CHARS
            # Prefer cutting after punctuation in the second half of the window.
            for i in range(MAX_CHUNK_CHARS, MAX_CHUNK_CHARS // 2, -1):
                if run[i - 1] in _CUT_AFTER:
                    cut = i
                    break
            yield offset, run[:cut]
            run, offset = run[cut:], offset + cut
        yield offset, run


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class JapaneseTokenizer(Tokenizer):
    """Morphological tokenizer for Japanese with NFKC and lemma normalisation."""

    @staticmethod
    def supported_languages() -> list[str] | None:
        """Supported languages (see parent class for full docstring)."""
        return ["ja"]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Returns default config (see parent class for full docstring)."""
        return {
            # "sudachi" (SudachiPy + sudachidict_core) or "fugashi" (unidic-lite)
            "backend": "sudachi",
            # Sudachi only: A (short units) | B | C (long units).
            "sudachi_split_mode": "A",
            # What goes into Token.lemma: "normalized" (Sudachi normalized
            # form / UniDic lemma), "reading" (katakana), "surface" (NFKC
            # surface) or "dictionary" (dictionary form).
            # Defaults measured on 41 variant pairs (kana-only, okurigana,
            # width, typos): identical lemma sequences for sudachi/A/reading
            # 28, B 27, C 24; sudachi/A/normalized 20; surface 8.
            "lemma_form": "reading",
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """Packages of the default backend (fugashi is checked when used)."""
        return ["sudachipy", "sudachidict_core"]

    def __init__(self, config: dict[str, Any]) -> None:
        """Validates the config; the analyzer itself is created on first use."""
        config = {**self.get_default_config(), **(config or {})}
        super().__init__(config)
        self.backend = config["backend"]
        self.split_mode = str(config["sudachi_split_mode"]).upper()
        self.lemma_form = config["lemma_form"]
        if self.backend not in BACKENDS:
            raise InvalidConfigException(
                f"JapaneseTokenizer: backend must be one of {BACKENDS}, " f"got {self.backend!r}."
            )
        if self.split_mode not in SPLIT_MODES:
            raise InvalidConfigException(
                f"JapaneseTokenizer: sudachi_split_mode must be one of "
                f"{SPLIT_MODES}, got {config['sudachi_split_mode']!r}."
            )
        if self.lemma_form not in LEMMA_FORMS:
            raise InvalidConfigException(
                f"JapaneseTokenizer: lemma_form must be one of {LEMMA_FORMS}, " f"got {self.lemma_form!r}."
            )
        self._analyzer: Any = None
        # Sudachi's tokenizer must not be used by two threads at once.
        self._lock = threading.Lock()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JapaneseTokenizer:
        """Creates a new component (see parent class for full docstring)."""
        return cls(config)

    def _get_analyzer(self) -> Any:
        if self._analyzer is None:
            if self.backend == "sudachi":
                self._analyzer = _SudachiAnalyzer(self.split_mode)
            else:
                self._analyzer = _FugashiAnalyzer()
        return self._analyzer

    def _lemma(self, morpheme: _Morpheme, surface: str) -> str:
        # Latin, digits, symbols, emoji: keep the NFKC surface; readings like
        # エーティーエム for ATM would only split the vocabulary.
        if not _JAPANESE_CHAR.search(surface):
            return surface
        if self.lemma_form == "surface":
            return surface
        if self.lemma_form == "reading":
            return to_katakana(morpheme.reading or surface)
        if self.lemma_form == "dictionary":
            return morpheme.dictionary or surface
        return morpheme.normalized or surface

    def tokenize_text(self, text: str) -> list[Token]:
        """Tokenizes a plain string; offsets refer to this very string."""
        if not text or text.isspace():  # also None
            return []
        norm = normalize_with_offsets(text, "NFKC")
        spans: list[tuple[int, int]] = []
        infos: list[tuple[str, str]] = []  # (lemma, pos) per span
        with self._lock:
            analyzer = self._get_analyzer()
            for offset, chunk in _chunks(norm.text):
                for m in analyzer.analyze(chunk):
                    if m.end <= m.start:
                        continue
                    start, end = offset + m.start, offset + m.end
                    surface = norm.text[start:end]
                    if surface.isspace():
                        continue
                    spans.append((start, end))
                    infos.append((self._lemma(m, surface), m.pos))

        tokens = []
        for n_start, n_end, members in snap_spans(norm, spans):
            start, end = norm.to_original(n_start, n_end)
            lemma = "".join(infos[i][0] for i in members)
            tokens.append(
                Token(
                    text[start:end],
                    start,
                    end=end,
                    data={"pos": infos[members[0]][1]},
                    lemma=lemma,
                )
            )
        return tokens

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenizes the text of the provided attribute of the incoming message."""
        text = message.get(attribute)
        return self._apply_token_pattern(self.tokenize_text(text))

    def _apply_token_pattern(self, tokens: list[Token]) -> list[Token]:
        """Like Rasa's, but a token the pattern leaves whole keeps its lemma,
        and split pieces get their own NFKC text as lemma (Rasa's version
        gives every piece the lemma of the whole token)."""
        if not self.token_pattern_regex:
            return tokens
        final_tokens = []
        for token in tokens:
            pieces = [p for p in self.token_pattern_regex.findall(token.text) if p]
            if not pieces or pieces == [token.text]:
                final_tokens.append(token)
                continue
            running_offset = 0
            for piece in pieces:
                offset = token.text.index(piece, running_offset)
                running_offset = offset + len(piece)
                final_tokens.append(
                    Token(
                        piece,
                        token.start + offset,
                        end=token.start + running_offset,
                        data=dict(token.data),
                        lemma=normalize_with_offsets(piece).text,
                    )
                )
        return final_tokens
