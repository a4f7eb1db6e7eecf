"""Words typed by sound (voice or pinyin input) read as the library's own words, with real jieba and pypinyin."""

from __future__ import annotations

import pytest

from assistant.text.homophones import Homophones

# library words as the keyword index holds them, with the number of passages holding each
LIBRARY = Homophones.from_terms([("政府", 40), ("三中全会", 12), ("全会", 15), ("公报", 8), ("意见", 9), ("社保", 5), ("城镇化率", 4),
                                 ("发展史", 3), ("王志杰", 6), ("一是", 30), ("分级", 4), ("市委", 20), ("政付", 1)])


@pytest.mark.parametrize(("question", "read", "pairs"), [
    ("请问一下2024年正府工作报告定的增长目标是多少", "请问一下2024年政府工作报告定的增长目标是多少", [("正府", "政府")]),
    ("三中全汇出席的中央委员有多少人", "三中全会出席的中央委员有多少人", [("全汇", "全会")]),
    ("三中全会公宝里有没有提到", "三中全会公报里有没有提到", [("公宝", "公报")]),
    ("重庆到2029年常住人口城真化率要到多少", "重庆到2029年常住人口城镇化率要到多少", [("城真化率", "城镇化率")]),
])
def test_a_word_typed_by_sound_is_read_as_the_library_word_one_character_apart(
        question: str, read: str, pairs: list[tuple[str, str]]) -> None:
    assert LIBRARY.read(question) == (read, pairs)


@pytest.mark.parametrize("question", [
    "发展是什么",  # 发展 is a dictionary word: 发展是 is no 发展史
    "王志洁讲了什么",  # a name: not made into the library's 王志杰
    "常听上头讲三医是哪三个",  # 医是 holds a function word
    "决定分几大板块",  # 几 asks
    "市卫健委的负责人讲了什么",  # 市卫 is part of 市卫健委
    "我是乡镇社保所的",  # 所的 holds a function word
])
def test_words_typed_as_meant_and_names_are_left_alone(question: str) -> None:
    assert LIBRARY.read(question) == (question, [])


def test_a_library_word_in_one_passage_is_no_reading_and_an_empty_library_reads_nothing() -> None:
    assert "政付" not in LIBRARY.passages  # one passage: it may itself be a typo
    assert Homophones.from_terms([]).read("正府工作报告") == ("正府工作报告", [])
