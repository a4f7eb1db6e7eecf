"""Documents named without 《》 (党的二十大报告, 二十届三中全会公报, 政府工作报告) and the short forms
of meeting names (第二十届中央委员会第三次全体会议 -> 二十届三中全会, 第二十次全国代表大会 -> 二十大),
shared by the question's anchor check (answer) and the document signals of retrieval (index)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from assistant.text.normalize import norm

CN_NUM = "〇零一二两三四五六七八九十百千万"
# A document named by its usual short name instead of a 《title》 (党的二十大报告, 二十届三中全会公报, 三中全会决定,
# “十四五”规划纲要, 中央一号文件).
# The reports among them are named by what they are, not by words their own sentences use.
# (said aloud with a word between: 二十大的报告, 三中全会那个公报)
_BETWEEN = "(?:那个|这个|的|上的|(?:上|上所|所)作的?)?"  # (二十大上作的报告, 二十大所作报告)
REPORT_REF = re.compile(rf"[{CN_NUM}]+大{_BETWEEN}报告|政府工作报告|(?:“[^”]{{1,8}}”)?规划纲要")
# (only before words that read it as a text, 里, 提出, 对, 第…: 决定免去, 决定了 are a verb; 决定稿, 决定的说明: the
# 说明; 决定的起草组: about it, not in it)
DECISION_REF = re.compile(rf"(?:[{CN_NUM}]+届)?[{CN_NUM}]+中全会{_BETWEEN}决定"
                          r"(?=里|中|对|提出|指出|要求|明确|强调|部署|说|讲|写|要|在|关于|第|全文|原文|[，,。？?、：:]|$)")
# A five-year plan read as a text (十五五规划里, “十四五”规划提出, 十五五规划对…): not the plan only named
# (实现“十四五”规划目标任务, 谋划“十五五”规划).
PLAN_REF = re.compile(r"[“\"]?十[一二三四五六七八九]五[”\"]?规划(?=里|中(?!期)|提出|明确|规定|定的|定了|说|讲|写|对)")
DOCUMENT_REF = re.compile(rf"{REPORT_REF.pattern}|{DECISION_REF.pattern}|(?:[{CN_NUM}]+届)?[{CN_NUM}]+中全会{_BETWEEN}公报"
                          rf"|中央[{CN_NUM}]+号文件|{PLAN_REF.pattern}")
# 第二十届中央委员会第三次全体会议 is also written 二十届三中全会 (the form a question uses).
_PLENUM = re.compile(r"第?([一二三四五六七八九十]+)届中央委员会第([一二三四五六七八九十]+)次全体会议")
# 第二十次全国代表大会 is also written 二十大 (二十大报告).
_CONGRESS = re.compile(r"第([一二三四五六七八九十]+)次全国代表大会")
_REF_PARTS = re.compile(rf"^(.*?大){_BETWEEN}(报告)$|^(.*?全会){_BETWEEN}(公报|决定)$")


# （2024年7月18日中国共产党第二十届中央委员会第三次全体会议通过）: the meeting or body that adopted it
_ADOPTED = re.compile(r"^[（(]([^）)\n]{6,80}?(?:通过|批准|印发|发布))[）)]\s*$", re.M)


def adoption_line(text: str) -> str:
    """The line under a document's title saying when and by which meeting it was adopted (without its
    brackets), or ""; a decision names its plenum only there."""
    m = _ADOPTED.search(text[:400])
    return m.group(1) if m else ""


def plenums(text: str) -> list[str]:
    """The short forms (二十届三中全会) of the plenary sessions a normalised text names in full."""
    return [f"{m.group(1)}届{m.group(2)}中全会" for m in _PLENUM.finditer(text)]


@lru_cache(maxsize=65536)
def short_names(title: str) -> str:
    """A title with its meetings also in their short forms (二十届三中全会, 二十大); cached, since every
    question naming a document compares it with every library title."""
    t = norm(title)
    return " ".join((t, *plenums(t), *(f"{m.group(1)}大" for m in _CONGRESS.finditer(t))))


def named_references(text: str) -> list[str]:
    """The documents `text` names by their short names (二十大报告, 政府工作报告), in order, once each."""
    return list(dict.fromkeys(m.group(0) for m in DOCUMENT_REF.finditer(norm(text))))


def reference_matches(ref: str, title: str) -> bool:
    """Does a document titled `title` (with its subtitle) answer to the short name `ref`? Each part
    (the meeting and the kind of document: 二十大 + 报告) must be in the title or its short names."""
    m = _REF_PARTS.match(norm(ref))
    parts = [p for p in m.groups() if p] if m else [norm(ref)]
    return bool(title) and all(p in short_names(title) for p in parts)


def reference_known(ref: str, library_titles: Iterable[str]) -> bool:
    """Is the document named without 《》 one of the library's?"""
    return any(reference_matches(ref, t) for t in library_titles)
