"""Anchor terms: the years and proper names a question hinges on (成都, 2023年, 四中全会…).
If the retrieved passages never mention one, the documents cannot answer the question."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import norm
from assistant.text.tokens import ensure_jieba

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
_NAME_FLAGS = ("ns", "nr")  # places and people; jieba tags document names such as 二十大 as nt/nrt
_SUFFIX = re.compile(r"(市|省|自治区|特别行政区)$")


@lru_cache(maxsize=2048)
def anchors(question: str) -> tuple[str, ...]:
    ensure_jieba()
    import jieba.posseg as pseg

    q = norm(question)
    found = [m.group(0) for m in _YEAR.finditer(q)]
    for w in pseg.cut(q):
        if w.flag in _NAME_FLAGS and len(w.word) >= 2:
            found.append(_SUFFIX.sub("", w.word) if len(w.word) > 2 else w.word)
    return tuple(dict.fromkeys(found))


def searchable(text: str) -> str:
    """Passage text with Chinese-numeral years (二〇三五年) also written in digits."""
    t = norm(text)
    return t + " " + _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), t)


def missing_anchors(question: str, texts: list[str]) -> list[str]:
    have = searchable(" ".join(texts))
    return [a for a in anchors(question) if a not in have]
