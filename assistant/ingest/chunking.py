"""Chinese-aware chunking that keeps exact character offsets and section labels.

Order of splitting: structure first (headings such as 一、 （一） 第X部分 第X条 【…】 and short
standalone title lines; speaker turns such as 王志杰：…), then sentences (。！？；), and only a
sentence longer than the limit is cut further (at ，、： and, as a last resort, by length).
Every chunk satisfies `document.text[chunk.start:chunk.end] == chunk.text`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.records import Chunk, Document
from assistant.text.sentences import TERMINAL, sentence_spans, strip_span

CN_NUM = "一二三四五六七八九十百零〇两"  # numerals of headings and articles (also children.py)
# (level, pattern) — lower level = higher in the outline.
_HEADING_RULES: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^第[{CN_NUM}\d]+[部分编章篇]")),
    (1, re.compile(r"^【[^】]{1,30}】$")),
    (2, re.compile(rf"^[{CN_NUM}]+、")),
    (3, re.compile(rf"^[（(][{CN_NUM}]+[）)]")),
    (4, re.compile(r"^[（(]\d+[）)]")),
    (5, re.compile(rf"^第[{CN_NUM}\d]+条")),
]
_SHORT_TITLE_LEVEL = 2
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


def heading_level(line: str) -> int | None:
    md = _MARKDOWN_HEADING.match(line)
    if md:
        return min(len(md.group(1)), 5)
    for level, rule in _HEADING_RULES:
        if rule.match(line):
            return level
    if (len(line) <= 25 and line[-1] not in TERMINAL + "，、：:,“‘（(" and not _SPEAKER.match(line)
            and not _CAPTION.search(line)):
        return _SHORT_TITLE_LEVEL
    return None


def sections(text: str) -> list[Section]:
    """Split a document into sections by headings and speaker turns."""
    stack: list[tuple[int, str]] = []
    cuts: list[tuple[int, tuple[str, ...]]] = [(0, ())]
    body_since_cut = False
    for start, _end, line in _lines(text):
        level = heading_level(line)
        speaker = _SPEAKER.match(line)
        if level is None and not speaker:
            body_since_cut = True
            continue
        if level is not None and level == _SHORT_TITLE_LEVEL and not body_since_cut and cuts[-1][0] > 0:
            continue  # a subtitle right under a heading: part of that heading block
        lvl, label = (level, _label(line)) if level is not None else (_SPEAKER_LEVEL, speaker.group(1))  # type: ignore[union-attr]
        while stack and stack[-1][0] >= lvl:
            stack.pop()
        stack.append((lvl, label))
        path = tuple(lab for _, lab in stack)
        if body_since_cut or cuts[-1][0] == 0:
            cuts.append((start, path))
        else:  # previous section has only headings so far: extend it instead of cutting
            cuts[-1] = (cuts[-1][0], path)
        body_since_cut = level is None  # a speaker line carries body text
    bounds = [c[0] for c in cuts[1:]] + [len(text)]
    out = [Section(s, e, p) for (s, p), e in zip(cuts, bounds, strict=True) if text[s:e].strip()]
    return out


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
        for sec in sections(doc.text):
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
