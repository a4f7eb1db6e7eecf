"""Is a word a place? jieba tags many common words as place names (ns): 长大, 上台, 河水, 六楼, 沾边,
松口. A question's place anchor must be one the answer has to name, so only a known place counts:
a division of China or a country (`places.tsv`, built by scripts/build_places.py), a region of
`REGIONS`, or a word with a place's ending (两江新区, 城中村, 长江, 积石山)."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("places.tsv")

# Regions of the world and of China, named in the documents' way (长三角, 东盟); hand-listed, since
# no gazetteer lists them.
REGIONS = frozenset({
    "亚洲", "欧洲", "非洲", "美洲", "北美", "南美", "拉美", "拉丁美洲", "大洋洲", "中东", "中亚", "西亚", "南亚",
    "东亚", "东南亚", "东北亚", "东盟", "欧盟", "长三角", "珠三角", "京津冀", "成渝", "粤港澳", "大湾区",
    "东北", "西北", "西南", "东南", "华北", "华东", "华南", "华中", "中原", "港澳", "港澳台", "两岸",
})
# A division named with its level (…新区, …镇), three characters or more so that 上市, 入市, 大县
# are not read as places; or a river, lake or mountain (长江, 赤水河, 积石山).
# Not 大城市, 都市区, 城中村 or a level alone (自治县): kinds of place, not places.
_LEVEL = re.compile(r"(?!.*(?:城市|都市|城中村)|自治[区州县旗]$).{2,}(?:省|市|县|区|镇|乡|村|州|旗|盟|街道)|.+(?:江|河|湖|山)")


@cache
def _known() -> frozenset[str]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t", 1)[0] for line in lines if line and not line.startswith("#"))


def known_place(word: str) -> bool:
    """Is `word` a known place (重庆, 酉阳, 老挝, 长三角, 两江新区, 长江), not a common word jieba
    tags as one (长大, 河水, 六楼)?"""
    return word in _known() or word in REGIONS or bool(_LEVEL.fullmatch(word))


def division(word: str) -> bool:
    """Is `word` a division of China or a country in `places.tsv` (重庆, 成都), not a region or a river (长江)?"""
    return word in _known()
