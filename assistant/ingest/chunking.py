"""Chinese-aware chunking that keeps exact character offsets and section labels.

Order of splitting: structure first (headings such as 一、 （一） 第X部分 第X条 【…】 and short
standalone title lines; speaker turns such as 王志杰：…), then sentences (。！？；), and only a
sentence longer than the limit is cut further (at ，、： and, as a last resort, by length). A heading
line that goes on with sentences of its own (（4）原则。总结和运用……, or any law article) is body text, so
the next heading opens a section of its own; runs of short articles and items then share a chunk.
Every chunk satisfies `document.text[chunk.start:chunk.end] == chunk.text`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from assistant.records import Chunk, Document
from assistant.text.sentences import TERMINAL, sentence_spans, strip_span

CN_NUM = "一二三四五六七八九十百零〇两"  # numerals of headings and articles (also children.py)
_ARTICLE = re.compile(rf"^第[{CN_NUM}\d]+条")
# (level, pattern) — lower level = higher in the outline.
_HEADING_RULES: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^第[{CN_NUM}\d]+[部分编章篇]")),
    (1, re.compile(r"^【[^】]{1,30}】$")),
    (2, re.compile(rf"^第[{CN_NUM}\d]+节")),
    (2, re.compile(rf"^[{CN_NUM}]+、")),
    (3, _ARTICLE),  # above （一）: a law's article holds its own （一）（二） items
    (4, re.compile(rf"^[（(][{CN_NUM}]+[）)]")),
    (5, re.compile(r"^[（(]\d+[）)]")),
]
_SHORT_TITLE_LEVEL = 2
_ITEM_LEVELS = (3, 5)  # articles and numbered items: short runs of them are packed together
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+\S")
_SPEAKER_LEVEL = 9
_SPEAKER = re.compile(r"^([\u4e00-\u9fff]{2,3})：(?=\S)")
_SOFT_BREAK = re.compile(r"[，、：,:]")
_CAPTION = re.compile(r"记者|摄/|摄$|^□|^——")
LABEL_CHARS = 30


@dataclass(frozen=True)
class Section:
    """A span of the document under one section path."""

    start: int
    end: int
    path: tuple[str, ...]
    level: int = 0  # of the heading that opens it (0: text before any heading)


def make_chunk_id(doc_sha: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{doc_sha}:{start}:{end}".encode()).hexdigest()[:16]


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, stripped line) for every non-blank line, offsets of the stripped text."""
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            yield pos + lead, pos + lead + len(stripped), stripped
        pos += len(raw) + 1


def _label(line: str) -> str:
    """A short label for a heading line: up to its first full stop or comma."""
    cut = re.split(r"[。；，：:]", line.lstrip("#").strip(), maxsplit=1)[0]
    return (cut or line)[:LABEL_CHARS]  # a line such as "。0" or "#" labels itself, never ""


def _outline_level(line: str) -> int | None:
    """The level of a numbered or marked heading (一、 （一） 第X条 # …), None for any other line."""
    md = _MARKDOWN_HEADING.match(line)
    if md:
        return min(len(md.group(1)), 5)
    for level, rule in _HEADING_RULES:
        if rule.match(line):
            return level
    return None


def carries_body(line: str) -> bool:
    """A heading line that is itself a sentence or more (（4）改革的原则。总结和运用…… or （一）出租；), or a
    law's article, which is body text however short (第二条 下列行为应当登记：)."""
    return any(ch in TERMINAL for ch in line) or bool(_ARTICLE.match(line))


def heading_level(line: str) -> int | None:
    level = _outline_level(line)
    return level if level is not None else _short_title_level(line)


def _short_title_level(line: str) -> int | None:
    """The level of an unnumbered short title (政府工作报告, 一批改革项目), None for any other line."""
    if (len(line) <= 25 and line[-1] not in TERMINAL + "，、：:,“‘（(" and not _SPEAKER.match(line)
            and not _CAPTION.search(line)):
        return _SHORT_TITLE_LEVEL
    return None


def sections(text: str) -> list[Section]:
    """Split a document into sections by headings and speaker turns."""
    stack: list[tuple[int, str]] = []
    cuts: list[tuple[int, tuple[str, ...], int]] = [(0, (), 0)]
    body_since_cut = False
    for start, _end, line in _lines(text):
        outline = _outline_level(line)
        level = outline if outline is not None else _short_title_level(line)
        speaker = _SPEAKER.match(line)
        if level is None and not speaker:
            body_since_cut = True
            continue
        if (level is not None and outline is None and not body_since_cut and cuts[-1][0] > 0):
            continue  # a short title right under a heading is its subtitle: part of that heading block
        lvl, label = (level, _label(line)) if level is not None else (_SPEAKER_LEVEL, speaker.group(1))  # type: ignore[union-attr]
        while stack and stack[-1][0] >= lvl:
            stack.pop()
        stack.append((lvl, label))
        path = tuple(lab for _, lab in stack)
        if body_since_cut or cuts[-1][0] == 0:
            cuts.append((start, path, lvl))
        else:  # previous section has only headings so far: extend it instead of cutting
            cuts[-1] = (cuts[-1][0], path, cuts[-1][2])
        # A speaker line carries body text, and so does a heading that goes on past its label: after
        # either, the next heading starts a section of its own instead of joining a block of headings.
        body_since_cut = level is None or carries_body(line)
    bounds = [c[0] for c in cuts[1:]] + [len(text)]
    return [Section(s, e, p, lvl) for (s, p, lvl), e in zip(cuts, bounds, strict=True) if text[s:e].strip()]


@lru_cache(maxsize=64)
def _outline(sha: str, text: str) -> tuple[list[int], list[tuple[str, ...]]]:
    secs = sections(text)
    return [s.start for s in secs], [s.path for s in secs]


def section_at(doc: Document, offset: int) -> tuple[str, ...]:
    """The section path of the text at `offset`: a quote's own article or item, also inside a chunk that
    joins several (cached per document version)."""
    starts, paths = _outline(doc.sha256, doc.text)
    i = bisect.bisect_right(starts, offset) - 1
    return paths[i] if i >= 0 else ()


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _join(secs: list[Section], size: int, joins: Callable[[Section, Section], bool]) -> list[Section]:
    """Join each section into the one before it while `joins(previous, section)` and both fit in `size`."""
    out: list[Section] = []
    for sec in secs:
        last = out[-1] if out else None
        if last is not None and joins(last, sec) and sec.end - last.start <= size:
            out[-1] = Section(last.start, sec.end, _common(last.path, sec.path), last.level)
        else:
            out.append(sec)
    return out


def _item(level: int) -> bool:
    return _ITEM_LEVELS[0] <= level <= _ITEM_LEVELS[1]


def packed_sections(text: str, size: int) -> list[Section]:
    """Sections, with short articles and items (第X条, （一）, （1）) joined while they fit in `size`: first
    each article or item with the deeper items under it, then runs of those, so that a law's one-line
    articles are one chunk's worth together and an article is not cut from its own items. A joined run
    is labelled with the path its sections share (a quote keeps its own: `section_at`). A speaker turn or
    a part title (一、, 第X章) is never taken into a run: it starts one."""
    units = _join(sections(text), size, lambda last, sec: _item(sec.level) and sec.level > last.level)
    return _join(units, size, lambda last, sec: _item(sec.level) and last.level <= _ITEM_LEVELS[1])


def _cut_long(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence at soft punctuation, then by length."""
    pieces: list[tuple[int, int]] = []
    while b - a > limit:
        window = text[a:a + limit]
        soft = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = a + (soft[-1] if soft and soft[-1] > limit // 3 else limit)
        pieces.append((a, cut))
        a = cut
    pieces.append((a, b))
    return [s for s in (strip_span(text, x, y) for x, y in pieces) if s]


class ChineseChunker:
    """Pack whole sentences of a section into chunks of at most `size` characters, carrying the last
    sentences (up to `overlap` characters) into the next chunk."""

    def __init__(self, size: int = 350, overlap: int = 80) -> None:
        if size < 20:
            raise ValueError(f"size must be >= 20, got {size}")
        if not 0 <= overlap < size:
            raise ValueError(f"overlap must be in [0, size), got {overlap}")
        self.size = size
        self.overlap = overlap

    def split(self, doc: Document) -> list[Chunk]:
        chunks: list[Chunk] = []
        for sec in packed_sections(doc.text, self.size):
            for a, b in self._pack(doc.text, sec):
                chunks.append(Chunk(make_chunk_id(doc.sha256, a, b), doc.doc_id, doc.text[a:b], a, b, sec.path))
        return chunks

    def _pack(self, text: str, sec: Section) -> list[tuple[int, int]]:
        units: list[tuple[int, int]] = []
        for a, b in sentence_spans(text, sec.start, sec.end):
            units.extend(_cut_long(text, a, b, self.size) if b - a > self.size else [(a, b)])
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(units):
            j = i + 1
            while j < len(units) and units[j][1] - units[i][0] <= self.size:
                j += 1
            out.append((units[i][0], units[j - 1][1]))
            if j >= len(units):
                break
            k = j  # step back over trailing sentences that fit in the overlap, keeping progress
            while k - 1 > i and units[j - 1][1] - units[k - 1][0] <= self.overlap:
                k -= 1
            i = k
        return out
