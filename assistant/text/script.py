"""Questions typed in traditional characters (重慶, 報告, 幾張) are read in simplified ones, the script
of the documents: OpenCC's t2s tables (the opencc wheel; a hand list would miss most characters). English
terms typed among the Chinese are read in Chinese too (`english.in_chinese`).

Only what the user types is converted: a question in simplified characters, and every document, comes
out of t2s unchanged (checked on all golden questions and documents), so nothing else moves.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

from assistant.text.english import in_chinese


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` in simplified characters (重慶要編制幾張清單 -> 重庆要编制几张清单)."""
    return _t2s().convert(text) if text else text


def simplified_turn(question: str, history: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """A question and its chat history in simplified characters."""
    return simplified(question), [(simplified(q), simplified(a)) for q, a in history]


def in_documents_words(text: str) -> str:
    """`text` as the documents would write it: simplified characters, English terms in Chinese
    (`english.in_chinese`: 2027 的 target -> 2027的目标)."""
    return in_chinese(simplified(text))
