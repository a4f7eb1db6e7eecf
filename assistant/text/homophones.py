"""Words typed by their sound (voice input, pinyin input: 正府工作报告, 三中全汇, 决订, 该革) read as the library's own
words (政府, 三中全会, 决定, 改革).

A word of the question is read as a library word when it is no word of jieba's dictionary nor of the library, is made
of the question's words that are no dictionary words, one of them of two characters or more (jieba's guess at a new
word, 正府, 全汇; not two single characters typed as meant, 都是), has the library word's length (2 to 4 characters) and
differs from it in exactly one character, which can be read with the same sound (tones ignored). Of several, the library word in the
most passages wins. Only nouns are read (上念, 守到 are verbs typed as meant), and names are left alone (a person not in
the library, 王志洁, must not become one who is, 王志杰).
pypinyin gives each character's readings; the library's words are the keyword index's terms, so nothing is cut again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_NAME_TAGS = ("nr", "ns", "nt", "nz")  # people, places, bodies, other proper names: never re-read
MIN_PASSAGES = 2  # a library word in fewer passages may itself be a typo
# question words (分几大板块) and function words (的, 是, 要, 用, 里): jieba makes them up into new words with the word
# beside them (所的, 制有, 医是), which are no typos
_FUNCTION = frozenset("几多少哪啥谁么的地得是有在要用不个了着过也都就还和与及或把被让给对向从于以为之其这那此想能会可里上中下内外")


@lru_cache(maxsize=65536)
def _readings(char: str) -> frozenset[str]:
    """The character's usual reading, without tone (a rare one, 不 as fou, would make 支不 sound like 支付)."""
    from pypinyin import Style, pinyin

    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=False)[0])


@dataclass
class Homophones:
    """The library's words of 2 to 4 characters by length, for reading a question's typed-by-sound words."""

    passages: dict[str, int]  # library word -> how many passages hold it
    _masked: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)  # 三中全_ -> [三中全会]

    @classmethod
    def from_terms(cls, terms: Iterable[tuple[str, int]]) -> Homophones:
        return cls({t: n for t, n in terms if 2 <= len(t) <= 4 and _CJK.fullmatch(t) and n >= MIN_PASSAGES})

    def __post_init__(self) -> None:
        for word in self.passages:
            for i in range(len(word)):
                self._masked.setdefault(_mask(word, i), []).append(word)

    def read(self, question: str) -> tuple[str, list[tuple[str, str]]]:
        """`question` with its typed-by-sound words read as library words, and the (typed, read) pairs."""
        if not self.passages:
            return question, []
        import jieba.posseg as pseg

        from assistant.text.tokens import ensure_jieba

        ensure_jieba()
        out: list[str] = []
        changes: list[tuple[str, str]] = []
        pairs = [(p.word, p.flag) for p in pseg.lcut(question)]
        i = 0
        while i < len(pairs):
            rest = "".join(w for w, _ in pairs[i:])
            noun = pairs[i][1].startswith("n") and not pairs[i][1].startswith(_NAME_TAGS)
            read = self._read_at(rest, pairs[i:]) if noun else None
            if read is None:
                out.append(pairs[i][0])
                i += 1
                continue
            typed, word = read
            out.append(word)
            changes.append((typed, word))
            taken = 0  # skip the question's words the read word covers (a word it ends inside keeps its rest)
            while taken < len(typed):
                taken += len(pairs[i][0])
                i += 1
            if taken > len(typed):
                out.append(rest[len(typed):taken])
        return "".join(out), changes

    def _read_at(self, text: str, pairs: list[tuple[str, str]]) -> tuple[str, str] | None:
        """(typed, library word) for the longest typed word at the start of `text`, or None."""
        ends: dict[int, bool] = {}  # where the question's words end, and whether an unknown word of two or more
        end, unknown = 0, False  # characters comes before (都是, 各有: two single characters, typed as meant)
        for w, _ in pairs:
            if len(w) > 1 and _known(w):
                break  # a word of the dictionary is typed as meant: no read word spans it (发展是 is no 发展史)
            end, unknown = end + len(w), unknown or len(w) > 1
            ends[end] = unknown
        first = pairs[0][0]
        for length in (4, 3, 2):
            typed = text[:length]
            inside = len(first) == length + 1 and not _known(first)  # 公宝里: 公宝, before one more character
            if len(typed) < length or not _CJK.fullmatch(typed) or not (ends.get(length) or inside):
                continue
            if typed in self.passages or _known(typed):
                continue
            if _FUNCTION.intersection(typed):
                continue  # 医是, 要议, 里用: a function word in it, typed as meant (jieba made it up into a word)
            found = [w for i in range(length)
                     for w in self._masked.get(_mask(typed, i), ()) if _readings(typed[i]) & _readings(w[i])]
            if found:
                return typed, max(found, key=lambda w: self.passages[w])
        return None


def _known(word: str) -> bool:
    """A word of jieba's dictionary (公式 is no typo of 公示, though both sound alike)."""
    import jieba

    return bool(jieba.dt.FREQ.get(word))


def _mask(word: str, i: int) -> str:
    """`word` with its i-th character blanked: the words one character apart there share it."""
    return f"{word[:i]}_{word[i + 1:]}"
