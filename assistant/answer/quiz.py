"""Questions as a trainer writes them for a quiz: a label in front (选择题：, 学习班测验题：), blanks to
fill (各方面一共提了___条意见建议), the options of a choice (…转向哪种“双控”？A.… B.… C.…).

`read_quiz` gives the question in the words a user would ask it, and the options apart: the options'
words are not what is asked (an option of 总量 makes no amount question), but the right one is in the
answer's sentence, so they are searched with the question and weigh as context when sentences are picked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.question import MEASURE_ALT

# 选择题：, 判断题（2分）：, 学习班测验题：, 单选：, 填空： (a few words ending in 题, 测验 or the kind of item, then a colon)
_LABEL = re.compile(r"^[^，,。？?：:]{0,12}?(?:题|测验|测试|小测|单选|多选|填空|判断|简答)(?:[（(][^）)]{0,6}[）)])?[:：]\s*")
# a blank to fill: ___, ＿＿, （ ）, ( ), 【 】
_BLANK = re.compile(r"_{2,}|＿{2,}|[（(]\s*[）)]|【\s*】")
_MEASURE_AFTER = re.compile(MEASURE_ALT)
_ROUGHLY = re.compile(r"\s*(?:左右|以上|以下|以内|上下)")  # ___左右: an amount, roughly
_SINCE, _FROM_ON = re.compile(r"[自从于]\s*$"), re.compile(r"\s*(?:起|开始|以来)")  # 自____起: a date
# an option's label: (A) （A） anywhere; A. A、 A． A： at the start or after a space or a stop
_OPTION = re.compile(r"(?:[（(]([A-FＡ-Ｆ])[)）]|(?:^|(?<=[\s？?。；;，,]))([A-FＡ-Ｆ])[.．、:：])\s*")


@dataclass(frozen=True)
class Quiz:
    question: str  # the question as asked in words: no label, blanks read as 多少 / 哪一 / 什么, no options
    options: tuple[str, ...] = ()  # the options of a choice question, in order


def _fill(m: re.Match[str]) -> str:
    """What a blank asks: an amount before a measure word or 左右 (___条, ___左右), a year before 年 (___年), a
    date between 自 and 起 (自___起实施), else a thing (哪个 after 为 or 成, so that 合并为___ reads no 为什么)."""
    after, before = m.string[m.end():], m.string[:m.start()]
    if after.startswith("年"):
        return "哪一"
    if _SINCE.search(before) and _FROM_ON.match(after):
        return "什么时候"  # 自____起实施
    if _MEASURE_AFTER.match(after) or _ROUGHLY.match(after):
        return "多少"  # ___条, ___左右
    return "哪个" if before.endswith(("为", "成")) else "什么"  # 合并为____: not 为什么, a reason


def _letter(label: re.Match[str]) -> str:
    return label.group(1) or label.group(2)


def _options(text: str) -> tuple[str, tuple[str, ...]]:
    """(the text before the options, the options) when `text` ends in options labelled A, B, … in order."""
    labels = list(_OPTION.finditer(text))
    start = next((i for i, m in enumerate(labels) if _letter(m) in "AＡ"), None)
    if start is None:
        return text, ()
    labels = labels[start:]
    letters = "".join(_letter(m) for m in labels).translate(str.maketrans("ＡＢＣＤＥＦ", "ABCDEF"))
    if len(labels) < 2 or letters != "ABCDEF"[:len(labels)]:
        return text, ()
    ends = [m.start() for m in labels[1:]] + [len(text)]
    options = tuple(text[m.end():e].strip(" ；;，,。") for m, e in zip(labels, ends, strict=True))
    if not all(options):
        return text, ()
    return text[:labels[0].start()].rstrip(), options


def read_quiz(question: str) -> Quiz:
    """The question of a quiz item in a user's words, and its options; a question that is no quiz item
    comes back as it is."""
    q = _LABEL.sub("", question, count=1) or question
    q, options = _options(q)
    return Quiz(_BLANK.sub(_fill, q), options)
