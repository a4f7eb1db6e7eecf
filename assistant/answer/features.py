"""The sentence features of the extractive answerer and the learned model that weighs them
(`scorer.json`, fitted by scripts/fit_scorer.py; GROUPS are the groups of the ablation in evals/README.md).

Sentence features (all in [0, 1] unless noted), by group:
- lexical: `coverage` (IDF-weighted share of question terms in the sentence), `bigram` (share of the
  question's character bigrams), `context` (coverage of follow-up context terms), `prev_coverage`
  (coverage of the sentence before it in the same paragraph: a heading the sentence continues);
- dense: `dense` (the chunk's dense similarity minus the best retrieved chunk's; no model call),
  `sentence_dense` (the sentence's own cosine to the query minus the best candidate's, from the
  sentence vectors written at index time and the retrieval's query vector; no model call; where a
  sentence has no vector it is unknown (NaN) and scored at its training mean, i.e. not at all),
  `rank` (1 / (1 + retrieval rank));
- type: `type_match` (holds what the kind of question wants: a number with the asked measure word,
  a date, an enumeration …), `number` (holds any number), `head` (holds the noun asked about),
  `items` (for list questions: how many names the sentence enumerates, /6);
- structure: `heading` (short or unpunctuated line), `intro` (announces a list), `enumerated`
  (begins with 一是/（一）/第一 …), `length` (log length / 6), `first` (first of its paragraph);
- anchors: `anchors` (share of the question's places, organisations, people and years present),
  `quoted` (share of its 《titles》 and “quoted terms” present), `year_miss` (a year of the question
  is absent from the sentence and, where it names no year, from what dates it: `fact_year`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answer.enumeration import is_heading, marker
from assistant.answer.question import (
    ANY_NUMBER,
    CN_NUM,
    ITEM_COUNT,
    WHO_SPOKE_WORDS,
    QuestionAnalysis,
    asks_who_spoke,
    defined_term,
    defines,
    holds_kind,
)
from assistant.text.lay_terms import alternatives
from assistant.text.normalize import bigrams, norm
from assistant.text.numerals import cn_int
from assistant.text.references import plenums
from assistant.text.tokens import tokenize
from assistant.text.years import NAMED_YEAR, both_digit_forms, digit_years

FEATURES = ("coverage", "bigram", "context", "prev_coverage", "dense", "sentence_dense", "rank", "type_match", "number", "head", "items",
            "heading", "intro", "enumerated", "length", "first", "anchors", "quoted", "year_miss")


GROUPS = {
    "lexical": ("coverage", "bigram", "context", "prev_coverage"),
    "dense": ("dense", "sentence_dense", "rank"),
    "type": ("type_match", "number", "head", "items"),
    "structure": ("heading", "intro", "enumerated", "length", "first"),
    "anchors": ("anchors", "quoted", "year_miss"),
}
WEIGHTS_PATH = Path(__file__).with_name("scorer.json")
CLAUSE = re.compile(r"[？?。！!；;\n]+")
COUNT_WORD = "(?:个|项|张|类|条|大|种|批)"  # the measure word after a count of items (5张清单, 三个方面)
LIST_INTRO = re.compile(rf"[{CN_NUM}\d]+{COUNT_WORD}(?:方面|特点|清单|部分|任务|工作|举措|措施|机制|目标|重点|试点)?|[：:]$")
FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|个百分点|万亿|亿|万|倍)")  # an amount or a share, not a year
MIN_FIGURES = 3


@dataclass
class Candidate:
    hit_index: int
    doc_id: str
    start: int
    end: int
    text: str
    features: dict[str, float]
    score: float = 0.0
    lead: int = 0  # characters of an intro quoted before the sentence itself (see _with_intros)
    quoted: bool = True  # False: a heading that frames the items after it, read for coverage but not quoted
    meaning: float | None = None  # cosine of the sentence's vector to the query's (None: no sentence vectors)


class TermWeights(dict[str, float]):
    """The IDF weight of each question term, and for a term inside a lay phrase of the question
    (养老钱, 到手能花的钱) the official terms that count as it (基本养老金, 可支配收入; `lay_terms`)."""

    def __init__(self, weights: dict[str, float], official: dict[str, tuple[str, ...]] | None = None) -> None:
        super().__init__(weights)
        self.official = official or {}


# 哪五个方面, 哪几项, 哪两个(试点), 有几条, 分几大块, 一条条列出来: how many things are asked for, or that
# they are asked one by one, which no answer sentence needs to say (几点 asks a time of day: a term).
_ASKED_COUNT = re.compile(rf"哪[{CN_NUM}\d几]+(?:{ITEM_COUNT}|件|点)?(?:方面|部分)?|几[个项张条类种位家大块件]"
                          r"|一([条项个件])\1列?")
# 能不能, 会不会, 是不是, 可不可以: how a yes/no question asks (jieba cuts 能不能 into 能 + 不能), no term of it
_ASKED_YES_NO = re.compile(r"可不可以|([\u4e00-\u9fff]{1,2})不\1|能否|可否|是否")


# words asking for the form of the answer or saying what it is for (原文怎么表述, 我论文要引用, 稿子里用): no
# sentence answering the question holds them
_FORM_ASKED = frozenset({"原文", "原话", "原句", "表述", "引用", "论文", "稿子", "讲稿", "课件", "逐条", "出处"})


# 除了土地制度，还要…: what the question sets aside, which the answer is not about
_SET_ASIDE = re.compile(r"除了?([^，,。？?；;]{2,}?)(?:以外|之外|外)?(?=[，,])")


def term_weights(question: str, idf: Callable[[str], float]) -> TermWeights:
    """The question's terms by IDF, leaving out the words that only count what is asked (哪五个方面), those
    a yes/no question asks with (能不能, 是否), those asking for the answer's form (原文, 引用), those only of
    what it sets aside (除了土地制度，…) and, in a question asking who spoke, those a speaker's label answers
    (发布会, 讲, 哪位领导)."""
    words = list(dict.fromkeys(tokenize(question)))
    q = norm(question)
    counting = [m.group(0) for m in _ASKED_COUNT.finditer(q)] + [m.group(0) for m in _ASKED_YES_NO.finditer(q)]
    spoken = WHO_SPOKE_WORDS if asks_who_spoke(question) else frozenset()  # 发布会上…是谁讲的: a speaker label says these
    aside = "".join(m.group(0) for m in _SET_ASIDE.finditer(q)).lower()
    rest = _SET_ASIDE.sub("", q).lower()
    asked = {w for w in words if any(w in c or c in w and len(w) == len(c) + 1 for c in counting)
             or w in _FORM_ASKED or w in spoken
             or w in aside and w not in rest}
    terms = [t for t in words if t not in asked] or words
    official = {t: alternatives(question, t) for t in terms}
    return TermWeights({t: idf(t) for t in terms}, {t: o for t, o in official.items() if o})


def clause_coverage(question: str, idf: Callable[[str], float], text: str) -> float:
    """Best coverage of `text` over the clauses of a question, so that an injection or chatter
    appended to a real question does not dilute it."""
    clauses = [c for c in CLAUSE.split(question) if len(tokenize(c)) >= 2] or [question]
    return max(coverage(term_weights(c, idf), text) for c in clauses)


def coverage(weights: dict[str, float], text: str) -> float:
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    have = digit_years(norm(text)).lower()  # 二〇三五年 holds the term 2035年, as keyword search reads it
    official = weights.official if isinstance(weights, TermWeights) else {}
    return sum(w for t, w in weights.items() if t in have or any(o in have for o in official.get(t, ()))) / total


# -- what a sentence holds ------------------------------------------------------------------------


def type_match(analysis: QuestionAnalysis, text: str) -> float:
    if analysis.kind in ("number", "date", "law", "place"):
        return float(holds_kind(analysis, text))
    if analysis.kind == "list":
        want = max(analysis.count or 2, 2)
        intro = LIST_INTRO.search(text)
        if intro is None:
            counted = False
        elif analysis.count is not None:  # 哪两个: an intro counting two
            counted = cn_int(re.sub(r"\D.*", "", intro.group(0)) or intro.group(0)[:1]) == analysis.count
        else:  # 哪几个特点: an intro counting the noun asked about (主要有四个特点)
            counted = analysis.head is not None and analysis.head[-2:] in intro.group(0)
        return float(marker(text) is not None or named_items(text) >= want or counted or text.endswith(("：", ":")))
    if analysis.kind == "definition":
        return float(bool(re.search(r"是指|是一|即|指的是|是以", text)) or defines(defined_term(analysis.question), text))
    if analysis.kind == "actor":
        return float(bool(re.search(r"[部委局厅院办]|政府|机关|[\u4e00-\u9fff]{2,3}：", text)))  # 检察机关 is a body
    return 0.0


def _series_size(segment: str) -> int:
    """How many things a 、-series names: one when its items are modifiers of the noun after the last
    (加强普惠性、基础性、兜底性民生建设; 市场化、法治化、国际化一流营商环境), as many things as its items
    otherwise (系统性、整体性、协同性; 进博会、…、消博会等重大展会; 和平赤字、…、治理赤字加重: items sharing a
    noun of two characters are things, not modifiers)."""
    items = segment.split("、")
    *before, last = items
    ends = {i[-1:] for i in before}
    size = len(before[-1])
    shared_noun = size >= 3 and len({i[-2:] for i in before}) == 1 and last[size - 2:size] == before[-1][-2:]
    modifiers = len(ends) == 1 and size >= 2 and all(len(i) <= 6 for i in before) and len(last) > size \
        and last[size - 1:size] == before[-1][-1:] and not last[size:].startswith("等") \
        and not shared_noun  # not …、消博会等重大展会, not 和平赤字、…治理赤字加重
    return 1 if modifiers else len(items)


def named_items(text: str) -> int:
    """How many names a sentence enumerates: quoted terms, the stages of a quoted chain
    (“科技型中小企业—高新技术企业—科技领军企业”), items separated by 、, or figures (a sentence
    stating MIN_FIGURES or more amounts or shares, 4万亿…28%…36%, lists targets)."""
    quoted = len(re.findall(r"“[^”]{1,20}”|《[^》]{1,40}》", text))
    quoted = max([quoted, *(len(re.split(r"—+|→", q)) for q in re.findall(r"“([^”]{3,60})”", text))])
    listed = max((_series_size(seg) for seg in re.split(r"[，。；：]", text) if "、" in seg), default=0)
    figures = len(FIGURE.findall(text))
    return max(quoted, listed, figures if figures >= MIN_FIGURES else 0)


# -- the learned scorer ---------------------------------------------------------------------------


@dataclass(frozen=True)


class Scorer:
    """Logistic regression over standardised FEATURES (weights in scorer.json)."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def score(self, rows: np.ndarray) -> np.ndarray:
        """Probabilities; an unknown feature (NaN: no sentence vector) counts as its mean, adding nothing."""
        rows = np.where(np.isnan(rows), self.mean, rows)
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> Scorer:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        names = tuple(d["features"])
        if set(names) - set(FEATURES):
            raise ValueError(f"{path}: unknown features {sorted(set(names) - set(FEATURES))}")
        return cls(names, np.array(d["mean"]), np.array(d["scale"]), np.array(d["coef"]), float(d["intercept"]))

    def matrix(self, cands: list[Candidate]) -> np.ndarray:
        return np.array([[c.features[n] for n in self.names] for c in cands], dtype=float).reshape(len(cands), -1)


@lru_cache(maxsize=1)


def default_scorer() -> Scorer:
    return Scorer.load()


def sentence_features(analysis: QuestionAnalysis, weights: dict[str, float], ctx: dict[str, float],
                      qgrams: set[str], text: str, prev: str, first: bool, dense: float, rank: int,
                      speaker: str = "", dated: str = "") -> dict[str, float]:
    """The documented features of one sentence (see the module docstring). `speaker`: who speaks the
    sentence (the label opening its remarks, 王志杰：…), which counts as naming that person. `dated`: what
    dates the sentence when it names no year itself (`fact_year` of its section)."""
    t = norm(text)
    aka = " ".join((text, *plenums(t)))  # 第二十届中央委员会第三次全体会议 is also 二十届三中全会
    names = [*analysis.places, *analysis.organisations, *analysis.people, *analysis.years]
    quoted = [*analysis.titles, *analysis.quoted]
    return {
        "coverage": coverage(weights, aka),
        "bigram": len(qgrams & bigrams(aka)) / max(len(qgrams), 1),
        "context": coverage(ctx, text) if ctx else 0.0,
        "prev_coverage": coverage(weights, prev) if prev else 0.0,
        "dense": dense,
        "sentence_dense": math.nan,  # until `meaning` gives it (ExtractiveAnswerer.candidates)
        "rank": 1.0 / (1 + rank),
        "type_match": type_match(analysis, t),
        "number": float(bool(ANY_NUMBER.search(t))),
        "head": float(analysis.head is not None and analysis.head[-2:] in t),
        "items": min(named_items(t), 6) / 6.0 if analysis.kind == "list" else 0.0,
        "heading": float(is_heading(text, first)),
        "intro": float(bool(LIST_INTRO.search(t)) and (t.endswith(("：", ":")) or len(t) < 60)),
        "enumerated": float(marker(t) is not None),
        "length": min(math.log1p(len(t)) / 6.0, 1.5),
        "first": float(first),
        "anchors": (sum(a in both_digit_forms(t) or (bool(speaker) and a == speaker) for a in names) / len(names))
        if names else 1.0,
        "quoted": (sum(norm(a) in t for a in quoted) / len(quoted)) if quoted else 0.0,
        "year_miss": float(any(y not in both_digit_forms(t if NAMED_YEAR.search(text) else t + " " + dated)
                               for y in analysis.years)),
    }


def fact_year(section_path: str, title: str) -> str:
    """What dates the facts of a sentence that names no year itself: its section's headings when they
    name one (一、2023年工作回顾), else its document's title (政府工作报告——2024年3月5日…, whose 今年 is 2024)."""
    return section_path if NAMED_YEAR.search(section_path) else title


# The query's cosine to the sentences at (document, start) keys, NaN where a sentence has no vector


# (e.g. SentenceVectors.similarity over the retrieval's cached query vector).
Meaning = Callable[[str, list[tuple[str, int]]], np.ndarray]
