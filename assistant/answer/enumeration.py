"""How a policy document enumerates, read from its sentences: list markers (一是, （一）, 第一, 1., ——,
首先…最后), the items of one enumeration (found by walking the document's sentences, so a list crosses
chunk boundaries), headings and item titles. Pure functions over a document's text and sentence spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.question import CN_NUM
from assistant.index.sentence_store import document_spans
from assistant.records import Document
from assistant.text.normalize import norm
from assistant.text.numerals import cn_int

MARKERS = (  # enumeration families: (name, pattern capturing the item number)
    ("shi", re.compile(rf"^(?:[^，。：:]{{0,8}}[：:])?([{CN_NUM}]+)是")),
    ("paren", re.compile(rf"^[（(]([{CN_NUM}]+)[）)]")),
    ("seq", re.compile(rf"^第([{CN_NUM}]+)(?:个方面|方面|个|项|条|点)?[，,、：:是]")),  # 第三(个方面)是 continues 首先…其次…
    ("arabic_paren", re.compile(r"^[（(](\d{1,2})[）)]")),
    ("arabic", re.compile(r"^(\d{1,2})[.、．](?!\d)")),
    ("cn_comma", re.compile(rf"^([{CN_NUM}]+)、")),
)
INTRO_END = re.compile(r"^[^。；;]*?[：:](?=\S)")  # an intro ending in a colon, with text after it
TOP_LEVEL = "cn_comma"  # 一、 heads a document's top-level parts (公文: 一、 > （一） > 1. > （1）); no item holds them
_SEQUENCE = {"首先": 1, "其次": 2, "再次": 3, "最后": 0}  # 0: the last item, whatever its number
DASH = -1  # the "number" of an item opened by a dash (——): unnumbered, one paragraph after another
DASH_LEAD = re.compile(r"^[—─]+\s*")
_TERMINAL = re.compile(r"[。！？；!?;]$")
ITEM_REACH = 3000  # characters searched back for an item's first sibling, or either way for its neighbours


def marker(text: str) -> tuple[str, int] | None:
    """The enumeration marker a sentence starts with: (family, item number)."""
    t = text.strip()
    if DASH_LEAD.match(t) and len(DASH_LEAD.sub("", t)) > 2:
        return ("dash", DASH)  # ——必须坚持人民至上。 an unnumbered item
    for word, n in _SEQUENCE.items():
        if t.startswith(word):
            return ("seq", n)
    for name, pattern in MARKERS:
        m = pattern.match(t)
        if m:
            value = cn_int(m.group(1))
            if value:
                return (name, value)
    return None


def item_marker(text: str) -> tuple[str, int] | None:
    """The marker of a list item, including item 1 opened after an intro in the same sentence
    (…重点把握以下几点：一是…), which `marker` does not count (it is no heading or bare item)."""
    found = marker(text)
    if found is not None:
        return found
    intro = INTRO_END.search(text.strip())
    first = marker(text.strip()[intro.end():]) if intro is not None else None
    return first if first is not None and first[1] == 1 else None


def is_heading(text: str, first: bool = True) -> bool:
    """A title line: no closing punctuation, or short and opening its paragraph (a clause closed by ；
    is part of a sentence; a short sentence closing a paragraph, 建立轻微犯罪记录封存制度。, is not)."""
    t = text.strip()
    return not _TERMINAL.search(t) or (first and len(t) < 15 and not t.endswith(("；", ";")))


ITEM_TITLE_CHARS = 30  # 四是近期拟出台惠民强企政策清单。 is 16


def item_title(text: str) -> bool:
    """An enumeration item that only names its item (四是近期拟出台惠民强企政策清单。): one short clause
    after the marker. Like a heading, it answers a list question, not a question about the item."""
    t = norm(text).strip()
    return marker(t) is not None and len(t) <= ITEM_TITLE_CHARS and not re.search(r"[，,；;：:]", t)


def doc_sentences(doc: Document) -> tuple[tuple[int, int], ...]:
    """Every sentence span of a document (cached per document version, shared with the index's sentences)."""
    return document_spans(doc)


def sentence_index(spans: tuple[tuple[int, int], ...], start: int) -> int:
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][0] < start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def item_span(text: str) -> tuple[int, int] | None:
    """The name of a list item: after its marker, up to the first comma or full stop."""
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    intro = INTRO_END.search(body)
    if intro is not None and not any(p.match(body) for _n, p in MARKERS) and marker(body[intro.end():]) is not None:
        lead, body = lead + intro.end(), body[intro.end():]  # 以下几点：一是…: the item after the intro
    for _name, pattern in (*MARKERS, ("dash", DASH_LEAD)):
        m = pattern.match(body)
        if m:
            rest = body[m.end():]
            stop = re.search(r"[，。；：,;:]", rest)
            start = lead + m.end()
            end = start + (stop.start() if stop else len(rest))
            return (start, end) if end > start else None
    return None


def previous_in_block(text: str, spans: tuple[tuple[int, int], ...], j: int) -> tuple[str, bool]:
    """The sentence before spans[j] when it is in the same block (no blank line between), and
    whether spans[j] starts its paragraph."""
    if j <= 0:
        return "", True
    a, b = spans[j - 1]
    gap = text[b:spans[j][0]]
    first = "\n" in gap
    return ("" if "\n\n" in gap.replace(" ", "") and not is_heading(text[a:b]) else text[a:b]), first


def first_item(doc: Document, spans: Sequence[tuple[int, int]], j: int, family: str) -> int | None:
    """Sentence index of item 1 of the enumeration (marker `family`) that sentence j is an item of;
    for dash items, the first of the paragraphs opened by a dash that run up to j."""
    k, first = j, None
    while k >= 0 and spans[j][0] - spans[k][0] < ITEM_REACH:
        m = item_marker(norm(doc.text[slice(*spans[k])]))
        if family == "dash":
            if m == ("dash", DASH):
                first = k
            elif opens_paragraph(doc.text, spans, k):
                return first
        elif m == (family, 1):
            return k
        k -= 1
    return first if family == "dash" else None


def neighbour_items(doc: Document, spans: Sequence[tuple[int, int]], j: int, family: str) -> list[int]:
    """Sentence indexes of the items of marker `family` nearest before and after sentence j (within
    ITEM_REACH characters): the siblings of item j, wherever its enumeration starts."""
    out: list[int] = []
    for step in (-1, 1):
        k = j + step
        while 0 <= k < len(spans) and abs(spans[k][0] - spans[j][0]) < ITEM_REACH:
            m = marker(norm(doc.text[slice(*spans[k])]))
            if m is not None and m[0] == family:
                out.append(k)
                break
            k += step
    return sorted(out)


def opens_paragraph(text: str, spans: Sequence[tuple[int, int]], k: int) -> bool:
    return k == 0 or "\n" in text[spans[k - 1][1]:spans[k][0]]


def paragraph_start(text: str, spans: Sequence[tuple[int, int]], j: int) -> int:
    """The index of the sentence opening the paragraph sentence j belongs to (j itself when it opens one)."""
    return next(k for k in range(j, -1, -1) if opens_paragraph(text, spans, k))


def rest_of_paragraph(text: str, spans: Sequence[tuple[int, int]], j: int) -> list[int]:
    """Indexes of the sentences after sentence j in its paragraph (up to the next one opening a paragraph)."""
    end = next((k for k in range(j + 1, len(spans)) if opens_paragraph(text, spans, k)), len(spans))
    return list(range(j + 1, end))


def _ends_in_semicolon(text: str, spans: Sequence[tuple[int, int]], k: int) -> bool:
    """Does sentence k end in ；, where the splitter cuts a sentence into clauses?"""
    return norm(text[slice(*spans[k])]).strip().endswith(("；", ";"))


def rest_of_sentence(text: str, spans: Sequence[tuple[int, int]], j: int) -> list[int]:
    """Indexes of the clauses after sentence j that complete its sentence when it ends in ； (the splitter
    cuts there): each next one in its paragraph while the one before ends in ；, up to the one closing it."""
    out: list[int] = []
    for k in rest_of_paragraph(text, spans, j):
        if not _ends_in_semicolon(text, spans, out[-1] if out else j):
            break
        out.append(k)
    return out


def start_of_sentence(text: str, spans: Sequence[tuple[int, int]], j: int) -> int:
    """Index of the first clause of the sentence that clause j belongs to (the mirror of `rest_of_sentence`):
    back through its paragraph while the clause before ends in ；."""
    first = j
    while first > 0 and not opens_paragraph(text, spans, first) and _ends_in_semicolon(text, spans, first - 1):
        first -= 1
    return first


def items_from(doc: Document, spans: Sequence[tuple[int, int]], first: int) -> list[int]:
    """Sentence indexes of an enumeration's items: its first item at `first` (item 1, or the first of a
    section's items where the numbering runs on), then each next item of the same marker style (二是,
    （三）…) within 1,500 characters of the last, up to a closing item (最后)."""
    opening = item_marker(norm(doc.text[slice(*spans[first])]))
    assert opening is not None
    items = [first]
    expected = opening[1] + 1 if opening[1] >= 1 else 2  # （57）… continues a numbering that ran across sections
    for k in range(first + 1, len(spans)):
        if spans[k][0] - spans[items[-1]][0] > 1500:
            break
        m = marker(norm(doc.text[slice(*spans[k])]))
        if opening[0] == "dash":  # dash items: each paragraph opened by a dash, up to one that is not
            if m == opening:
                items.append(k)
            elif opens_paragraph(doc.text, spans, k):
                break
            continue
        if m is None or m[0] != opening[0]:
            continue
        if m[1] not in (expected, 0):
            break
        items.append(k)
        expected += 1
        if m[1] == 0:
            break
    return items


SECTION_REACH = 8000  # characters of a section (a heading or an item and what it holds) searched for its items


def section_items(doc: Document, spans: Sequence[tuple[int, int]], j: int) -> list[int]:
    """Sentence indexes of what the section or item opened by sentence j lists, up to its next sibling
    (the next paragraph opened by j's own marker style) or SECTION_REACH characters on: the first
    enumeration of another marker style that opens a paragraph there, kept within the section whatever
    number it starts from (the 决定 numbers its paragraphs (1)…(60) across its sections); else the
    section's paragraphs opened by a short title sentence (积极推进新型城镇化。), when there are two or more."""
    own = marker(norm(doc.text[slice(*spans[j])]))

    def sibling(k: int) -> bool:  # the next paragraph opened by j's marker style, or by a title line when j has none
        if not opens_paragraph(doc.text, spans, k):
            return False
        t = doc.text[slice(*spans[k])]
        m = marker(norm(t))
        if own is None:
            return m is None and is_heading(t, False)
        return m is not None and (m[0] == own[0] or m[0] == TOP_LEVEL)  # 二、 closes the 第四， before it
    end = next((k for k in range(j + 1, len(spans)) if sibling(k)), len(spans))
    reach = next((k for k in range(j + 1, end) if spans[k][0] - spans[j][0] > SECTION_REACH), end)
    family = own[0] if own else None
    for k in range(j + 1, reach):
        m = item_marker(norm(doc.text[slice(*spans[k])]))
        if m is not None and m[0] != family and (m[1] in (1, DASH) or opens_paragraph(doc.text, spans, k)):
            items = [i for i in items_from(doc, spans, k) if i < end]
            if len(items) >= 2:
                return items
            break
    titles = [k for k in range(j + 1, reach)
              if opens_paragraph(doc.text, spans, k) and title_sentence(doc.text[slice(*spans[k])])]
    return titles if len(titles) >= 2 else []


def section_start(doc: Document, spans: Sequence[tuple[int, int]], k: int) -> bool:
    """Does sentence k open a paragraph with a top-level marker (二、关于决定稿起草过程), which ends every
    item of another style before it?"""
    m = marker(norm(doc.text[slice(*spans[k])]))
    return m is not None and m[0] == TOP_LEVEL and opens_paragraph(doc.text, spans, k)


def title_sentence(text: str) -> bool:
    """A short sentence of one clause that titles its paragraph (积极推进新型城镇化。)."""
    t = norm(text).strip()
    return marker(t) is None and len(t) <= ITEM_TITLE_CHARS and bool(_TERMINAL.search(t)) \
        and not re.search(r"[，,；;：:、]", t)
