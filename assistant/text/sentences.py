"""Sentence spans with exact offsets: terminal punctuation (。！？；…), a line break after a short
line (a title or caption), or a blank line."""

from __future__ import annotations

import re

from assistant.text.numerals import cn_int

TERMINAL = "。！？；!?;…"
CLOSERS = "”’」』）)》】\"'"
SENTENCE_END = re.compile(rf"[{TERMINAL}]+[{re.escape(CLOSERS)}]*")
SHORT_LINE = 30
# The stops that end a claim of an answer (a line break ends one too); one list for the answer's
# text and the claim parser, so that a quoted line ending otherwise (a heading, an intro ending in ：)
# is followed by a line break and stays its own claim with its own marker.
CLAIM_END = "。！？!?；;"
_PAIRS = (("《", "》"), ("（", "）"))  # an open pair: the sentence goes on past a line break


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end]. A line break ends a sentence only after a short line
    (a title or caption) or terminal punctuation; long lines broken by layout continue."""
    spans: list[tuple[int, int]] = []
    cur = start
    i = start
    while i < end:
        ch = text[i]
        if ch in TERMINAL:
            m = SENTENCE_END.match(text, i, end)
            j = m.end() if m else i + 1
            spans.append((cur, j))
            cur = i = j
            continue
        if ch == "\n":
            line_start = text.rfind("\n", start, i) + 1
            line = text[max(line_start, cur):i].strip()
            blank_after = text[i + 1:i + 2] == "\n" or text[i + 1:end].lstrip(" \t\u3000")[:1] == "\n"
            # a layout break inside 《…》 or （…）: 《…精\n\n神…》, （以下简\n\n称…）
            open_title = any(text.count(a, cur, i) > text.count(b, cur, i) for a, b in _PAIRS)
            # a short line or a blank line ends a sentence, unless the break cut one in two
            # (…奠定坚实基础。三是…，市委常委会直接领导\n\n《实施意见》起草工作，…)
            if line and (len(line) <= SHORT_LINE or blank_after and not open_title) \
                    and not _broken_sentence(text, line_start, cur, i, end):
                spans.append((cur, i))
                cur = i
        i += 1
    if cur < end:
        spans.append((cur, end))
    return [s for s in (strip_span(text, a, b) for a, b in spans) if s]


def _broken_sentence(text: str, line_start: int, cur: int, i: int, end: int) -> bool:
    """Does the line break at `i` (before a blank line, or after a short stretch) cut a sentence in two?
    The line ends without a stop after an earlier sentence of its own, or the sentence began on an
    earlier line (so it is no heading), and the next non-blank line is a long one, not a heading."""
    whole_line = not text[min(cur, line_start):max(cur, line_start)].strip()
    if whole_line and _wrapped_item_title(text, line_start, i):
        return True
    if whole_line or text[cur:i].rstrip().endswith(("：", ":")):
        return False  # the sentence is the whole line (a heading or a caption), or an intro to what follows
    rest = text[i:end].lstrip()
    next_line = rest.split("\n", 1)[0].strip()
    return len(next_line) > SHORT_LINE


_ITEM_TITLE = re.compile(r"^[ \t\u3000]*[（(]([一二三四五六七八九十]{1,3})[）)][^\n]*", re.MULTILINE)


def _wrapped_item_title(text: str, line_start: int, i: int) -> bool:
    """Is the line text[line_start:i] a numbered title (（二）坚持不懈用) cut by layout: no stop, where the
    title numbered just before it ends its first sentence with one (（一）坚持和加强党中央集中统一领导。…),
    and the next line is no title of its own? Its sentence goes on to the next line's stop
    (新时代…思想凝心铸魂。)."""
    line = _ITEM_TITLE.match(text[line_start:i])
    if line is None or any(ch in TERMINAL for ch in line.group(0)) or not re.search(r"\w$", line.group(0).rstrip()):
        return False  # a stop, or a closing colon or comma (（四）身份证明材料：): no cut title
    if _ITEM_TITLE.match(text[i:].lstrip().split("\n", 1)[0]):
        return False  # a list of titles without stops (（一）国有企业 （二）集体企业)
    before = [m for m in _ITEM_TITLE.finditer(text, 0, line_start)][-1:]
    return bool(before) and cn_int(before[0].group(1)) == (cn_int(line.group(1)) or 0) - 1 \
        and any(ch in TERMINAL for ch in before[0].group(0))


def strip_span(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None
