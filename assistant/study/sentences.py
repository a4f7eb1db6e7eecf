"""Sentences of a document with exact offsets and section paths: the unit every study item cites."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from assistant.ingest.chunking import heading_level, sections
from assistant.records import SECTION_SEP, Document
from assistant.text.sentences import sentence_spans

# Clause separators inside a sentence (a figure's measure and a question's context stop at these).
CLAUSE_SEP = "，；：。！？,;:!?\n"
_TERMINAL = "。！？；!?;…"
_CLOSERS = "”’」』）)》】\"'"
_WS = re.compile(r"\s+")


class SourceSentence(NamedTuple):
    """A cited sentence: `document.text[start:end] == sentence`."""

    sentence: str
    start: int
    end: int
    doc_id: str = ""
    section: str = ""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document, its offsets, section path and whether it reads as a heading."""

    text: str
    start: int
    end: int
    doc_id: str
    section: str
    heading: bool

    @property
    def source(self) -> SourceSentence:
        return SourceSentence(self.text, self.start, self.end, self.doc_id, self.section)

    @property
    def complete(self) -> bool:
        """Ends with terminal punctuation: a body sentence, not a title, caption or box line."""
        return self.text.rstrip(_CLOSERS)[-1:] in _TERMINAL


def doc_sentences(doc: Document) -> list[Sentence]:
    """All sentences of `doc` in order, with exact offsets (reusing the chunker's splitter)."""
    out: list[Sentence] = []
    for sec in sections(doc.text):
        path = SECTION_SEP.join(sec.path)
        for a, b in sentence_spans(doc.text, sec.start, sec.end):
            text = doc.text[a:b]
            line_start = doc.text.rfind("\n", 0, a) + 1
            line_end = doc.text.find("\n", b)
            whole_line = (
                doc.text[line_start:a].strip() == ""
                and doc.text[b : len(doc.text) if line_end < 0 else line_end].strip() == ""
            )
            heading = whole_line and "\n" not in text and heading_level(text) is not None
            out.append(Sentence(text, a, b, doc.doc_id, path, heading))
    return out


def in_section(sentence_section: str, wanted: str | None) -> bool:
    """True when no filter is given or the filter is a substring of the section path."""
    return not wanted or wanted.strip() in sentence_section


def clause_bounds(text: str, pos: int, end: int | None = None) -> tuple[int, int]:
    """The clause of `text` around [pos, end): from after the previous separator to the next one."""
    end = pos if end is None else end
    a = pos
    while a > 0 and text[a - 1] not in CLAUSE_SEP:
        a -= 1
    b = end
    while b < len(text) and text[b] not in CLAUSE_SEP:
        b += 1
    return a, b


def display(text: str) -> str:
    """Text for display: layout line breaks inside a sentence removed, runs of spaces collapsed."""
    return _WS.sub(" ", re.sub(r"\s*\n\s*", "", text)).strip()
