"""Text forms for comparing quotes, numbers and key facts: NFKC without whitespace, citation
markers, numbers and character bigrams."""

from __future__ import annotations

import re
import unicodedata

MARKER = re.compile(r"\[(\d{1,3})\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:%|万亿|亿|万)?|[〇零一二三四五六七八九]{4}年")


def norm(text: str) -> str:
    """NFKC and no whitespace: the form in which quotes, numbers and `must` strings are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def numbers_in(text: str) -> list[str]:
    return [m.group(0) for m in _NUMBER.finditer(norm(MARKER.sub("", text)))]


def bigrams(text: str) -> set[str]:
    t = norm(MARKER.sub("", text))
    return {t[i:i + 2] for i in range(len(t) - 1)} if len(t) > 1 else ({t} if t else set())
