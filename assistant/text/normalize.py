"""Text forms for comparing quotes, numbers and key facts: NFKC without whitespace, citation
markers, numbers and character bigrams."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MARKER = re.compile(r"\[(\d{1,3})\]")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:%|万亿|亿|万)?|[〇零一二三四五六七八九]{4}年")


def norm(text: str) -> str:
    """NFKC and no whitespace: the form in which quotes, numbers and `must` strings are compared.
    Texts up to a passage's length are cached: an answer normalises the same passage sentences many
    times (about 190 calls per answer, a tenth of its CPU without the cache), and the next answers
    mostly meet the same passages. (At most 4096 × 1000 characters are kept.)"""
    return _norm_cached(text) if len(text) <= _CACHED_CHARS else _norm(text)


def _norm(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


_CACHED_CHARS = 1000
_norm_cached = lru_cache(maxsize=4096)(_norm)


def numbers_in(text: str) -> list[str]:
    return [m.group(0) for m in _NUMBER.finditer(norm(MARKER.sub("", text)))]


def bigrams(text: str) -> set[str]:
    t = norm(MARKER.sub("", text))
    return {t[i:i + 2] for i in range(len(t) - 1)} if len(t) > 1 else ({t} if t else set())
