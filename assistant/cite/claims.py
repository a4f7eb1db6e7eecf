"""Claims of an answer as models actually write them.

A claim is a sentence (or a clause ended by ；) with every citation marker found anywhere in it.
Before splitting, the many ways models cite are rewritten to the canonical ``[n]``:

- brackets of every width and kind: ``[1]`` ``［1］`` ``【1】`` ``〔1〕`` ``(1)`` ``（1）`` (round brackets
  only after text: at the start of a line they number a list), full-width digits ``［１］``;
- lists and names inside them: ``[1,2]`` ``[1、2]`` ``[1][2]`` ``[资料1]`` ``【资料1、3】`` ``（资料2）``;
- bare names: ``资料1``, ``资料[1]``.

Lead-ins such as 根据资料[1]，… / 据[2]，… / 资料[1]显示，… / 根据资料[1]的内容，… cite the clause they
introduce: their markers go to that sentence and their words leave the claim text. Markers written
after the full stop (…台阶。[1]) belong to the sentence they follow.

Hand-written rules instead of a library: no parser knows these Chinese citation conventions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.normalize import MARKER
from assistant.text.sentences import CLAIM_END

_FW_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_D = r"[0-9０-９]"
_NUM_LIST = rf"{_D}{{1,3}}(?:\s*[,，、;；/和及与]\s*{_D}{{1,3}})*"
_SEE = r"(?:见|详见|参见|参考|来源|出自|引自)"
_NAME = r"(?:资料|材料|文档|文件|来源|出处|参考资料|参考)"
# [1] ［1］ 【1】 〔1〕 [1,2] [资料1] 【资料1、3】 [资料 第1条]
_SQUARE = re.compile(rf"[\[［【〔]\s*(?:{_SEE}?\s*{_NAME}\s*[：:]?\s*)?(?:第\s*)?({_NUM_LIST})\s*(?:条|段|篇|号)?\s*[\]］】〕]")
# (1) （1） (资料1) （资料1、2）: only after text, since at a line start, or right after a marker that
# closes a claim (…。[1]（57）坚持…), "（1）" numbers a list item
_ROUND = re.compile(rf"(?<=[^\s。！？!?；;：:\n\]］】〕])[(（]\s*({_D}{{1,2}}(?:\s*[,，、]\s*{_D}{{1,2}})*)\s*[)）]")
_ROUND_NAMED = re.compile(rf"[(（]\s*{_SEE}?\s*{_NAME}\s*[：:]?\s*({_NUM_LIST})\s*[)）]")
# 资料1, 资料 2 (not 资料12年 / 资料1%: numbers that are data, not names)
_BARE = re.compile(rf"({_NAME})\s*(?:第\s*)?({_D}{{1,2}})(?![0-9０-９.%％年月日万亿个项])")

_MARKERS = r"(?:\[\d{1,3}\]\s*)+"
_CLAUSE_START = r"(?:^|(?<=[。！？!?；;，,：:\n\s]))"
_LEAD_WORD = r"(?:根据|依据|按照|参考|参照|结合|如|据|从|由|正如|在)"
_LEAD_NAME = r"(?:提供的|给出的|所给的?|以上|上述|相关)?(?:资料|材料|文件|文档|原文|内容|信息)"
_LEAD_TAIL = (r"(?:的内容|的信息|中的内容|中的信息|的表述|的说法|中|里|所述|所示|所说|所载|记载|提到|指出|显示|表明|介绍|可知|"
              r"可以看出|来看|看)*")
# 根据资料[1]的内容， / 据[2]， / 资料[1]显示， / 如资料[1]所述，
_LEAD_IN = re.compile(
    rf"{_CLAUSE_START}(?:{_LEAD_WORD}\s*{_LEAD_NAME}?|{_LEAD_NAME})\s*(?P<m>{_MARKERS}){_LEAD_TAIL}\s*[，,：:]?\s*")
# a marker that opens a clause as its subject: [1]显示，…
_MARKER_LEAD = re.compile(rf"{_CLAUSE_START}{_MARKERS}(?:显示|指出|提到|表明|所述|记载|介绍)\s*[，,：:]?\s*")
# a name right before its marker: …台阶（见资料[1]） / 详见材料[2]
_NAME_BEFORE_MARKER = re.compile(rf"[，,]?\s*{_SEE}?\s*{_LEAD_NAME}\s*(?=\[\d)")
# the same lead-in written without a marker: 根据资料，… / 根据提供的资料可知，…
_BARE_LEAD_IN = re.compile(rf"^(?:{_LEAD_WORD}\s*)?{_LEAD_NAME}{_LEAD_TAIL}[，,：:]\s*")
_LIST_BULLET = re.compile(r"^\s*(?:#{1,6}\s*|[-*•·]\s+|\d{1,2}[.、)）]\s*|[（(]\d{1,2}[）)]\s*|[（(]?[一二三四五六七八九十]{1,3}[）)、]\s*)")
_EMPHASIS = re.compile(r"\*\*|__|`")
_SPLIT = re.compile(rf"(?<=[{CLAIM_END}\n])")
_STRIP = "。！？；!?;，,、：: \t\n"
_MARKER_GROUP = re.compile(r"\s*(?:\[\d{1,3}\]\s*)+")
# Between two citation groups written one after the other (…。[1]（资料1）显示): normalising both to
# [n] would join them into one group, so an invisible separator keeps them apart while the sentence
# is parsed (it never reaches a claim's text).
_GAP = "\u2063"
_WRITTEN_MARKER = re.compile(f"{_SQUARE.pattern}|{_ROUND_NAMED.pattern}|{_ROUND.pattern}")
_BRACKET_KIND = str.maketrans("（", "(")


def _one_group(a: str, b: str) -> bool:
    """Two markers written side by side are one citation group when they are written alike, one number
    per bracket ([1][2], 【1】【2】, [资料1][资料2]); a list in one bracket ([1,2], （资料1、2）) is a
    group of its own, and so is a named round bracket, since models list names inside one."""
    def form(m: str) -> tuple[str, bool, bool]:
        return m[0].translate(_BRACKET_KIND), bool(re.search(_NAME, m)), len(re.findall(_D + "+", m)) > 1
    fa, fb = form(a), form(b)
    return fa == fb and not fa[2] and not (fa[0] == "(" and fa[1])


def _separate_groups(answer: str) -> str:
    """`answer` with _GAP between adjacent citation groups that were written as separate groups."""
    out, last, prev = [], 0, None
    for m in _WRITTEN_MARKER.finditer(answer):
        if prev is not None and not answer[prev.end():m.start()].strip() and not _one_group(prev.group(0), m.group(0)):
            out.append(answer[last:prev.end()] + _GAP)
            last = prev.end()
        prev = m
    return "".join(out) + answer[last:]


_MARKER_ONLY = re.compile(rf"^[\s{_STRIP}]*(?:\[\d{{1,3}}\][\s{_STRIP}]*)+$")


@dataclass
class Claim:
    text: str  # without markers
    markers: list[int]
    problems: list[str] = field(default_factory=list)
    inherited: bool = False  # markers taken from a cited neighbour (see cite.verify)


def _canonical(numbers: str) -> str:
    return "".join(f"[{int(n)}]" for n in re.findall(r"\d{1,3}", numbers.translate(_FW_DIGITS)))


def normalize_markers(answer: str) -> str:
    """Every citation variant rewritten as ``[n]`` (several numbers as ``[n][m]``); other text unchanged."""
    text = _SQUARE.sub(lambda m: _canonical(m.group(1)), answer)
    text = _ROUND_NAMED.sub(lambda m: _canonical(m.group(1)), text)
    text = _ROUND.sub(lambda m: _canonical(m.group(1)), text)
    return _BARE.sub(lambda m: m.group(1) + _canonical(m.group(2)), text)


def claim_text(sentence: str) -> str:
    """A sentence as a claim: no markers, lead-ins, list bullets or emphasis."""
    text = _MARKER_LEAD.sub("", _LEAD_IN.sub("", sentence))
    text = _NAME_BEFORE_MARKER.sub("", text)
    text = MARKER.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _LIST_BULLET.sub("", text)
    text = _BARE_LEAD_IN.sub("", text.strip())
    return text.strip()


def _closing_groups(raw: str) -> tuple[list[int], str]:
    """The markers of the citation groups that open `raw` and close the sentence before it (all of
    them, except a last group followed by a lead-in verb), and the sentence without them."""
    groups: list[tuple[int, int]] = []
    pos = 0
    while m := _MARKER_GROUP.match(raw, pos):
        groups.append((m.start(), m.end()))
        pos = m.end()
        while pos < len(raw) and raw[pos] in _GAP + " \t":
            pos += 1
    if groups and _MARKER_LEAD.match(raw[groups[-1][0]:].lstrip()):
        groups = groups[:-1]
    if not groups:
        return [], raw.replace(_GAP, "")
    closing = [int(n) for a, b in groups for n in MARKER.findall(raw[a:b])]
    return closing, raw[groups[-1][1]:].replace(_GAP, "")


def parse_claims(answer: str) -> list[Claim]:
    """The claims of `answer`, each with the markers written anywhere in its sentence. Markers that
    open the answer, before any text, stay on a claim with empty text so that verification flags them."""
    claims: list[Claim] = []
    pending: list[int] = []  # markers written before the first sentence
    for raw in _SPLIT.split(normalize_markers(_separate_groups(answer))):
        sentence = raw.replace(_GAP, "")
        markers = [int(m.group(1)) for m in MARKER.finditer(sentence)]
        if _MARKER_ONLY.match(sentence) or not sentence.strip(_STRIP):
            if markers and claims:
                claims[-1].markers.extend(markers)  # 台阶。[1] : the marker after the full stop
            elif markers:
                pending.extend(markers)
            continue
        closing, rest = _closing_groups(raw)
        if closing and claims:
            # 台阶。[1] 森林…: markers that open a sentence close the one before, except a group that is
            # the subject of a lead-in ("[1]显示，…"; in 台阶。[1]（资料1）显示，… only [1] closes it)
            claims[-1].markers.extend(closing)
            sentence = rest
            markers = [int(m.group(1)) for m in MARKER.finditer(sentence)]
        text = claim_text(sentence)
        if not text.strip(_STRIP):
            pending.extend(markers)  # a lead-in on its own line (根据资料[1]：) cites what follows
            continue
        claims.append(Claim(text, pending + markers))
        pending = []
    if pending:
        claims.append(Claim("", pending))
    return claims
