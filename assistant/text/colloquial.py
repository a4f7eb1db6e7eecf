"""Colloquial question words (为啥, 啥时候, 咋; Sichuan 啥子, 好多; Cantonese 几多, 边度) in their written forms
(为什么, 什么时候, 怎么), and 咱们国家 as 我国.

People type questions the way they speak (超长期特别国债是啥, 为啥定在76%); the question analysis reads
the written words that policy documents and most questions use. Only question words are rewritten, the
longest first, so the rest of the question stays the user's own; a question holding a character only Cantonese
uses also has its Cantonese words read in Mandarin (`CANTONESE`). A table, not a library: the few words
are fixed and none of the segmenters maps them.
"""

from __future__ import annotations

import re

WRITTEN = {
    "为啥": "为什么", "为嘛": "为什么", "凭啥": "凭什么",
    "啥时候": "什么时候", "啥时侯": "什么时候", "啥时": "什么时候", "多会儿": "什么时候",
    "什么时侯": "什么时候",  # 侯 for 候: a common typo of the question word
    # the same sound typed for the words that ask to check a claim (对不队, 核时一下, 我记的是36项)
    "对不队": "对不对", "核时一下": "核实一下", "我记的": "我记得",
    "咋样": "怎样", "咋办": "怎么办", "咋": "怎么",
    "啥": "什么",
    # Sichuan and Chongqing speech: 啥子 (什么), 咋个 (怎么), 没得 (没有)
    "啥子": "什么", "咋个": "怎么", "咋子": "怎么", "没得": "没有",
    # Cantonese question words, as OpenCC's t2s leaves them (幾多 -> 几多, 喺邊度 -> 喺边度)
    "几多": "多少", "几时": "什么时候", "边度": "哪里", "边个": "谁", "边一": "哪一", "点样": "怎样", "点解": "为什么",
    "乜嘢": "什么", "系咪": "是不是", "系边个": "是谁", "系边": "是哪", "喺": "在", "嘅": "的", "冇": "没有",
    # our country, as the documents write it (咱们国家经济总量 -> 我国经济总量: 国家 is no thing counted)
    "咱们国家": "我国", "我们国家": "我国", "咱国": "我国",
}
_COLLOQUIAL = re.compile("|".join(sorted(WRITTEN, key=len, reverse=True)))
# 好多 asks how much after a verb, at the end of the question (幅度是好多, 要扩大到好多, 新增好多个工作岗位哦？) or of a clause asked
# with a question mark, the thing counted between (每亩提高到好多钱？我们村正在申报, 每亩要出好多保费？); at the
# start of a clause or before a longer phrase it says "many" (好多企业说贷款难, 最近好多农村老人打电话问). After 一共 or
# 总共, before a measure word, it asks how many (一共好多个部分，…); so does 定的好多 ending the question (目标定的好多).
_HOW_MUCH = re.compile(r"(?<=[是有到为达了出交补花给拿增发领收涨降减])好多(?=[\u4e00-\u9fff]{0,6}[？?]|(?:钱|人|个|项|条)?[。！!]*$)"
                       r"|(?<=[一总]共)好多(?=[个项条张次人家份块部章节篇]|[。！!]*$)"
                       r"|好多(?=钱[哦呢啊嘛]?[？?])"  # 每个月好多钱？: money asked, whatever comes before
                       r"|(?<=[定设订提]的)好多(?=[哦呢啊嘛哈]?[？?。！!]*$)")  # GDP增长目标定的好多: what was set, asked


# Sichuan 好久 asks when before a verb of taking place or getting done (条例好久正式施行, 全会是好久开的, 好久之前搞完)
# or at the end of the question; before 的 or after a verb it says "a long time" (扯了好久的皮, 等了好久)
_WHEN = re.compile(r"(?<![了得等过])好久(?=[开能才会要出召举施实正全建之启结完]|[哦嘛呢啊]?[？?]?$)")


# 那 typed for 哪 (same sound), read so only where "that year" cannot be meant: a verb of getting something
# done, then the end of the question (应急体系那年建成)
_WHICH_YEAR = re.compile(r"那(?=一?年(?:能|要|可以|才)?(?:建成|完成|实现|出台|启动|开始|召开|印发|设立|通过)[？?。！!]*$)")


# 哪个 right before a verb of speaking or of being in charge asks who (是哪个讲的, 哪个负责; Sichuan and northern
# speech); before a noun it asks which (哪个单位)
_WHO = re.compile(r"哪个(?=(?:讲|说|提|介绍|回答|答|发布|通报|解读|负责|牵头|主持|主讲|管)(?:的|了|过|呢|啊|嘛|哦|[？?，,。]|$))")


# A question written in Cantonese (one of its own characters in it) is read in Mandarin words: pronouns, this and
# that (嗰 is 𠮶 after t2s), particles, verbs, and words that mean something else in Mandarin (点讲, 是边, 同埋)
_CANTONESE = re.compile("[嘅冇咩佢咗唔啲嘢㗎𠮶嗰哋喺揾睇谂攞嚟]")
CANTONESE = {
    "是咪": "是不是", "是边": "是哪", "边啲": "哪些", "咩": "什么", "点写": "怎么写", "点讲": "怎么讲", "点做": "怎么做",
    "𠮶": "那", "嗰": "那", "佢哋": "他们", "我哋": "我们", "你哋": "你们", "佢": "他", "咗": "了",
    "唔该": "请", "唔": "不", "啲": "些", "嘢": "东西", "入面": "里面", "同埋": "和", "揾": "找", "睇": "看", "谂": "想",
    "攞": "拿", "俾": "给", "出嚟": "出来", "嚟㗎": "", "㗎": "", "今次": "这次", "而家": "现在", "仲有": "还有",
}
_CANTONESE_WORDS = re.compile("|".join(sorted(CANTONESE, key=len, reverse=True)))
# Cantonese 系 (係 after t2s) is 是 before a question word, unless it ends a word (体系, 关系, 联系, 院系)
_IS = re.compile(r"(?<![体关联派星水直世谱维书干嫡旁科学语院母父])系(?=多少|什么|咩|谁|哪|几|以|唔|不|点)")
# In a Cantonese question 边 before a count or a measure word asks which (边年, 边五张, 边几样, 边个部门); 边个
# before a verb or at the end asks who (边个上台做主题发布, 系边个: `WRITTEN`)
_WHICH = re.compile(r"边(?=[一二三四五六七八九十几两]|[年种项张条份家间位样]|个(?![上做负讲话答提主发牵签管来去是会嚟，。？?！!,]|$))")


# 边几个 asks which ones in any Cantonese question, also one typed with no character only Cantonese uses (办好边几个
# 大型展会); 旁边几个, 那边几个, 河边几个 are beside, there and by the river
_WHICH_FEW = re.compile(r"(?<![旁身这那两周左右东西南北里外上下前后河江湖海路岸半一多无天])边(?=几[个项张条种类家间位样])")


def written(question: str) -> str:
    """`question` with its colloquial question words in their written forms (为啥定在76% -> 为什么定在76%)."""
    question = _WHICH_FEW.sub("哪", question)
    cantonese = _CANTONESE.search(question)
    if cantonese:
        question = _WHICH.sub("哪", question)
    question = _IS.sub("是", _COLLOQUIAL.sub(lambda m: WRITTEN[m.group(0)], question))
    if cantonese:
        question = _CANTONESE_WORDS.sub(lambda m: CANTONESE[m.group(0)], question)
    return _WHO.sub("谁", _WHICH_YEAR.sub("哪", _HOW_MUCH.sub("多少", _WHEN.sub("什么时候", question))))
