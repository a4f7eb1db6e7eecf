"""Colloquial question words (为啥, 啥时候, 咋; Sichuan 啥子, 好多; Cantonese 几多, 边度) in their written forms
(为什么, 什么时候, 怎么), and 咱们国家 as 我国.

People type questions the way they speak (超长期特别国债是啥, 为啥定在76%); the question analysis reads
the written words that policy documents and most questions use. Only question words are rewritten, the
longest first, so the rest of the question stays the user's own. A table, not a library: the few words
are fixed and none of the segmenters maps them.
"""

from __future__ import annotations

import re

WRITTEN = {
    "为啥": "为什么", "为嘛": "为什么", "凭啥": "凭什么",
    "啥时候": "什么时候", "啥时侯": "什么时候", "啥时": "什么时候", "多会儿": "什么时候",
    "什么时侯": "什么时候",  # 侯 for 候: a common typo of the question word
    "咋样": "怎样", "咋办": "怎么办", "咋": "怎么",
    "啥": "什么",
    # Sichuan and Chongqing speech: 啥子 (什么), 咋个 (怎么), 没得 (没有)
    "啥子": "什么", "咋个": "怎么", "咋子": "怎么", "没得": "没有",
    # Cantonese question words, as OpenCC's t2s leaves them (幾多 -> 几多, 喺邊度 -> 喺边度)
    "几多": "多少", "几时": "什么时候", "边度": "哪里", "边个": "谁", "边一": "哪一", "点样": "怎样", "点解": "为什么",
    "乜嘢": "什么", "系咪": "是不是", "系边": "是哪", "喺": "在", "嘅": "的", "冇": "没有",
    # our country, as the documents write it (咱们国家经济总量 -> 我国经济总量: 国家 is no thing counted)
    "咱们国家": "我国", "我们国家": "我国", "咱国": "我国",
}
_COLLOQUIAL = re.compile("|".join(sorted(WRITTEN, key=len, reverse=True)))
# 好多 asks how much after a verb, at the end of the question (幅度是好多, 要扩大到好多, 新增好多个工作岗位哦？) or of a clause asked
# with a question mark, the thing counted between (每亩提高到好多钱？我们村正在申报, 每亩要出好多保费？); at the
# start of a clause or before a longer phrase it says "many" (好多企业说贷款难, 最近好多农村老人打电话问).
_HOW_MUCH = re.compile(r"(?<=[是有到为达了出交补花给拿增])好多(?=[\u4e00-\u9fff]{0,6}[？?]|(?:钱|人|个|项|条)?[。！!]*$)")


# 那 typed for 哪 (same sound), read so only where "that year" cannot be meant: a verb of getting something
# done, then the end of the question (应急体系那年建成)
_WHICH_YEAR = re.compile(r"那(?=一?年(?:能|要|可以|才)?(?:建成|完成|实现|出台|启动|开始|召开|印发|设立|通过)[？?。！!]*$)")


def written(question: str) -> str:
    """`question` with its colloquial question words in their written forms (为啥定在76% -> 为什么定在76%)."""
    return _WHICH_YEAR.sub("哪", _HOW_MUCH.sub("多少", _COLLOQUIAL.sub(lambda m: WRITTEN[m.group(0)], question)))
