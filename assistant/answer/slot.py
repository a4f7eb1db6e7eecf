"""The slot a question leaves open, found in an answering sentence: for a question that asks 谁, 什么, 哪个
or 哪里, the words of the sentence that stand where the question word stands (新区的规划方案由哪两家单位联合
编制 -> 市规划院和高校团队, between 由 and 联合编制). The answerer marks that span inside the quoted sentence,
as it marks 16项 for 多少项, so that the UI and exports can highlight it.

The question's words around its question word are matched in the sentence: the longest end of the words
before it, and then the nearest stretch of the words after it, or the end of the clause when the
question word closes the question. Nothing is marked unless the words before it are found: measured on
CMRC 2018's trial set, a slot guessed from the words after it alone is rarely the answer. Kept as a few
string rules rather than a trained span reader: it needs no model at question time, and a wrong guess
only moves a highlight inside a quote that is checked anyway (evals/README.md measures it on CMRC 2018)."""

from __future__ import annotations

import re

# the question word: what the slot stands in for (longest first; 为什么 and 如何 ask for no slot)
_ASKING = re.compile(
    r"哪[一两二三四五六七八九十几]*(?:个|位|种|家|国|部|首|条|项|座|所|支|只|本|款|名|类|场|队|次|间|届|片)?"
    r"(?:国家|城市|地区|公司|人|年|月|天|里|儿)?|什么(?:人|地方|时候|样的?)?|谁|何(?:人|地|处|物|种)?")
_NO_SLOT = re.compile(r"为什么|为何|如何|怎么|怎样|是否|有没有|吗$")
_PUNCT = "，。；：、！？,;:!?（）()《》“”\"'「」 "
_GLUE = "是为由被叫称作了的在于"  # words between an anchor and the slot that belong to neither
MAX_CHARS = 30
MIN_CHARS = 2
SLOT_KINDS = ("actor", "place", "other")  # a definition's answer is its whole clause (CMRC trial: 1 in 150 exact)
MIN_ANCHOR = 2
WINDOW = 40  # how far after the slot's start the words after the question word may be found


def slot_span(question: str, text: str) -> tuple[int, int] | None:
    """Offsets in `text` of the words that fill the question's open slot; None when the question has
    no such slot (为什么, 如何), or its words around the slot are not found close together in `text`."""
    q = question.strip().rstrip("？?。！! ")
    if _NO_SLOT.search(q):
        return None
    m = _ASKING.search(q)
    if m is None:
        return None
    before, after = q[:m.start()], q[m.end():]
    start = _after_longest_end(before, text)
    if start is None:
        return None
    if after.strip("的了呢吧"):  # words follow the question word: the slot ends where they begin
        end = _first_stretch(after, text, start, start + WINDOW)
        if end is None:
            return None
    else:  # the question ends with its question word: the slot runs to the end of the clause
        end = min((i for i in (text.find(p, start) for p in _PUNCT) if i >= 0), default=len(text))
    while start < end and text[start] in _GLUE + _PUNCT:
        start += 1
    while end > start and text[end - 1] in _PUNCT + "的了":
        end -= 1
    return (start, end) if MIN_CHARS <= end - start <= MAX_CHARS else None


def _after_longest_end(before: str, text: str) -> int | None:
    """Where the longest end of `before` (at least MIN_ANCHOR characters) ends in `text`."""
    for n in range(min(len(before), 20), MIN_ANCHOR - 1, -1):
        i = text.find(before[-n:])
        if i >= 0:
            return i + n
    return None


def _first_stretch(after: str, text: str, lo: int, hi: int) -> int | None:
    """The earliest place in text(lo:hi] where a stretch of `after` (at least MIN_ANCHOR characters)
    begins, each stretch counted at its first place in text[lo:hi]: the end of the slot."""
    best: int | None = None
    for n in range(min(len(after), 20), MIN_ANCHOR - 1, -1):
        for i in range(len(after) - n + 1):
            j = text.find(after[i:i + n], lo, hi)
            if j > lo and (best is None or j < best):
                best = j
    return best
