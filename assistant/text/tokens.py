"""Chinese word segmentation for keyword search and term overlap (jieba, loaded once)."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache

from assistant.text.years import digit_years

_lock = threading.Lock()
_ready = False
_WORD = re.compile(r"[\w\u4e00-\u9fff%％]")
STOPWORDS = frozenset(
    ["的", "了", "是", "和", "与", "及", "或", "在", "对", "把", "被", "将", "要", "也", "都", "就", "而", "并", "等", "个", "之", "其", "这", "那", "有", "为", "以", "于", "中", "上", "下", "呢", "吗", "吧", "啊", "么", "什么", "多少", "哪些", "哪个", "哪", "如何", "怎么", "怎样", "怎么样", "是否", "请问", "请", "问", "一下", "关于", "我们", "你们", "他们", "我", "你", "他", "她", "它", "会", "能", "可以", "提出", "目标", "主要", "方面", "进行", "哪里", "谁", "几", "多", "方法", "内容", "提到", "指", "指的是", "几个", "几项", "几类", "几张", "几位", "几次", "几年", "哪一年", "哪年", "哪天", "哪一天", "哪部", "哪几", "哪几个", "哪位", "哪段", "哪项", "哪类", "分别", "包含", "包括", "列举", "这次", "时候", "什么样", "有没有", "一下", "说", "讲", "介绍", "是什么", "为什么", "多大", "多高", "何时", "大概", "一共", "还", "呢"]
)


def ensure_jieba() -> None:
    global _ready
    if _ready:
        return
    with _lock:
        if not _ready:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _ready = True


def normalize(text: str) -> str:
    """NFKC, lower case: full-width digits and letters become ASCII."""
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=4096)
def cut(text: str) -> tuple[str, ...]:
    """jieba's words of `text`, every one (cached)."""
    ensure_jieba()
    import jieba

    return tuple(jieba.lcut(text))


def tokenize(text: str) -> list[str]:
    """Content words of `text` for BM25: jieba words, normalised (a year in Chinese numerals in digits,
    二〇三五年 -> 2035年, as questions write it), without punctuation and stop words."""
    return [t for t in (w.strip() for w in cut(normalize(digit_years(text)))) if t and _WORD.search(t)
            and t not in STOPWORDS]


# How BM25 cuts text into terms. "words": jieba content words. "words+bigrams": those, plus every
# character bigram of the text's Chinese runs, marked "§" so that a two-character word and the same
# bigram count apart: lay wording (儿媳 / 丧偶儿媳, 复工复产 / 复产复工) and compounds that jieba cuts
# differently in a question and in a document still share terms. Measured in evals/README.md.
ANALYZERS = ("words", "words+bigrams")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def keyword_terms(text: str, analyzer: str = "words") -> list[str]:
    """The BM25 terms of `text` under `analyzer` (one of ANALYZERS)."""
    words = tokenize(text)
    if analyzer == "words":
        return words
    if analyzer != "words+bigrams":
        raise ValueError(f"keyword analyzer must be one of {ANALYZERS}, got {analyzer!r}")
    cjk = _CJK_RUN.findall(normalize(digit_years(text)))
    return words + ["§" + run[i:i + 2] for run in cjk for i in range(len(run) - 1)]


def add_words(words: list[str]) -> None:
    """Teach jieba domain terms (glossary coinages) so they stay one token."""
    ensure_jieba()
    import jieba

    for w in words:
        jieba.add_word(w, freq=20000)
    cut.cache_clear()
