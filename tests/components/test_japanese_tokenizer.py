"""Tests for components.japanese_tokenizer with the real Sudachi / fugashi."""

import ast
import unicodedata
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import components.japanese_tokenizer as jt
from components.japanese_tokenizer import MAX_CHUNK_CHARS, JapaneseTokenizer

ALPHABET = (
    "あいかがっーをんアカガパヴヵヶ保険証暗号番々〆"
    "ｱｶｸﾊｰﾞﾟｧ０１４９ＡＢａｂ0149ABab①⑩㍻㍼㍿㌔㈱№Ⅻﬁ"
    "、。！？「」・…〜～－ "
    "　\t\n😀👍🏻❤️\u0301\u3099゛゜e\u200b"
)

OFFSET_CASES = [
    "ｶｰﾄﾞをなくしました",
    "ﾏｲﾅ保険証のｶｰﾄﾞﾘｰﾀﾞｰが壊れた",
    "暗証番号は４桁ですか？１２３４じゃない",
    "😀マイナ保険証👍🏻使えた❤️",
    "マイナ　保険証 を\tなくした\n どうしよ  ",
    "㍻３１年に作った①のカード、㍿の窓口で",
    "ＡＴＭで１２桁のマイナンバーを入力",
    "ｶﾞｲﾄﾞﾌﾞｯｸ",
    "か\u3099いと\u3099",  # decomposed が / ど
    "なくしてもうたんやけど、どないしたらええの",
    "  先頭と末尾に空白  ",
    "ﬁle ㈱ ㌔ №1 Ⅻ",
    "A",
    "。",
]


def make_tokenizer(**config):
    return JapaneseTokenizer({**JapaneseTokenizer.get_default_config(), **config})


@pytest.fixture(scope="module")
def sudachi():
    return make_tokenizer()


@pytest.fixture(scope="module")
def fugashi():
    return make_tokenizer(backend="fugashi")


@pytest.fixture(scope="module", params=["sudachi", "fugashi"])
def any_backend(request, sudachi, fugashi):
    return {"sudachi": sudachi, "fugashi": fugashi}[request.param]


def tokens_of(tk, text):
    return tk.tokenize(Message(data={TEXT: text}), TEXT)


def lemmas(tk, text):
    return [t.lemma for t in tokens_of(tk, text)]


def assert_offsets_valid(text, tokens):
    previous_end = 0
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end, "tokens overlap or are unsorted"
        assert token.text.strip(), "whitespace became a token"
        assert token.lemma
        previous_end = token.end
    # Every visible character belongs to a token.
    covered = set()
    for token in tokens:
        covered.update(range(token.start, token.end))
    for i, char in enumerate(text):
        invisible = unicodedata.normalize("NFKC", char).isspace() or char == "\u200b"
        assert invisible or i in covered, f"{char!r} at {i} not in any token"


# --- registration, config, laziness ---------------------------------------


def test_registered_as_untrainable_message_tokenizer():
    registered = DefaultV1Recipe._from_registry("components.japanese_tokenizer.JapaneseTokenizer")
    assert registered.clazz is JapaneseTokenizer
    assert registered.types == {DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER}
    assert registered.is_trainable is False


def test_defaults():
    config = JapaneseTokenizer.get_default_config()
    assert config["backend"] == "sudachi"
    assert config["sudachi_split_mode"] == "A"
    assert config["lemma_form"] == "reading"
    assert config["intent_tokenization_flag"] is False


@pytest.mark.parametrize("bad", [{"backend": "mecab"}, {"sudachi_split_mode": "D"}, {"lemma_form": "kanji"}])
def test_invalid_config_is_rejected(bad):
    with pytest.raises(InvalidConfigException):
        make_tokenizer(**bad)


def test_module_imports_no_analyzer_at_top_level():
    # Importing the module must stay cheap: sudachipy / fugashi / unidic_lite
    # may only be imported inside functions.
    tree = ast.parse(Path(jt.__file__).read_text(encoding="utf-8"))
    top_level = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top_level.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            top_level.add(node.module.split(".")[0])
    assert not top_level & {"sudachipy", "fugashi", "unidic_lite", "sudachidict_core"}


@pytest.mark.parametrize("backend", ["sudachi", "fugashi"])
def test_analyzer_is_created_lazily_once(backend):
    tk = make_tokenizer(backend=backend)
    assert tk._analyzer is None
    tk.tokenize_text("カードをなくした")
    analyzer = tk._analyzer
    assert analyzer is not None
    tk.tokenize_text("もう一度")
    assert tk._analyzer is analyzer


# --- offsets ----------------------------------------------------------------


@pytest.mark.parametrize("text", OFFSET_CASES)
def test_offsets_point_into_original_text(any_backend, text):
    assert_offsets_valid(text, tokens_of(any_backend, text))


def test_half_width_kana_token_keeps_original_text(sudachi):
    tokens = tokens_of(sudachi, "ｶｰﾄﾞをなくしました")
    assert (tokens[0].text, tokens[0].start, tokens[0].end) == ("ｶｰﾄﾞ", 0, 4)
    assert tokens[0].lemma == "カード"
    assert tokens[1].start == 4


def test_split_inside_expanded_character_is_merged(sudachi):
    # NFKC: ㍿ -> 株式会社, which Sudachi splits; one original char, one token.
    tokens = tokens_of(sudachi, "㍿です")
    assert [t.text for t in tokens] == ["㍿", "です"]
    assert tokens[0].lemma == "カブシキガイシャ"  # 株式 + 会社, joined
    assert (tokens[0].start, tokens[0].end) == (0, 1)


def test_whitespace_is_never_a_token(any_backend):
    text = " マイナ\u3000保険証\t\nを\u200bなくした "
    tokens = tokens_of(any_backend, text)
    assert [t.text for t in tokens][:3] == ["マイナ", "保険", "証"]
    assert_offsets_valid(text, tokens)


def test_pos_is_stored_in_token_data(sudachi):
    tokens = tokens_of(sudachi, "カードをなくした")
    assert tokens[0].get("pos") == "名詞"
    assert tokens[1].get("pos") == "助詞"


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=30))
def test_offsets_property_sudachi(sudachi, text):
    assert_offsets_valid(text, tokens_of(sudachi, text))


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=30))
def test_offsets_property_fugashi(fugashi, text):
    assert_offsets_valid(text, tokens_of(fugashi, text))


# --- empty and very long input ----------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\u3000\t\n"])
def test_empty_or_blank_text_gives_no_tokens(any_backend, text):
    assert tokens_of(any_backend, text) == []
    message = Message(data={TEXT: text})
    any_backend.process([message])
    assert message.get(TOKENS_NAMES[TEXT]) == []


SENTENCE = "昭和３０年生まれの母のﾏｲﾅ保険証を引越しのときに紛失してしまいました。"


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE * (5000 // len(SENTENCE) + 1),  # > 5,000 chars, punctuation
        "ほけんしょう" * 1000,  # 6,000 chars, no place to cut nicely
        "ｶｰﾄﾞ" * 1500,  # half-width: 6,000 chars, 3,000 after NFKC
    ],
    ids=["sentences", "no-punctuation", "half-width"],
)
def test_long_text_is_chunked_safely(any_backend, text):
    assert len(text) >= 5000
    tokens = tokens_of(any_backend, text)
    assert_offsets_valid(text, tokens)
    assert tokens[-1].end == len(text)


def test_text_over_sudachi_byte_limit(sudachi):
    # Sudachi refuses single inputs over ~49 KB; this is ~200 KB.
    text = SENTENCE * 2000
    tokens = tokens_of(sudachi, text)
    assert tokens[-1].end == len(text)
    assert tokens[0].text == "昭和"


def test_chunks_respect_limit_and_tile_the_runs():
    text = ("あ" * 1500 + "。") * 3 + " " + "い" * 2500
    pieces = list(jt._chunks(text))
    assert all(0 < len(piece) <= MAX_CHUNK_CHARS for _, piece in pieces)
    assert all(text[off : off + len(piece)] == piece for off, piece in pieces)
    assert sum(len(piece) for _, piece in pieces) == len(text) - 1  # minus space
    # cut after 。 when there is one in the window
    assert any(piece.endswith("。") for _, piece in pieces)


# --- lemma normalisation ----------------------------------------------------

# Variants that get identical lemma SEQUENCES with the default config.
SAME_LEMMAS = [
    ("引越し", "引っ越し"),
    ("受付", "受け付け"),
    ("ＡＴＭ", "ATM"),
    ("４桁", "4桁"),
    ("ｶｰﾄﾞ", "カード"),
    ("ｽﾏﾎ", "スマホ"),
    ("ﾏｲﾅ保険証", "マイナ保険証"),
    ("令和７年", "令和7年"),
    ("保険証", "ほけんしょう"),
    ("暗証番号", "あんしょうばんごう"),
    ("有効期限", "ゆうこうきげん"),
    ("資格確認書", "しかくかくにんしょ"),
    ("申込み", "申し込み"),
    ("問合せ", "問い合わせ"),
    ("手続", "手続き"),
    ("取扱い", "取り扱い"),
    ("無くした", "なくした"),
    ("マイナ保健証", "マイナ保険証"),  # common typo
    ("暗唱番号", "暗証番号"),  # wrong kanji conversion
]

# Kana-only spellings the analyzer segments differently: the lemma sequences
# differ, but their concatenation (what char n-grams see) is the same.
SAME_JOINED_READING = [
    ("カード", "かーど"),
    ("紛失", "ふんしつ"),
    ("顔認証", "かおにんしょう"),
    ("マイナンバー", "まいなんばー"),
    ("マイナ保険証", "まいなほけんしょう"),
    ("電子証明書", "でんししょうめいしょ"),
    ("顔にんしょう", "顔認証"),
]


@pytest.mark.parametrize("a, b", SAME_LEMMAS)
def test_variants_get_identical_lemmas(sudachi, a, b):
    assert lemmas(sudachi, a) == lemmas(sudachi, b)


@pytest.mark.parametrize("a, b", SAME_LEMMAS[:8])
def test_variants_get_identical_lemmas_in_a_sentence(sudachi, a, b):
    template = "{}について教えてください"
    assert lemmas(sudachi, template.format(a)) == lemmas(sudachi, template.format(b))


@pytest.mark.parametrize("a, b", SAME_JOINED_READING)
def test_kana_spellings_share_the_joined_reading(sudachi, a, b):
    assert "".join(lemmas(sudachi, a)) == "".join(lemmas(sudachi, b))


@pytest.mark.parametrize(
    "a, b",
    [
        ("引越し", "引っ越し"),
        ("受付", "受け付け"),
        ("ＡＴＭ", "ATM"),
        ("４桁", "4桁"),
        ("ｶｰﾄﾞ", "カード"),
        ("申込み", "申し込み"),
    ],
)
def test_fugashi_variants_get_identical_lemmas(fugashi, a, b):
    assert lemmas(fugashi, a) == lemmas(fugashi, b)


def test_lemma_forms():
    text = "ｶｰﾄﾞを引越しで紛失"
    expected = {
        "surface": ["カード", "を", "引越し", "で", "紛失"],
        "normalized": ["カード", "を", "引っ越し", "で", "紛失"],
        "reading": ["カード", "ヲ", "ヒッコシ", "デ", "フンシツ"],
        "dictionary": ["カード", "を", "引越し", "で", "紛失"],
    }
    for form, lemma_list in expected.items():
        assert lemmas(make_tokenizer(lemma_form=form), text) == lemma_list, form


def test_fugashi_normalized_lemma_drops_unidic_loanword_suffix(fugashi):
    tk = make_tokenizer(backend="fugashi", lemma_form="normalized")
    assert lemmas(tk, "カード") == ["カード"]  # UniDic lemma is "カード-card"


def test_latin_and_digits_keep_their_nfkc_surface(sudachi):
    # Not エーティーエム / ヨン: keep ASCII as typed (NFKC'd).
    assert lemmas(sudachi, "ＡＴＭ４") == ["ATM", "4"]


def test_variants_give_identical_count_vector_features(sudachi, tmp_path):
    """End to end: CountVectorsFeaturizer (use_lemma) sees the same words."""
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), uuid.uuid4().hex)
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config()},
        storage,
        Resource("cvf"),
        context,
    )
    train = TrainingData(
        [
            Message(data={TEXT: "マイナ保険証を引っ越しでなくした", INTENT: "lost_card"}),
            Message(data={TEXT: "ATMで4桁の暗証番号", INTENT: "pin_forgotten"}),
        ]
    )
    sudachi.process_training_data(train)
    featurizer.train(train)
    a = Message(data={TEXT: "ﾏｲﾅ保険証を引越しでなくした、ＡＴＭで４桁"})
    b = Message(data={TEXT: "マイナ保険証を引っ越しでなくした、ATMで4桁"})
    featurizer.process(sudachi.process([a, b]))
    _, sentence_a = a.get_sparse_features(TEXT)
    _, sentence_b = b.get_sparse_features(TEXT)
    assert sentence_a.features.nnz > 0
    assert (sentence_a.features != sentence_b.features).nnz == 0


# --- intent tokenization and token_pattern ----------------------------------


@pytest.mark.parametrize(
    "flag, symbol, intent, expected",
    [
        (True, "_", "lost_card", ["lost", "card"]),
        (False, "_", "lost_card", ["lost_card"]),
        (True, "+", "face_auth+failed", ["face_auth", "failed"]),
    ],
)
def test_intent_tokenization_flag(flag, symbol, intent, expected):
    tk = make_tokenizer(intent_tokenization_flag=flag, intent_split_symbol=symbol)
    message = Message(data={TEXT: "カードをなくした", INTENT: intent})
    tk.process_training_data(TrainingData([message]))
    assert [t.text for t in message.get(TOKENS_NAMES[INTENT])] == expected
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])][:2] == ["カード", "を"]


def test_token_pattern_splits_and_keeps_offsets():
    tk = make_tokenizer(token_pattern=r"\w")
    text = "ﾏｲﾅ 保険証"  # Sudachi: ﾏｲﾅ | 保険 | 証
    tokens = tokens_of(tk, text)
    assert [t.text for t in tokens] == ["ﾏ", "ｲ", "ﾅ", "保", "険", "証"]
    assert_offsets_valid(text, tokens)
    # split pieces get their NFKC text; a token left whole keeps its reading
    assert [t.lemma for t in tokens] == ["マ", "イ", "ナ", "保", "険", "ショウ"]


# --- persistence via the graph-component API --------------------------------


PERSIST_TEXTS = OFFSET_CASES + ["引越しで受付に行ったら暗証番号を聞かれた"]


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"backend": "fugashi"},
        {"sudachi_split_mode": "C", "lemma_form": "normalized"},
    ],
    ids=["default", "fugashi", "sudachi-C-normalized"],
)
def test_create_and_load_tokenize_identically(tmp_path, config):
    config = {**JapaneseTokenizer.get_default_config(), **config}
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("japanese_tokenizer")
    context = ExecutionContext(GraphSchema({}), uuid.uuid4().hex)

    created = JapaneseTokenizer.create(config, storage, resource, context)
    loaded = JapaneseTokenizer.load(config, storage, resource, context)
    # A fresh, empty storage (nothing was persisted) must load as well.
    other = JapaneseTokenizer.load(config, LocalModelStorage(tmp_path / "other"), resource, context)

    assert isinstance(loaded, JapaneseTokenizer)
    for text in PERSIST_TEXTS:
        expected = [(t.text, t.start, t.end, t.lemma, t.data) for t in tokens_of(created, text)]
        for instance in (loaded, other):
            got = [(t.text, t.start, t.end, t.lemma, t.data) for t in tokens_of(instance, text)]
            assert got == expected
