"""Key figures (数读): every target, number, percentage or date statement of a document as a card.

A card names the figure (4万亿, 28%, 9万多个, 二〇三五年), what it measures (全市工业总产值), the
deadline or time it refers to (到2027年; carried across the clauses of one sentence) and the
sentence it comes from with exact offsets. A figure repeated in a headline or a 数读 box is kept
once, from the body sentence.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from assistant.records import Document
from assistant.study.sentences import CLAUSE_SEP, Sentence, doc_sentences, in_section

_CN_DIGIT = "〇零一二三四五六七八九两"
_CN_NUM = f"[{_CN_DIGIT}十百千万亿]+(?:点[{_CN_DIGIT}]+)?"
_YEAR = rf"(?:(?:19|20)\d{{2}}|[{_CN_DIGIT}]{{4}})年"
_DATE = rf"(?:{_YEAR}(?:\d{{1,2}}月(?:\d{{1,2}}日(?:至\d{{1,2}}日)?)?)?|(?<![\d.])\d{{1,2}}月(?:\d{{1,2}}日|初|中旬|上旬|下旬)?)"
_TIME = re.compile(
    rf"(?P<pre>截止到|截至|截止|到|至)?"
    rf"(?P<when>(?:明年|今年|次年)?{_DATE}|(?<=到)本世纪中叶|(?<=到)本世纪末)"
    rf"(?P<post>底前|末前|以前|之前|前|底|末|时)?"
)
PERCENT_UNITS = ("%", "％", "‰", "个百分点", "百分点")
DURATION_UNITS = ("年", "个月", "个多月", "天", "小时", "个多小时")
MONEY_UNITS = ("元", "美元")
_UNITS = sorted(
    (
        *PERCENT_UNITS,
        *DURATION_UNITS,
        *MONEY_UNITS,
        "平方公里",
        "平方米",
        "立方米",
        "千瓦时",
        "标准箱",
        "周年",
        "个方面",
        "方面",
        "人次",
        "公里",
        "千米",
        "公斤",
        "公顷",
        "斤",
        "吨",
        "亩",
        "米",
        "人",
        "名",
        "个",
        "家",
        "项",
        "张",
        "条",
        "所",
        "座",
        "类",
        "批",
        "种",
        "倍",
        "岁",
        "件",
        "部",
        "位",
        "户",
        "套",
        "辆",
        "艘",
        "架",
        "台",
        "处",
        "级",
        "支",
        "只",
        "场",
        "期",
        "轮",
        "份",
        "篇",
    ),
    key=len,
    reverse=True,
)
_UNIT = "|".join(map(re.escape, _UNITS))
_MAG = "万亿|千亿|百亿|亿|千万|百万|万|千"
_TAIL = "(?:左右|以上|以下|以内)?"
# a unit character followed by this character starts a word instead (台阶, 条例, 人民)
_NOT_UNITS = frozenset(
    [
        "台阶",
        "条例",
        "处置",
        "支持",
        "场景",
        "所有",
        "部署",
        "部门",
        "位置",
        "家庭",
        "期间",
        "人民",
        "人才",
        "类型",
        "种类",
        "项目",
        "米饭",
        "名单",
        "级别",
    ]
)
_ARABIC = re.compile(
    rf"(?<![A-Za-z0-9.．第])(?P<num>\d+(?:\.\d+)?)(?P<a1>多|余)?(?P<mag>{_MAG})?(?P<a2>多|余)?"
    rf"(?P<unit>{_UNIT})?(?P<tail>{_TAIL})"
)
_CHINESE = re.compile(
    rf"(?<![{_CN_DIGIT}十百千万亿第])(?:(?P<pct>百分之{_CN_NUM})|(?P<num>{_CN_NUM})(?P<a1>多|余)?"
    rf"(?P<mag>万亿|亿|万)?(?P<unit>{_UNIT}))(?P<tail>{_TAIL})"
)
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」")

_LEAD = re.compile(
    r"^(?:其中|同时|以及|并且|并|和|及|与|而|但|又|还|将|要|已|均|全年|今年|去年|明年|"
    r"上午|下午|晚上|晚|是|在|从|比上年|比去年|较上年|主要|重点|谋划提出|梳理提出|研究制定|"
    r"提出|制定)+"
)
_TRAIL = re.compile(
    r"(?:提高到|增长到|增加到|下降到|降低到|减少到|扩大到|提升到|稳定在|控制在|保持在|达到了|"
    r"达到|迈上|超过|突破|将达|达|保持|为|是|约|近|超|逾|增长|提高|提升|下降|降低|增加|减少|"
    r"上涨|完成|实现|累计|共计|共|新增|现有|有|惠及|提出了|提出|制定|编制|安排|发行|拟按|拟|"
    r"覆盖|将|要|已|了|的|在|到|至|从|再延长|延长)+$"
)
_SUFFIX_VERB = re.compile(
    r"^(?:提出|推进|推动|实现|完成|开展|建设|打造|形成|保持|达到|加快|持续|全面|深化|"
    r"将|要|已|是|为|以|与|和|及|、)"
)
_BRACKETS = "（）()【】[]“”‘’「」《》\"' \n"


@dataclass(frozen=True)
class FigureCard:
    """One figure of a document: `document.text[start:end] == sentence` and the figure is in it."""

    figure: str
    measure: str
    deadline: str
    sentence: str
    start: int
    end: int
    doc_id: str
    section: str
    kind: str = "count"  # percent | amount | count | duration | date
    unit: str = ""  # magnitude + unit, e.g. 万亿 %, 个: options of the same unit make good distractors
    figure_start: int = -1  # offset of the figure in document.text
    heading: bool = False  # the sentence is a headline / box line, not body text

    @property
    def figure_end(self) -> int:
        return self.figure_start + len(self.figure)

    @property
    def value_key(self) -> str:
        """The figure without a trailing classifier after 万/亿 (180多万名 == 180多万), for deduplication."""
        return _value_key(self.figure, self.unit, self.kind)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Match:
    start: int  # offsets within the sentence
    end: int
    text: str
    kind: str
    unit: str


@dataclass(frozen=True)
class _Time:
    start: int
    end: int
    text: str  # the whole expression: 到2027年
    when: str  # without 到/至: 2027年


def extract_figures(doc: Document, section: str | None = None) -> list[FigureCard]:
    """All figure cards of `doc` in document order (optionally only sections whose path contains
    `section`), one card per figure of a multi-figure sentence, repeats removed."""
    cards: list[FigureCard] = []
    for sent in doc_sentences(doc):
        if in_section(sent.section, section):
            cards.extend(sentence_figures(sent))
    return deduplicate(cards)


def sentence_figures(sent: Sentence) -> list[FigureCard]:
    """The figure cards of one sentence."""
    text = sent.text
    masked = _mask(text)
    times = [
        _Time(m.start(), m.end(), m.group(0), m.group("when") + (m.group("post") or ""))
        for m in _TIME.finditer(masked)
    ]
    figures = [f for f in _numbers(masked) if not any(t.start < f.end and f.start < t.end for t in times)]
    cards: list[FigureCard] = []
    used: set[int] = set()
    for i, fig in enumerate(figures):
        before = [t for t in times if t.end <= fig.start]
        deadline = before[-1].text if before else ""
        if before:
            used.add(times.index(before[-1]))
        measure = _measure(
            text, fig, figures[i - 1] if i else None, figures[i + 1] if i + 1 < len(figures) else None, times
        )
        cards.append(_card(sent, fig.text, measure, deadline, fig.kind, fig.unit, fig.start))
    for j, t in enumerate(times):
        if j not in used:
            cards.append(
                _card(
                    sent,
                    t.when,
                    _time_measure(text, t, times),
                    t.text,
                    "date",
                    "date",
                    t.start + t.text.index(t.when),
                )
            )
    cards.sort(key=lambda c: c.figure_start)
    return cards


def deduplicate(cards: list[FigureCard]) -> list[FigureCard]:
    """Keep one card per figure and measure. Among repeats the body sentence wins over a headline or
    a 数读 box line, then the earlier one; a headline repeating a body figure is dropped."""

    def rank(c: FigureCard) -> tuple[bool, bool, int]:
        return c.heading, c.sentence.rstrip("”’」』）)》】\"'")[-1:] not in "。！？；!?;…", c.figure_start

    kept: list[FigureCard] = []
    for card in sorted(cards, key=rank):
        if not any(_same(card, k) for k in kept):
            kept.append(card)
    return sorted(kept, key=lambda c: c.figure_start)


def _same(a: FigureCard, b: FigureCard) -> bool:
    if a.value_key != b.value_key:
        return False
    if a.heading or b.heading:
        return True
    ma, mb = a.measure, b.measure
    return bool(ma and mb and (ma in mb or mb in ma))


def _value_key(figure: str, unit: str, kind: str) -> str:
    if kind == "amount":
        return re.sub(rf"({_MAG})(多|余)?({_UNIT})?{_TAIL}$", r"\1\2", figure)
    return figure


def _card(
    sent: Sentence, figure: str, measure: str, deadline: str, kind: str, unit: str, offset: int
) -> FigureCard:
    return FigureCard(
        figure,
        measure,
        deadline,
        sent.text,
        sent.start,
        sent.end,
        sent.doc_id,
        sent.section,
        kind,
        unit,
        sent.start + offset,
        sent.heading,
    )


def _mask(text: str) -> str:
    """Blank out quoted names and book titles (“33618”, 《3岁以下…》): their digits are not figures."""
    return _QUOTED.sub(lambda m: "□" * len(m.group(0)), text)


def _numbers(masked: str) -> list[_Match]:
    found: list[_Match] = []
    for m in _ARABIC.finditer(masked):
        mag, unit, end = m.group("mag") or "", m.group("unit") or "", m.end()
        if unit and (unit[-1] + masked[end : end + 1]) in _NOT_UNITS:  # 4万亿台阶: 台 is not a unit here
            unit, end = "", m.start("unit")
        if mag or unit:
            found.append(_Match(m.start(), end, masked[m.start() : end], _kind(mag, unit), mag + unit))
    for m in _CHINESE.finditer(masked):
        if m.group("pct"):
            found.append(_Match(m.start(), m.end(), m.group(0), "percent", "%"))
            continue
        num = m.group("num")
        if not re.search("[十百千万亿点]", num) or not re.search(f"[{_CN_DIGIT}十]", num):
            continue  # 三个, 千家, 亿万: words, not figures
        mag, unit = m.group("mag") or "", m.group("unit")
        found.append(_Match(m.start(), m.end(), m.group(0), _kind(mag or _cn_mag(num), unit), mag + unit))
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[_Match] = []
    for f in found:
        if not out or f.start >= out[-1].end:
            out.append(f)
    return out


def _cn_mag(num: str) -> str:
    return "万" if "万" in num or "亿" in num else ""


def _kind(mag: str, unit: str) -> str:
    if unit in PERCENT_UNITS:
        return "percent"
    if mag or unit in MONEY_UNITS:
        return "amount"
    if unit in DURATION_UNITS:
        return "duration"
    return "count"


def _measure(text: str, fig: _Match, prev: _Match | None, nxt: _Match | None, times: list[_Time]) -> str:
    """What a figure measures, from its clause: the subject before it (全市工业总产值迈上 → 全市工业总产值),
    the counted noun after a classifier (5张清单 → 清单), or the whole predicate of a duration."""
    a = fig.start
    while a > 0 and text[a - 1] not in CLAUSE_SEP + "、" and not (prev and a <= prev.end):
        a -= 1
    b = fig.end
    while b < len(text) and text[b] not in CLAUSE_SEP + "、" and not (nxt and b >= nxt.start):
        b += 1
    before = _strip(_drop_times(text, a, fig.start, times))
    after = _strip(_drop_times(text, fig.end, b, times))
    lead = _strip(_LEAD.sub("", before))
    core = _strip(_TRAIL.sub("", lead))
    if fig.kind == "duration":
        return _strip(lead + after) or core
    if "》" in core:  # 《…》《…》等近期拟出台的政策 → 近期拟出台的政策
        core = _strip(core.rsplit("》", 1)[1].removeprefix("等"))
    if fig.kind == "count" and after:
        noun = _strip(after.removeprefix("的"))
        if 2 <= len(noun) <= 16 and "了" not in noun and not _SUFFIX_VERB.match(noun):
            return noun
    if len(core) >= 2:
        return core
    ca, cb = a, b
    while ca > 0 and text[ca - 1] not in CLAUSE_SEP:
        ca -= 1
    while cb < len(text) and text[cb] not in CLAUSE_SEP:
        cb += 1
    return _strip(_drop_times(text, ca, cb, times))


def _time_measure(text: str, t: _Time, times: list[_Time]) -> str:
    """What a date refers to: the rest of its clause, or the next clause (到二〇三五年，全面建成…)."""
    b = t.end
    while b < len(text) and text[b] not in CLAUSE_SEP:
        b += 1
    rest = _strip(_LEAD.sub("", _strip(_drop_times(text, t.end, b, times))))
    if len(rest) < 2 and b < len(text):
        c = b + 1
        while c < len(text) and text[c] not in CLAUSE_SEP:
            c += 1
        rest = _strip(_LEAD.sub("", _strip(_drop_times(text, b + 1, c, times))))
    if len(rest) < 2:
        a = t.start
        while a > 0 and text[a - 1] not in CLAUSE_SEP:
            a -= 1
        rest = _strip(_TRAIL.sub("", _strip(_drop_times(text, a, t.start, times))))
    return rest


def _drop_times(text: str, a: int, b: int, times: list[_Time]) -> str:
    out = []
    i = a
    for t in times:
        if t.end <= a or t.start >= b:
            continue
        out.append(text[i : max(i, t.start)])
        i = max(i, t.end)
    out.append(text[i:b])
    return "".join(out)


def _strip(s: str) -> str:
    s = re.sub(r"\s+", "", s)
    s = s.strip(_BRACKETS + "——-—")
    # an unmatched bracket left at one end is layout, not content
    if s.count("（") != s.count("）"):
        s = s.replace("（", "").replace("）", "")
    return s
