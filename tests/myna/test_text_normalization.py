import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myna.text_normalization import normalize_with_offsets, snap_spans

# Characters that change under NFKC (width, compatibility, composition)
# mixed with ones that do not.
ALPHABET = (
    "あいかがっーをんアカガパヴヵヶ保険証暗号々〆"
    "ｱｶｸﾊｰﾞﾟｧ０１４９ＡＢａｂ0149ABab①⑩㍻㍼㍿㌔㈱№Ⅻﬁ"
    "、。！？「」・…〜～－ "
    "　\t\n😀👍🏻❤️\u0301\u0323\u3099\u309a゛゜e"
)


def clusters(norm):
    """Boundary-to-boundary spans of the normalised text."""
    edges = [i for i, b in enumerate(norm.boundaries) if b]
    return list(zip(edges, edges[1:], strict=False))


def test_already_normalised_text_maps_to_itself():
    norm = normalize_with_offsets("マイナ保険証をなくした")
    assert norm.text == "マイナ保険証をなくした"
    assert norm.starts == tuple(range(11))
    assert norm.ends == tuple(range(1, 12))
    assert all(norm.boundaries)


def test_empty_string():
    norm = normalize_with_offsets("")
    assert norm.text == ""
    assert norm.boundaries == (True,)
    assert norm.to_original(0, 0) == (0, 0)


def test_half_width_katakana_with_voiced_mark_is_one_cluster():
    norm = normalize_with_offsets("ｶｰﾄﾞ")
    assert norm.text == "カード"
    # ﾄ + ﾞ (2 chars) became ド (1 char)
    assert norm.starts == (0, 1, 2)
    assert norm.ends == (1, 2, 4)
    assert norm.to_original(0, 3) == (0, 4)
    assert norm.to_original(2, 3) == (2, 4)


def test_full_width_digits_and_letters_keep_length():
    norm = normalize_with_offsets("ＡＴＭで４桁")
    assert norm.text == "ATMで4桁"
    assert norm.to_original(4, 5) == (4, 5)


def test_expanding_characters_map_to_whole_source():
    norm = normalize_with_offsets("㍻３年①")
    assert norm.text == "平成3年1"
    assert norm.to_original(0, 2) == (0, 1)
    # "成" alone cannot be placed more precisely than the whole ㍻
    assert norm.to_original(1, 2) == (0, 1)
    assert norm.boundaries == (True, False, True, True, True, True)


def test_combining_marks_compose():
    norm = normalize_with_offsets("か\u3099き")  # か + combining dakuten
    assert norm.text == "がき"
    assert norm.to_original(0, 1) == (0, 2)
    assert norm.to_original(1, 2) == (2, 3)


def test_to_original_rejects_out_of_range():
    norm = normalize_with_offsets("ｶｰﾄﾞ")
    with pytest.raises(ValueError):
        norm.to_original(0, 4)
    with pytest.raises(ValueError):
        norm.to_original(2, 1)


def test_snap_spans_merges_spans_that_cut_a_cluster():
    norm = normalize_with_offsets("㍿です")  # -> 株式会社です
    spans = [(0, 2), (2, 4), (4, 6)]  # 株式 | 会社 | です
    assert snap_spans(norm, spans) == [(0, 4, [0, 1]), (4, 6, [2])]


def test_snap_spans_keeps_aligned_spans():
    norm = normalize_with_offsets("ｶｰﾄﾞを")
    assert snap_spans(norm, [(0, 3), (3, 4)]) == [(0, 3, [0]), (3, 4, [1])]


def test_snap_spans_widens_span_starting_inside_cluster():
    # ゛ (U+309B) -> " " + U+3099: a tokenizer that skips the space starts
    # at index 1, inside the cluster.
    norm = normalize_with_offsets("゛あ")
    assert norm.text == " \u3099あ"
    assert snap_spans(norm, [(1, 3)]) == [(0, 3, [0])]
    assert norm.to_original(0, 3) == (0, 2)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_offset_map_invariants(text):
    norm = normalize_with_offsets(text)
    assert norm.text == unicodedata.normalize("NFKC", text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    assert len(norm.boundaries) == len(norm.text) + 1
    assert list(norm.starts) == sorted(norm.starts)
    # Every cluster normalises, on its own, to exactly its output text.
    pieces = []
    for start, end in clusters(norm):
        o_start, o_end = norm.to_original(start, end)
        assert unicodedata.normalize("NFKC", text[o_start:o_end]) == norm.text[start:end]
        pieces.append(text[o_start:o_end])
    # ... and the clusters tile the original text.
    assert "".join(pieces) == text
