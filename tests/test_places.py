"""The gazetteer a question's place anchors are checked against (assistant/text/places.py)."""
from __future__ import annotations

import pytest

from assistant.answer.question import analyse
from assistant.text.places import TABLE, known_place


@pytest.mark.parametrize("word", ["重庆", "重庆市", "万州", "酉阳", "宁夏", "新疆", "内蒙古", "老挝", "美国", "新加坡",
                                  "长三角", "东盟", "两江新区", "长江", "赤水河", "积石山"])
def test_divisions_countries_regions_and_words_with_a_place_ending_are_places(word: str) -> None:
    assert known_place(word)


@pytest.mark.parametrize("word", ["长大", "上台", "河水", "六楼", "城建", "沾边", "松口", "上市", "入市", "大城市",
                                  "特大城市", "都市区", "城中村", "自治县"])
def test_common_words_jieba_tags_as_places_and_kinds_of_place_are_not(word: str) -> None:
    assert not known_place(word)


def test_the_table_names_each_division_in_full_and_short() -> None:
    rows = dict(line.split("\t") for line in TABLE.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#"))
    assert rows["酉阳"] == rows["酉阳土家族苗族自治县"] == "酉阳土家族苗族自治县"
    assert rows["重庆"] == "重庆市" and len(rows) > 6000


@pytest.mark.parametrize(("question", "places"), [
    ("长江流过重庆的那一段，河水干净到什么程度？", ("长江", "重庆")),
    ("我家住老小区六楼没电梯，政府打算怎么解决？", ()),
    ("重庆实施意见里跟金融沾边的那项重大改革，原文是怎么提的？", ("重庆",)),
    ("我们县在渝东南山区，发布会上市发展改革委介绍城乡融合时提了什么？", ("东南",)),
    # a name or wider division written before the division asked is no anchor of its own; a river is no division
    ("山城重庆到2029年，城镇人口要占多大比例？", ("重庆",)),
    ("四川成都有什么改革试点？", ("成都",)),
    ("湖北长江干流水质怎么样？", ("湖北", "长江")),
])
def test_a_question_names_only_known_places_as_anchors(question: str, places: tuple[str, ...]) -> None:
    assert analyse(question).places == places
