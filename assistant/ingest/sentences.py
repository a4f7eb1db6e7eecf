"""Sentences of a document with exact offsets and section paths (the chunker's sections and splitter):
the unit that glossary entries and study items cite."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from assistant.ingest.chunking import heading_level, sections
from assistant.records import SECTION_SEP, Document
from assistant.text.sentences import sentence_spans

# Clause separators inside a sentence (a figure's measure and a question's context stop at these).
CLAUSE_SEP = "，；：。！？,;:!?\n"
_TERMINAL = "。！？；!?;…"
_CLOSERS = "”’」』）)》】\"'"


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
