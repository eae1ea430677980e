"""Where a message may be cut into concerns (components/clauses.py), on real tokens."""

import pytest

from components.clauses import clause_starts
from components.japanese_tokenizer import JapaneseTokenizer

TOKENIZER = JapaneseTokenizer(
    {**JapaneseTokenizer.get_default_config(), "backend": "sudachi", "sudachi_split_mode": "A", "lemma_form": "reading"}
)


def cut(text):
    tokens = TOKENIZER.tokenize_text(text)
    pairs = [(t.text, t.get("pos")) for t in tokens]
    return [("".join(t for t, _ in pairs[s.index :]), s.marked) for s in clause_starts(pairs)]


@pytest.mark.parametrize(
    "text, clause, marked",
    [
        ("カードをなくして、暗証番号も忘れました", "暗証番号も忘れました", False),  # 〜て、
        ("カードを落としたし顔認証もできへん", "顔認証もできへん", True),  # 〜し adds a point
        ("証明書の期限が近いうえに写真も古い", "写真も古い", True),  # 〜うえに: besides
        ("字が小さい上に、操作もわからない", "操作もわからない", True),
        ("財布を盗まれました。あと資格確認書はいつ届きますか", "あと資格確認書はいつ届きますか", True),
        ("登録の方法とそれと解除のしかた", "それと解除のしかた", True),  # before a connective
        ("カードの有効期限と電子証明書の更新場所", "電子証明書の更新場所", False),  # noun と noun
        ("保険証や診察券を持っていきます", "診察券を持っていきます", False),  # noun や noun
        ("登録の方法と、解除のしかたを教えて", "解除のしかたを教えて", True),  # a punctuated list
        ("届くのか、届かないのか知りたい", "届かないのか知りたい", True),  # 〜か、〜か
    ],
)
def test_cuts_after_conjunctions_punctuation_and_before_connectives(text, clause, marked):
    assert (clause, marked) in cut(text)


def test_no_cut_inside_a_plain_question():
    assert cut("マイナ保険証のメリットは何ですか") == []


@pytest.mark.parametrize(
    "text, clause",
    [
        ("窓口に電話すると、すぐつながりました", "すぐつながりました"),  # と after a verb: no list
        ("今日は、カードを持っていません", "カードを持っていません"),
    ],
)
def test_a_comma_that_ends_no_list_is_not_marked(text, clause):
    assert (clause, False) in cut(text)


@pytest.mark.parametrize(
    "text, clause, reason",
    [
        ("期限が切れたので、何を見せればいいですか", "何を見せればいいですか", True),  # 〜ので
        ("使えなくなったから窓口に行きます", "窓口に行きます", True),  # a predicate's 〜から
        ("海外から、電話できますか", "電話できますか", False),  # から of a place
        ("カードをなくして、暗証番号も忘れました", "暗証番号も忘れました", False),
    ],
)
def test_a_clause_after_a_reason_is_told(text, clause, reason):
    tokens = [(t.text, t.get("pos")) for t in TOKENIZER.tokenize_text(text)]
    starts = {"".join(t for t, _ in tokens[s.index :]): s.reason for s in clause_starts(tokens)}
    assert starts[clause] is reason


def test_no_cut_at_a_place_on_top():
    assert cut("机の上に置いたままでした") == []


def test_no_cut_at_a_to_after_a_verb():
    assert cut("相談するとすぐ分かりました") == []


def test_never_at_the_first_token():
    assert all(s.index > 0 for s in clause_starts([("。", "補助記号"), ("カード", "名詞")]))
