"""Similar messages sit together; identical ones (width, case, spaces, punctuation) are one."""

from staff.grouping import LOW_CONFIDENCE, NOT_UNDERSTOOD, group_similar, merge_identical


def test_identical_messages_are_one_row_with_the_sum_of_their_counts():
    (message,) = merge_identical(
        [
            ("ＡＴＭで使える？", NOT_UNDERSTOOD, "where_usable", 2, "r1"),
            ("atm で使える", LOW_CONFIDENCE, "where_usable", 3, "r2"),
        ]
    )
    assert message.count == 5 and message.kinds == {NOT_UNDERSTOOD: 2, LOW_CONFIDENCE: 3}
    assert message.text == "ＡＴＭで使える？" and message.conversation_ref == "r1"


def test_similar_messages_share_a_group_and_the_largest_group_comes_first():
    messages = merge_identical(
        [
            ("駐車場はありますか", NOT_UNDERSTOOD, None, 1, "a"),
            ("カードをなくしました", NOT_UNDERSTOOD, "lost_card", 3, "b"),
            ("カードをなくしてしまいました", NOT_UNDERSTOOD, "lost_card", 1, "c"),
            ("病院の駐車場はありますか", NOT_UNDERSTOOD, None, 1, "d"),
            ("ぴよぴよ", NOT_UNDERSTOOD, None, 1, "e"),
        ]
    )
    groups = group_similar(messages, limit=100)
    assert [[m.text for m in g.messages] for g in groups] == [
        ["カードをなくしました", "カードをなくしてしまいました"],
        ["病院の駐車場はありますか", "駐車場はありますか"]
        if groups[1].messages[0].text.startswith("病院")
        else ["駐車場はありますか", "病院の駐車場はありますか"],
        ["ぴよぴよ"],
    ]
    assert [g.count for g in groups] == [4, 2, 1] and [g.number for g in groups] == [1, 2, 3]


def test_only_the_most_frequent_messages_are_kept():
    messages = merge_identical([(f"質問{i}", NOT_UNDERSTOOD, None, i, "r") for i in range(1, 6)])
    kept = [m.text for g in group_similar(messages, limit=2) for m in g.messages]
    assert sorted(kept) == ["質問4", "質問5"]
